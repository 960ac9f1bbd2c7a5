/**
 * Unit tests of the Lambda entry's event routing and response mapping, over a stub service
 * (the service itself is tested on real stores in *.integration.test.ts).
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, ScheduledEvent, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { createHandler, handler, httpCaller, isHttpEvent, isScheduledEvent, isSqsEvent } from "./lambda";
import { SWEEP } from "./env";
import type { DsrService } from "./service";
import type { DataSubjectRequest } from "./core/request";
import type { DsrOutcome } from "./core/audit";

beforeAll(() => {
  jest.spyOn(console, "log").mockImplementation(() => undefined);
  jest.spyOn(console, "error").mockImplementation(() => undefined);
});

function stubService(seen: DataSubjectRequest[], sweeps: number[] = [], sweepFails = false): () => Promise<DsrService> {
  const service: DsrService = {
    process: async (r) => {
      seen.push(r);
      return { requestId: r.requestId, subjectId: r.subjectId, type: r.type, basis: r.basis, status: "completed", counts: { postgres: {}, redisKeys: 0, s3Objects: 0, exportObjects: 0 }, startedAt: "", completedAt: "", replayed: false } satisfies DsrOutcome;
    },
    status: async () => [],
    resumePending: async (limit) => {
      sweeps.push(limit);
      if (sweepFails) throw new Error("database unavailable");
      return { pending: 1, completed: 1, busy: 0, failed: 0 };
    },
    close: async () => undefined,
  };
  return async () => service;
}

function httpEvent(body: string | undefined, requestContextExtra: Record<string, unknown>, isBase64Encoded = false): APIGatewayProxyEventV2 {
  return {
    version: "2.0",
    routeKey: "POST /data-subject-requests",
    rawPath: "/prod/data-subject-requests/",
    rawQueryString: "",
    headers: {},
    requestContext: { http: { method: "post", path: "/", protocol: "HTTP/1.1", sourceIp: "", userAgent: "" }, ...requestContextExtra } as unknown as APIGatewayProxyEventV2["requestContext"],
    body,
    isBase64Encoded,
  };
}

const valid = { requestId: "req-000001", subjectId: "u-1", type: "erase" };

it("ignores the runtime's third argument (the callback) instead of taking it for a service factory", async () => {
  const callback = jest.fn();
  const invoke = handler as unknown as (event: unknown, context: unknown, cb: unknown) => Promise<SQSBatchResponse>;
  // A valid message reaches the service factory: the real one, which fails here (no PGHOST etc.
  // in this unit test's environment), so the message is reported failed, and the callback untouched.
  const res = await invoke({ Records: [{ messageId: "m", body: JSON.stringify(valid), eventSourceARN: "arn:aws:sqs:r:1:q" }] }, {}, callback);
  expect(res.batchItemFailures).toEqual([{ itemIdentifier: "m" }]);
  expect(callback).not.toHaveBeenCalled();
});

it("recognises the two event kinds and nothing else", async () => {
  expect(isSqsEvent({ Records: [] })).toBe(true);
  expect(isHttpEvent(httpEvent(undefined, {}))).toBe(true);
  expect(isHttpEvent({ version: "1.0", requestContext: { httpMethod: "POST" } })).toBe(false);
  await expect(handler({ detail: {} } as unknown as SQSEvent)).rejects.toThrow(/unsupported event/);
});

it("takes the caller from the JWT authorizer and decodes base64 bodies (stage prefix and trailing slash tolerated)", async () => {
  const seen: DataSubjectRequest[] = [];
  const event = httpEvent(Buffer.from(JSON.stringify(valid)).toString("base64"), { authorizer: { jwt: { claims: { iss: "https://idp", sub: "officer-7" }, scopes: null } } }, true);
  expect(httpCaller(event)).toBe("jwt:https://idp#officer-7");
  const res = (await createHandler(stubService(seen))(event)) as APIGatewayProxyStructuredResultV2;
  expect(res.statusCode).toBe(200);
  expect(res.headers?.["cache-control"]).toBe("no-store");
  expect(seen).toEqual([expect.objectContaining({ requestedBy: "jwt:https://idp#officer-7", subjectId: "u-1" })]);
});

it("answers 500 without internals when the service cannot be built; SQS reports the whole batch as failed", async () => {
  const broken = async (): Promise<DsrService> => {
    throw new Error("secret arn:aws:secretsmanager:xyz not readable");
  };
  const res = (await createHandler(broken)(httpEvent(JSON.stringify(valid), { authorizer: { iam: { userArn: "arn:role" } } }))) as APIGatewayProxyStructuredResultV2;
  expect(res.statusCode).toBe(500);
  expect(res.body).not.toContain("secretsmanager");
  const records = ["a", "b"].map((id) => ({ messageId: id, body: JSON.stringify({ ...valid, requestId: `req-00000${id}` }), eventSourceARN: "arn:aws:sqs:r:1:q" }));
  const batch = (await createHandler(broken)({ Records: records } as unknown as SQSEvent)) as SQSBatchResponse;
  expect(batch.batchItemFailures).toEqual([{ itemIdentifier: "a" }, { itemIdentifier: "b" }]);
});

it("records the SQS requester attribute next to the queue", async () => {
  const seen: DataSubjectRequest[] = [];
  const event = { Records: [{ messageId: "m", body: JSON.stringify(valid), eventSourceARN: "arn:aws:sqs:r:1:q", messageAttributes: { requestedBy: { stringValue: "ticket-system", dataType: "String" } } }] } as unknown as SQSEvent;
  const batch = (await createHandler(stubService(seen))(event)) as SQSBatchResponse;
  expect(batch.batchItemFailures).toEqual([]);
  expect(seen[0].requestedBy).toBe("sqs:arn:aws:sqs:r:1:q|ticket-system");
});

const scheduled: ScheduledEvent = { version: "0", id: "e", "detail-type": "Scheduled Event", source: "aws.events", account: "1", time: "", region: "eu-west-1", resources: ["arn:aws:events:eu-west-1:1:rule/dsr-sweep"], detail: {} };

it("a scheduled EventBridge event only sweeps pending erasures, with the larger limit", async () => {
  const seen: DataSubjectRequest[] = [];
  const sweeps: number[] = [];
  expect(isScheduledEvent(scheduled)).toBe(true);
  expect(isScheduledEvent({ ...scheduled, source: "custom" })).toBe(false);
  expect(await createHandler(stubService(seen, sweeps))(scheduled)).toEqual({ sweep: { pending: 1, completed: 1, busy: 0, failed: 0 } });
  expect(sweeps).toEqual([SWEEP.perScheduledRun]);
  expect(seen).toEqual([]);
  expect(await createHandler(stubService(seen, [], true))(scheduled)).toEqual({ sweep: undefined });
});

it("SQS and HTTP invocations end with a bounded sweep whose failure does not change their result", async () => {
  const seen: DataSubjectRequest[] = [];
  const sweeps: number[] = [];
  const sqs = { Records: [{ messageId: "m", body: JSON.stringify(valid), eventSourceARN: "arn:aws:sqs:r:1:q" }] } as unknown as SQSEvent;
  expect(((await createHandler(stubService(seen, sweeps, true))(sqs)) as SQSBatchResponse).batchItemFailures).toEqual([]);
  const http = httpEvent(JSON.stringify(valid), { authorizer: { iam: { userArn: "arn:role" } } });
  expect(((await createHandler(stubService(seen, sweeps, true))(http)) as APIGatewayProxyStructuredResultV2).statusCode).toBe(200);
  expect(sweeps).toEqual([SWEEP.perInvocation, SWEEP.perInvocation]);
  expect(seen).toHaveLength(2);
});
