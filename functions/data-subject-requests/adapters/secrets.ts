/**
 * Credentials for the stores: Secrets Manager GetSecretValue and RDS IAM auth tokens, both signed
 * with the AWS SDK's own SigV4 signer (@smithy/signature-v4) and credential chain
 * (@aws-sdk/credential-provider-node). Secret values are never logged.
 *
 * Why not @aws-sdk/client-secrets-manager / @aws-sdk/rds-signer: they are not dependencies of
 * this project yet; the signer and credential chain are (through @aws-sdk/client-s3). Swapping to
 * the dedicated clients changes only this file.
 */
import { createHash, createHmac, type Hash as NodeHash, type Hmac } from "crypto";
import { request as httpsRequest } from "https";
import { request as httpRequest } from "http";
import { SignatureV4 } from "@smithy/signature-v4";
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Checksum, SourceData } from "@smithy/types";

/** SHA-256 / HMAC-SHA-256 over node:crypto in the shape the signer expects. */
class Sha256 implements Checksum {
  private hash: NodeHash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", toBuffer(secret));
  }
  update(data: Uint8Array | string): void {
    this.hash.update(typeof data === "string" ? Buffer.from(data, "utf8") : data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.secret === undefined ? createHash("sha256") : createHmac("sha256", toBuffer(this.secret));
  }
}

function toBuffer(data: SourceData): Buffer {
  if (typeof data === "string") return Buffer.from(data, "utf8");
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

export interface SignerOptions {
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Endpoint override, e.g. "http://127.0.0.1:4566" (tests); default https://secretsmanager.<region>.amazonaws.com. */
  readonly endpoint?: string;
}

function credentialsOf(options: SignerOptions): AwsCredentialIdentity | AwsCredentialIdentityProvider {
  return options.credentials ?? defaultProvider();
}

/** Secrets Manager GetSecretValue -> SecretString. */
export async function getSecretString(secretId: string, region: string, options: SignerOptions = {}): Promise<string> {
  if (secretId === "") throw new Error("getSecretString: empty secret id");
  const endpoint = new URL(options.endpoint ?? `https://secretsmanager.${region}.amazonaws.com`);
  const body = JSON.stringify({ SecretId: secretId });
  const signer = new SignatureV4({ service: "secretsmanager", region, credentials: credentialsOf(options), sha256: Sha256 });
  const signed = await signer.sign({
    method: "POST",
    protocol: endpoint.protocol,
    hostname: endpoint.hostname,
    port: endpoint.port === "" ? undefined : Number(endpoint.port),
    path: "/",
    headers: {
      host: endpoint.host,
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": "secretsmanager.GetSecretValue",
    },
    body,
  });
  const response = await send(endpoint, signed.headers, body);
  if (response.status !== 200) {
    // The error body names the error type (e.g. AccessDeniedException), never the secret value.
    throw new Error(`Secrets Manager GetSecretValue failed: HTTP ${response.status} ${errorType(response.body)}`);
  }
  const parsed = JSON.parse(response.body) as { SecretString?: unknown };
  if (typeof parsed.SecretString !== "string") throw new Error("Secrets Manager: secret has no SecretString (binary secrets are not supported)");
  return parsed.SecretString;
}

function errorType(body: string): string {
  try {
    const parsed = JSON.parse(body) as { __type?: unknown };
    return typeof parsed.__type === "string" ? parsed.__type : "";
  } catch {
    return "";
  }
}

function send(url: URL, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  const request = url.protocol === "http:" ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      { method: "POST", hostname: url.hostname, port: url.port || undefined, path: "/", headers: { ...headers, "content-length": Buffer.byteLength(body) }, timeout: 5000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("Secrets Manager request timed out")));
    req.on("error", reject);
    req.end(body);
  });
}

/** The RDS-managed master secret (and most RDS secrets) are JSON {"username","password",...}. */
export function parseDbSecret(secretString: string): { username: string; password: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    throw new Error("DB secret is not JSON (expected {\"username\",\"password\"})");
  }
  const p = parsed as { username?: unknown; password?: unknown };
  if (typeof p.username !== "string" || typeof p.password !== "string" || p.username === "" || p.password === "") {
    throw new Error("DB secret must have non-empty string fields username and password");
  }
  return { username: p.username, password: p.password };
}

/** ElastiCache AUTH token: a plain string, or JSON with "token" / "password" / "authToken". */
export function parseRedisToken(secretString: string): string {
  const trimmed = secretString.trim();
  if (trimmed.startsWith("{")) {
    const p = JSON.parse(trimmed) as Record<string, unknown>;
    for (const field of ["token", "authToken", "password"]) {
      const v = p[field];
      if (typeof v === "string" && v !== "") return v;
    }
    throw new Error("Redis auth secret JSON has no token/authToken/password field");
  }
  if (trimmed === "") throw new Error("Redis auth secret is empty");
  return trimmed;
}

/**
 * RDS IAM database authentication token: a SigV4-presigned "connect" URL without its scheme,
 * valid 15 minutes (what @aws-sdk/rds-signer produces).
 */
export async function rdsAuthToken(args: { host: string; port: number; user: string; region: string }, options: SignerOptions = {}): Promise<string> {
  const signer = new SignatureV4({ service: "rds-db", region: args.region, credentials: credentialsOf(options), sha256: Sha256 });
  const presigned = await signer.presign(
    {
      method: "GET",
      protocol: "https:",
      hostname: args.host,
      port: args.port,
      path: "/",
      query: { Action: "connect", DBUser: args.user },
      headers: { host: `${args.host}:${args.port}` },
    },
    { expiresIn: 900 },
  );
  const query = Object.entries(presigned.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join("&");
  return `${args.host}:${args.port}/?${query}`;
}
