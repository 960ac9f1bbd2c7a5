/**
 * Which failures are worth retrying in-process, and the backoff. Everything that is not a
 * validation failure ends either in success or in a thrown error (= nack, Pub/Sub redelivers);
 * this only decides whether to try again before giving the message back.
 */

/** gRPC status codes that mean "try again": CANCELLED, UNKNOWN, DEADLINE_EXCEEDED, NOT_FOUND (a table
 * being recreated), RESOURCE_EXHAUSTED, ABORTED, INTERNAL, UNAVAILABLE. */
const TRANSIENT_GRPC = new Set([1, 2, 4, 5, 8, 10, 13, 14]);
const TRANSIENT_NET = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EAI_AGAIN", "ENOTFOUND", "ECONNABORTED"]);

export function isTransient(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "number") return TRANSIENT_GRPC.has(code);
  if (typeof code === "string") return TRANSIENT_NET.has(code);
  return false;
}

export interface RetryPolicy {
  /** Attempts per delivery for transient storage failures (>= 1). */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Lost conditional writes on the chain head before giving the message back. */
  readonly maxConflicts: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 50, maxDelayMs: 1000, maxConflicts: 100 };

/** Full-jitter exponential backoff. */
export function backoff(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(cap * random());
}
