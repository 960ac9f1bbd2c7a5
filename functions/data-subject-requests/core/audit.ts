/**
 * Audit record and result shapes. Pure.
 *
 * The audit table is append-only. Every attempt that gets far enough to know its outcome appends
 * one row: `completed` (at most one per request id, enforced by a partial unique index) or
 * `failed` (best effort, with what the attempt had already done in the non-transactional stores).
 * A completed row is the idempotency record: a repeated request with the same id returns it.
 */
import type { DataSubjectRequest, LegalBasis, RequestType } from "./request";

/** What one request touched, per store. */
export interface StoreCounts {
  /** Rows exported/erased per PostgreSQL table (all subject tables listed, 0 included). */
  readonly postgres: Readonly<Record<string, number>>;
  /** Redis keys exported/unlinked. */
  readonly redisKeys: number;
  /** S3 data objects exported (current versions) or object versions + delete markers erased. */
  readonly s3Objects: number;
  /** S3 export-bundle objects written (export) or erased (erase: earlier exports of the subject). */
  readonly exportObjects: number;
}

export type AuditStatus = "completed" | "failed";

export interface AuditRecord {
  readonly requestId: string;
  readonly subjectId: string;
  readonly type: RequestType;
  readonly basis: LegalBasis;
  readonly status: AuditStatus;
  readonly requestedBy: string;
  /** ISO-8601 timestamps. */
  readonly startedAt: string;
  readonly completedAt: string;
  /** For failed rows: what the attempt had done before it failed (non-transactional stores only; PostgreSQL was rolled back). */
  readonly counts: StoreCounts;
  /** s3://bucket/key of the export bundle (export only). */
  readonly exportLocation?: string;
  readonly error?: string;
}

/** What the handler returns for a request (HTTP body; logged for SQS). */
export interface DsrOutcome {
  readonly requestId: string;
  readonly subjectId: string;
  readonly type: RequestType;
  readonly basis: LegalBasis;
  readonly status: "completed";
  readonly counts: StoreCounts;
  readonly exportLocation?: string;
  readonly startedAt: string;
  readonly completedAt: string;
  /** True when this is the stored result of an earlier completion (nothing was done this time). */
  readonly replayed: boolean;
}

/** A request id reused for a different subject or operation. */
export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConflictError";
  }
}

export function emptyCounts(tables: readonly string[]): StoreCounts {
  return { postgres: Object.fromEntries(tables.map((t) => [t, 0])), redisKeys: 0, s3Objects: 0, exportObjects: 0 };
}

/** Idempotency: an earlier completion of the same request id must be for the same subject and operation. */
export function assertSameRequest(existing: AuditRecord, request: DataSubjectRequest): void {
  if (existing.subjectId !== request.subjectId || existing.type !== request.type) {
    throw new ConflictError(`requestId ${request.requestId} was already used for a different ${existing.subjectId !== request.subjectId ? "subject" : "operation"}`);
  }
}

export function completedRecord(request: DataSubjectRequest, counts: StoreCounts, startedAt: Date, completedAt: Date, exportLocation?: string): AuditRecord {
  return {
    requestId: request.requestId,
    subjectId: request.subjectId,
    type: request.type,
    basis: request.basis,
    status: "completed",
    requestedBy: request.requestedBy,
    startedAt: startedAt.toISOString(),
    completedAt: completedAt.toISOString(),
    counts,
    ...(exportLocation === undefined ? {} : { exportLocation }),
  };
}

export function failedRecord(request: DataSubjectRequest, partial: StoreCounts, startedAt: Date, failedAt: Date, error: unknown): AuditRecord {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    requestId: request.requestId,
    subjectId: request.subjectId,
    type: request.type,
    basis: request.basis,
    status: "failed",
    requestedBy: request.requestedBy,
    startedAt: startedAt.toISOString(),
    completedAt: failedAt.toISOString(),
    counts: partial,
    // Error text may quote SQL or S3 keys; cap it so the audit row stays small.
    error: message.slice(0, 1000),
  };
}

export function outcomeOf(record: AuditRecord, replayed: boolean): DsrOutcome {
  if (record.status !== "completed") throw new Error("outcomeOf: only completed records are outcomes");
  return {
    requestId: record.requestId,
    subjectId: record.subjectId,
    type: record.type,
    basis: record.basis,
    status: "completed",
    counts: record.counts,
    ...(record.exportLocation === undefined ? {} : { exportLocation: record.exportLocation }),
    startedAt: record.startedAt,
    completedAt: record.completedAt,
    replayed,
  };
}
