/**
 * Credential helpers: secret parsing, the Secrets Manager call's wire shape (against a local HTTP
 * endpoint that checks what AWS checks first: target, content type, SigV4 authorization header
 * scope), and the RDS IAM token shape.
 */
import * as http from "http";
import type { AddressInfo } from "net";
import { getSecretString, parseDbSecret, parseRedisToken, rdsAuthToken } from "./adapters/secrets";

const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "session-token" };

describe("secret parsing", () => {
  it("reads the RDS-managed master secret shape", () => {
    expect(parseDbSecret('{"username":"neuroca","password":"p@ss","engine":"postgres"}')).toEqual({ username: "neuroca", password: "p@ss" });
    expect(() => parseDbSecret('{"username":"neuroca"}')).toThrow(/username and password/);
    expect(() => parseDbSecret("not json")).toThrow(/not JSON/);
  });

  it("reads a Redis AUTH token as a plain string or JSON", () => {
    expect(parseRedisToken("  tok-123 \n")).toBe("tok-123");
    expect(parseRedisToken('{"token":"tok-456"}')).toBe("tok-456");
    expect(parseRedisToken('{"password":"tok-789"}')).toBe("tok-789");
    expect(() => parseRedisToken('{"user":"x"}')).toThrow();
    expect(() => parseRedisToken("")).toThrow();
  });
});

describe("getSecretString", () => {
  let server: http.Server;
  let endpoint: string;
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        const id = (JSON.parse(body) as { SecretId: string }).SecretId;
        if (id === "missing") {
          res.writeHead(400, { "content-type": "application/x-amz-json-1.1" });
          res.end(JSON.stringify({ __type: "ResourceNotFoundException", message: "no" }));
          return;
        }
        res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
        res.end(JSON.stringify({ ARN: id, SecretString: '{"username":"u","password":"p"}' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it("sends a SigV4-signed GetSecretValue and returns SecretString", async () => {
    const value = await getSecretString("arn:aws:secretsmanager:eu-west-1:1:secret:db", "eu-west-1", { credentials, endpoint });
    expect(parseDbSecret(value)).toEqual({ username: "u", password: "p" });
    const { headers, body } = received[received.length - 1];
    expect(JSON.parse(body)).toEqual({ SecretId: "arn:aws:secretsmanager:eu-west-1:1:secret:db" });
    expect(headers["x-amz-target"]).toBe("secretsmanager.GetSecretValue");
    expect(headers["content-type"]).toBe("application/x-amz-json-1.1");
    expect(headers["x-amz-security-token"]).toBe("session-token");
    expect(headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/secretsmanager\/aws4_request, SignedHeaders=[a-z0-9;-]*x-amz-target[a-z0-9;-]*, Signature=[0-9a-f]{64}$/);
  });

  it("reports the AWS error type, never a value", async () => {
    await expect(getSecretString("missing", "eu-west-1", { credentials, endpoint })).rejects.toThrow("HTTP 400 ResourceNotFoundException");
  });
});

describe("rdsAuthToken", () => {
  it("is a presigned rds-db connect URL without scheme, valid 15 minutes", async () => {
    const token = await rdsAuthToken({ host: "db.abc.eu-west-1.rds.amazonaws.com", port: 5432, user: "dsr_handler", region: "eu-west-1" }, { credentials });
    expect(token.startsWith("db.abc.eu-west-1.rds.amazonaws.com:5432/?")).toBe(true);
    const query = new URLSearchParams(token.split("?")[1]);
    expect(query.get("Action")).toBe("connect");
    expect(query.get("DBUser")).toBe("dsr_handler");
    expect(query.get("X-Amz-Algorithm")).toBe("AWS4-HMAC-SHA256");
    expect(query.get("X-Amz-Expires")).toBe("900");
    expect(query.get("X-Amz-Credential")).toMatch(/^AKIDEXAMPLE\/\d{8}\/eu-west-1\/rds-db\/aws4_request$/);
    expect(query.get("X-Amz-Signature")).toMatch(/^[0-9a-f]{64}$/);
  });
});
