/**
 * Audit record and result shapes. Pure.
 *
 * The audit table is append-only: a request's state is the history of its rows, never an update.
 *  - `erasing` (erase only; at most one per request id): PostgreSQL erasure COMMITTED in the same
 *    transaction as this row, S3/Redis purge still owed. It is the transactional outbox: it
 *    carries the purge targets, and a retry or the sweeper finishes the purge from it.
 *  - `completed` (at most one per request id): every store done. The idempotency record: a
 *    repeated request with the same id returns it.
 *  - `failed` (best effort, never while the database is down): one attempt failed, with what it
 *    had already done in the non-transactional stores.
 * Request state = `completed` if such a row exists, else `erasing` if such a row exists (subject
 * gone from PostgreSQL, purge pending), else nothing was erased.
 */
import type { PurgeTargets } from "./plan";
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

export type AuditStatus = "completed" | "failed" | "erasing";

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
  /**
   * completed: postgres = rows deleted by the committed erasure (or read, for export); S3/Redis =
   * what the completing attempt removed (or read). erasing: postgres only (S3/Redis 0, not yet
   * purged). failed: what the attempt had removed from S3/Redis before it failed (postgres {}:
   * PostgreSQL changes are never partial and are recorded by the `erasing` row).
   */
  readonly counts: StoreCounts;
  /** s3://bucket/key of the export bundle (export only). */
  readonly exportLocation?: string;
  /** erasing rows: what is left to purge outside PostgreSQL. */
  readonly purgeTargets?: PurgeTargets;
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

/** The outbox row, appended in the transaction that deletes the subject's rows. */
export function erasingRecord(request: DataSubjectRequest, postgres: Readonly<Record<string, number>>, purgeTargets: PurgeTargets, startedAt: Date, committedAt: Date): AuditRecord {
  return {
    requestId: request.requestId,
    subjectId: request.subjectId,
    type: "erase",
    basis: request.basis,
    status: "erasing",
    requestedBy: request.requestedBy,
    startedAt: startedAt.toISOString(),
    completedAt: committedAt.toISOString(),
    counts: { postgres: { ...postgres }, redisKeys: 0, s3Objects: 0, exportObjects: 0 },
    purgeTargets,
  };
}

/** The request an audit row was written for (the sweeper finishes requests it only knows from their rows). */
export function requestOf(record: AuditRecord): DataSubjectRequest {
  return { requestId: record.requestId, subjectId: record.subjectId, type: record.type, basis: record.basis, requestedBy: record.requestedBy };
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
