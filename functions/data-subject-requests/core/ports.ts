/**
 * What the core needs from each store. Adapters (adapters/*.ts) implement these over pg, ioredis
 * and @aws-sdk/client-s3; the core never imports an SDK.
 */
import type { AuditRecord } from "./audit";
import type { RedisScope, S3Location, SubjectPlan } from "./plan";

/** A row as read from PostgreSQL, ready for JSON (dates as ISO strings, bytea as base64). */
export type Row = Readonly<Record<string, unknown>>;

/** Operations inside one database transaction of a session that holds the subject's lock. */
export interface SubjectTransaction {
  /** The completed audit row of a request id, if any (sees rows committed before the lock was taken). */
  findCompleted(requestId: string): Promise<AuditRecord | undefined>;
  /** The `erasing` (outbox) row of a request id, if any. */
  findErasing(requestId: string): Promise<AuditRecord | undefined>;
  /** All rows of the subject, per table, in plan.exportOrder. */
  readSubjectRows(plan: SubjectPlan): Promise<Record<string, Row[]>>;
  /** Locks the subject's profile row, then deletes the subject's rows in plan.eraseOrder; counts per table. */
  deleteSubjectRows(plan: SubjectPlan): Promise<Record<string, number>>;
  /** Appends an audit row inside this transaction (committed with it). */
  appendAudit(record: AuditRecord): Promise<void>;
}

export type TransactionMode = "erase" | "export";

/** One database session holding a subject's lock (requests for the subject run one at a time). */
export interface SubjectSession {
  /**
   * Runs `work` in one transaction on the locked session. Commits when `work` resolves, rolls
   * back when it throws or the connection is lost. "export" uses a REPEATABLE READ snapshot
   * (consistent across tables). Work that talks to other stores inside the callback keeps the
   * session "idle in transaction", so a dead caller's session (and lock) is reclaimed by the
   * server's idle_in_transaction_session_timeout.
   */
  transaction<T>(mode: TransactionMode, work: (tx: SubjectTransaction) => Promise<T>): Promise<T>;
  /** `erasing` rows of the subject that have no completed row yet, oldest first. */
  pendingErasures(subjectId: string): Promise<AuditRecord[]>;
}

export interface SubjectDatabase {
  findCompleted(requestId: string): Promise<AuditRecord | undefined>;
  /** Every audit row of a request id, oldest first. */
  auditRows(requestId: string): Promise<AuditRecord[]>;
  /** `erasing` rows without a completed row (erasures whose S3/Redis purge is owed), oldest first. */
  pendingErasures(limit: number): Promise<AuditRecord[]>;
  /** Runs `work` holding the subject's lock, waiting for it if another session holds it. */
  withSubjectLock<T>(subjectId: string, work: (session: SubjectSession) => Promise<T>): Promise<T>;
  /** Like withSubjectLock, but resolves `{ locked: false }` at once when another session holds the lock. */
  tryWithSubjectLock<T>(subjectId: string, work: (session: SubjectSession) => Promise<T>): Promise<{ locked: true; value: T } | { locked: false }>;
  /** Appends an audit row in its own transaction (failed attempts). */
  appendAudit(record: AuditRecord): Promise<void>;
}

export interface CacheEntry {
  readonly key: string;
  readonly type: string;
  /** Milliseconds to live, or null for no expiry. */
  readonly ttlMs: number | null;
  readonly value: unknown;
}

export interface SubjectCache {
  /** Every key matching the plan's pattern with its value. */
  dump(plan: SubjectPlan): Promise<CacheEntry[]>;
  /** Unlinks every key matching the scope's pattern; returns how many were removed. Idempotent. `onProgress` reports running totals. */
  deleteAll(scope: RedisScope, onProgress?: (deleted: number) => void): Promise<number>;
}

export interface ObjectInfo {
  readonly key: string;
  readonly size: number;
  readonly etag?: string;
  readonly lastModified?: string;
}

export interface ObjectStore {
  /** Current objects under a prefix. */
  list(location: S3Location): Promise<ObjectInfo[]>;
  /** Server-side copy. */
  copy(from: { bucket: string; key: string }, to: { bucket: string; key: string }): Promise<void>;
  putJson(to: { bucket: string; key: string }, body: string): Promise<void>;
  /**
   * Deletes every object version and delete marker under a prefix (on an unversioned bucket:
   * every object). Returns how many were removed. Idempotent. `onProgress` reports running
   * totals after each batch so a failure can say how far it got.
   */
  deleteAll(location: S3Location, onProgress?: (deleted: number) => void): Promise<number>;
}
