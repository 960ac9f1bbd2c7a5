/**
 * The Lambda entry end to end: `handler` builds its service from the environment (env.ts
 * contract) exactly as on Lambda, against real PostgreSQL, Redis and s3rver.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { handler } from "./lambda";
import { getService } from "./service";
import { auditRowsOf, engineWith, newService, objectsWith, seedSubject, snapshot, startServers, subjectRows, withoutSubject, type Servers } from "./testing/fixtures";
import { validateRequest } from "./core/request";
import { S3RVER_CREDENTIALS } from "../../tests/support/s3";

let servers: Servers;
const savedEnv = { ...process.env };
const logged: string[] = [];

beforeAll(async () => {
  servers = await startServers();
  // The default AWS credential chain reads these, as it reads the role's credentials on Lambda.
  Object.assign(process.env, servers.env, { AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey });
  // Capture the handler's structured logs (and keep the test output quiet).
  jest.spyOn(console, "log").mockImplementation((line: string) => void logged.push(String(line)));
  jest.spyOn(console, "error").mockImplementation((line: string) => void logged.push(String(line)));
}, 90_000);

afterAll(async () => {
  await (await getService().catch(() => undefined))?.close();
  process.env = savedEnv;
  await servers?.stop();
});

const OFFICER = { iam: { userArn: "arn:aws:iam::123456789012:role/privacy-officer" } };

/** `authorizer: null` = a route without an authorizer. */
function http(method: string, path: string, body?: unknown, authorizer: unknown = OFFICER): APIGatewayProxyEventV2 {
  return {
    version: "2.0",
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: "",
    headers: { "content-type": "application/json" },
    requestContext: {
      accountId: "123456789012",
      apiId: "api",
      domainName: "api.example.org",
      domainPrefix: "api",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "jest" },
      requestId: "rid",
      routeKey: `${method} ${path}`,
      stage: "$default",
      time: "",
      timeEpoch: 0,
      ...(authorizer === null ? {} : { authorizer }),
    } as APIGatewayProxyEventV2["requestContext"],
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    isBase64Encoded: false,
  };
}

function sqsRecord(messageId: string, body: string, queueArn: string): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body,
    attributes: { ApproximateReceiveCount: "1", SentTimestamp: "0", SenderId: "s", ApproximateFirstReceiveTimestamp: "0" },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: queueArn,
    awsRegion: "us-east-1",
  };
}

async function call(event: APIGatewayProxyEventV2): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = (await handler(event)) as APIGatewayProxyStructuredResultV2;
  return { status: res.statusCode ?? 0, body: JSON.parse(res.body ?? "{}") as Record<string, unknown> };
}

describe("API Gateway HTTP API", () => {
  it("exports over POST, records the authenticated caller, and serves the status route", async () => {
    const s = await seedSubject(servers, "api-alice");
    const res = await call(http("POST", "/data-subject-requests", { requestId: "api-export-0001", subjectId: s.subjectId, type: "export", basis: "gdpr-art20" }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ requestId: "api-export-0001", type: "export", basis: "gdpr-art20", replayed: false });
    expect(res.body.exportLocation).toMatch(/^s3:\/\/nca-exports\/dsr-exports\/api-alice\/api-export-0001\/bundle\.json$/);

    const status = await call(http("GET", "/data-subject-requests/api-export-0001"));
    expect(status.status).toBe(200);
    expect(status.body.audit).toEqual([expect.objectContaining({ status: "completed", requestedBy: "iam:arn:aws:iam::123456789012:role/privacy-officer" })]);
    expect((await call(http("GET", "/data-subject-requests/never-seen-0001"))).status).toBe(404);
  });

  it("maps bad input to 400, a reused request id to 409, a missing authorizer to 401", async () => {
    const s = await seedSubject(servers, "api-bob");
    const before = await snapshot(servers);
    const bad = await call(http("POST", "/data-subject-requests", { requestId: "short", subjectId: "a/b", type: "delete" }));
    expect(bad.status).toBe(400);
    expect((bad.body.problems as string[]).length).toBe(3);
    expect((await call(http("POST", "/data-subject-requests", "{not json"))).status).toBe(400);
    expect((await call(http("POST", "/data-subject-requests", { requestId: "api-export-0001", subjectId: s.subjectId, type: "erase" }))).status).toBe(409);
    expect((await call(http("POST", "/data-subject-requests", { requestId: "api-erase-0002", subjectId: s.subjectId, type: "erase" }, null))).status).toBe(401);
    expect((await call(http("DELETE", "/data-subject-requests"))).status).toBe(405);
    expect((await call(http("POST", "/elsewhere", {}))).status).toBe(404);
    expect(await snapshot(servers)).toEqual(before);
  });
});

