/**
 * AWS Lambda entry (bundled by functions/bundle.ts, handler "index.handler"). Two triggers:
 *  - SQS (standard or FIFO): each record body is a DataSubjectRequest JSON; failures are reported
 *    per record (partial batch response) so only they are retried and, after maxReceiveCount,
 *    land in the dead-letter queue. Invalid requests are reported as failures too: a lost
 *    data-subject request is a compliance incident, so it must surface in the DLQ, not vanish.
 *  - API Gateway HTTP API (payload v2): ROUTES in env.ts.
 * Both end with a best-effort sweep of erasures left pending by failed attempts (SWEEP in
 * env.ts); an EventBridge "Scheduled Event" only sweeps.
 * Thin: parsing and response mapping only; the work is in service.ts and core/.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, ScheduledEvent, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { ValidationError, validateRequest } from "./core/request";
import { ConflictError } from "./core/audit";
import type { SweepResult } from "./core/engine";
import { SWEEP } from "./env";
import { getService, type DsrService } from "./service";
import { log } from "./log";

export type DsrEvent = SQSEvent | APIGatewayProxyEventV2 | ScheduledEvent;
/** A scheduled invocation returns what the sweep did (undefined when it could not run). */
export type DsrResult = SQSBatchResponse | APIGatewayProxyStructuredResultV2 | { sweep: SweepResult | undefined };

export function isSqsEvent(event: unknown): event is SQSEvent {
  return typeof event === "object" && event !== null && Array.isArray((event as SQSEvent).Records);
}

export function isScheduledEvent(event: unknown): event is ScheduledEvent {
  const e = event as ScheduledEvent;
  return typeof event === "object" && event !== null && e.source === "aws.events" && e["detail-type"] === "Scheduled Event";
}

export function isHttpEvent(event: unknown): event is APIGatewayProxyEventV2 {
  const e = event as APIGatewayProxyEventV2;
  return typeof event === "object" && event !== null && e.version === "2.0" && typeof e.requestContext?.http?.method === "string";
}

/**
 * Builds a handler over a service factory (tests pass their own). Not a third handler parameter:
 * the nodejs22.x runtime passes (event, context, callback), and the callback must never be
 * mistaken for a factory.
 */
export function createHandler(serviceFactory: () => Promise<DsrService>): (event: DsrEvent) => Promise<DsrResult> {
  return async (event) => {
    if (isScheduledEvent(event)) return { sweep: await sweep(serviceFactory, SWEEP.perScheduledRun) };
    let result: DsrResult;
    if (isSqsEvent(event)) result = await handleSqs(event, serviceFactory);
    else if (isHttpEvent(event)) result = await handleHttp(event, serviceFactory);
    else {
      log("error", "unsupported event", {});
      throw new Error("data-subject-requests: unsupported event (expected SQS, API Gateway HTTP API v2 or an EventBridge Scheduled Event)");
    }
    await sweep(serviceFactory, SWEEP.perInvocation);
    return result;
  };
}

/**
 * Finishes erasures a failed attempt left `erasing` and nobody retried. Best effort: the event's
 * own result stands whatever happens here (the next invocation sweeps again).
 */
async function sweep(serviceFactory: () => Promise<DsrService>, limit: number): Promise<SweepResult | undefined> {
  try {
    const result = await (await serviceFactory()).resumePending(limit);
    if (result.pending > 0) log(result.failed > 0 ? "warn" : "info", "sweep of pending erasures", { ...result });
    return result;
  } catch (err) {
    log("warn", "sweep of pending erasures failed", { error: describe(err) });
    return undefined;
  }
}

/** The Lambda entry ("index.handler"). */
export const handler = createHandler(getService);

async function handleSqs(event: SQSEvent, serviceFactory: () => Promise<DsrService>): Promise<SQSBatchResponse> {
  const failures: { itemIdentifier: string }[] = [];
  let fifoBlocked = false;
  for (const record of event.Records) {
    // FIFO: once a message fails, later ones in the batch must not overtake it.
    if (fifoBlocked) {
      failures.push({ itemIdentifier: record.messageId });
      continue;
    }
    try {
      const request = validateRequest(parseJson(record.body), sqsRequester(record));
      const service = await serviceFactory();
      const result = await service.process(request);
      log("info", "request done", { requestId: request.requestId, type: request.type, replayed: result.replayed });
    } catch (err) {
      log("error", "request failed", { messageId: record.messageId, error: describe(err) });
      failures.push({ itemIdentifier: record.messageId });
      if (record.eventSourceARN?.endsWith(".fifo")) fifoBlocked = true;
    }
  }
  return { batchItemFailures: failures };
}

function sqsRequester(record: SQSRecord): string {
  const attr = record.messageAttributes?.requestedBy?.stringValue;
  const queue = `sqs:${record.eventSourceARN ?? "unknown-queue"}`;
  return attr ? `${queue}|${attr}` : queue;
}

async function handleHttp(event: APIGatewayProxyEventV2, serviceFactory: () => Promise<DsrService>): Promise<APIGatewayProxyStructuredResultV2> {
  const method = event.requestContext.http.method.toUpperCase();
  const path = event.rawPath.replace(/\/+$/, "");
  try {
    const caller = httpCaller(event);
    if (caller === undefined) return json(401, { error: "unauthenticated: the route must use an IAM or JWT authorizer" });
    const statusMatch = /\/data-subject-requests\/([^/]+)$/.exec(path);
    if (statusMatch) {
      if (method !== "GET") return json(405, { error: "method not allowed" });
      const requestId = decodeURIComponent(statusMatch[1]);
      const service = await serviceFactory();
      const rows = await service.status(requestId);
      return rows.length === 0 ? json(404, { error: "unknown requestId" }) : json(200, { requestId, audit: rows });
    }
    if (/\/data-subject-requests$/.test(path)) {
      if (method !== "POST") return json(405, { error: "method not allowed" });
      const body = event.body === undefined ? "" : event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
      const request = validateRequest(parseJson(body), caller);
      const service = await serviceFactory();
      const result = await service.process(request);
      return json(200, result);
    }
    return json(404, { error: "not found" });
  } catch (err) {
    if (err instanceof ValidationError) return json(400, { error: err.message, problems: err.problems });
    if (err instanceof ConflictError) return json(409, { error: err.message });
    log("error", "http request failed", { path, error: describe(err) });
    // No internals in the response: the details are in the log.
    return json(500, { error: "internal error; the request was not completed and can be retried with the same requestId" });
  }
}

/** Caller identity from the authorizer context (IAM or JWT); undefined when the route is unauthenticated. */
export function httpCaller(event: APIGatewayProxyEventV2): string | undefined {
  const authorizer = (event.requestContext as { authorizer?: { iam?: { userArn?: string }; jwt?: { claims?: Record<string, unknown> } } }).authorizer;
  if (authorizer?.iam?.userArn) return `iam:${authorizer.iam.userArn}`;
  const claims = authorizer?.jwt?.claims;
  if (claims && typeof claims.sub === "string") return `jwt:${typeof claims.iss === "string" ? `${claims.iss}#` : ""}${claims.sub}`;
  return undefined;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new ValidationError(["body is not valid JSON"]);
  }
}

function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { "content-type": "application/json", "cache-control": "no-store" }, body: JSON.stringify(body) };
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