describe("SQS", () => {
  it("processes a batch and reports only the failed message (partial batch response)", async () => {
    const a = await seedSubject(servers, "sqs-carol");
    const b = await seedSubject(servers, "sqs-dave");
    const queue = "arn:aws:sqs:us-east-1:123456789012:neuroca-dsr";
    const event: SQSEvent = {
      Records: [
        sqsRecord("m1", JSON.stringify({ requestId: "sqs-erase-0001", subjectId: a.subjectId, type: "erase", basis: "ccpa-delete" }), queue),
        sqsRecord("m2", "{ not json", queue),
        sqsRecord("m3", JSON.stringify({ requestId: "sqs-erase-0002", subjectId: b.subjectId, type: "erase" }), queue),
      ],
    };
    const res = (await handler(event)) as SQSBatchResponse;
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: "m2" }]);
    expect(Object.values(await subjectRows(servers, a.subjectId)).flat()).toHaveLength(0);
    expect(Object.values(await subjectRows(servers, b.subjectId)).flat()).toHaveLength(0);
    const audit = await servers.admin.query("SELECT status, requested_by, basis FROM neuroca.dsr_audit WHERE request_id = 'sqs-erase-0001' ORDER BY id");
    expect(audit.rows).toEqual([
      { status: "erasing", requested_by: `sqs:${queue}`, basis: "ccpa-delete" },
      { status: "completed", requested_by: `sqs:${queue}`, basis: "ccpa-delete" },
    ]);
    // Logs correlate by request/message id and never carry the subject's data.
    expect(logged.some((l) => l.includes('"requestId":"sqs-erase-0001"'))).toBe(true);
    expect(logged.filter((l) => l.includes("sqs-carol") || l.includes("example.org"))).toEqual([]);
    // Redelivery of the same message is a no-op.
    expect(((await handler({ Records: [event.Records[0]] })) as SQSBatchResponse).batchItemFailures).toEqual([]);
    expect(await auditRowsOf(servers, "sqs-erase-0001")).toHaveLength(2);
  });

  it("on a FIFO queue, messages after a failure are not processed (ordering is kept)", async () => {
    const e = await seedSubject(servers, "sqs-erin");
    const fifo = "arn:aws:sqs:us-east-1:123456789012:neuroca-dsr.fifo";
    const res = (await handler({
      Records: [sqsRecord("f1", JSON.stringify({ requestId: "x", subjectId: e.subjectId, type: "erase" }), fifo), sqsRecord("f2", JSON.stringify({ requestId: "fifo-erase-0001", subjectId: e.subjectId, type: "erase" }), fifo)],
    })) as SQSBatchResponse;
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: "f1" }, { itemIdentifier: "f2" }]);
    expect((await subjectRows(servers, e.subjectId)).profiles).toHaveLength(1);
  });
});

describe("sweeper", () => {
  it("erasures left pending by failed attempts are finished by later invocations (bounded) and by a scheduled event", async () => {
    // Three erasures fail after the PostgreSQL commit (S3 down) and are never retried.
    const side = newService(servers);
    const s3Down = objectsWith(side.s3, () => {
      throw new Error("injected: S3 unavailable");
    });
    const subjects = [await seedSubject(servers, "sweep-ana"), await seedSubject(servers, "sweep-ben"), await seedSubject(servers, "sweep-cid")];
    const bystander = await seedSubject(servers, "sweep-dee");
    const before = await snapshot(servers);
    const ids = subjects.map((_, i) => `sweep-erase-000${i + 1}`);
    for (const [i, s] of subjects.entries()) {
      await expect(engineWith(servers, side, { objects: s3Down }).process(validateRequest({ requestId: ids[i], subjectId: s.subjectId, type: "erase" }, "test"))).rejects.toThrow("injected");
    }
    await side.service.close();
    const statuses = async (): Promise<string[][]> => Promise.all(ids.map(async (id) => (await auditRowsOf(servers, id)).map((r) => r.status)));
    expect(await statuses()).toEqual(ids.map(() => ["erasing", "failed"]));

    // Any invocation (here: a status read) ends with a sweep of up to SWEEP.perInvocation (2), oldest first.
    const status = await call(http("GET", `/data-subject-requests/${ids[0]}`));
    expect((status.body.audit as { status: string }[]).map((r) => r.status)).toEqual(["erasing", "failed"]); // answered before the sweep
    expect(await statuses()).toEqual([
      ["erasing", "failed", "completed"],
      ["erasing", "failed", "completed"],
      ["erasing", "failed"],
    ]);

    // A scheduled invocation only sweeps: the last one.
    const scheduled = { version: "0", id: "e", "detail-type": "Scheduled Event" as const, source: "aws.events", account: "1", time: "", region: "us-east-1", resources: [], detail: {} };
    expect(await handler(scheduled)).toEqual({ sweep: { pending: 1, completed: 1, busy: 0, failed: 0 } });
    expect(await statuses()).toEqual(ids.map(() => ["erasing", "failed", "completed"]));
    let expected = before;
    for (const s of subjects) expected = withoutSubject(expected, s);
    expect(await snapshot(servers)).toEqual(expected);
    expect((await subjectRows(servers, bystander.subjectId)).profiles).toHaveLength(1);
  });
});
