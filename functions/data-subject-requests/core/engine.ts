/**
 * Request processing across PostgreSQL, Redis and S3. Pure orchestration over the ports.
 *
 * ERASE is a transactional outbox (see README.md). Under the subject's lock (one database session):
 *  1. Fast path: a completed audit row for the request id -> return it, touch nothing.
 *  2. Transaction A: re-check the audit rows (a concurrent duplicate waited on the lock, then
 *     replays; a retry of an erasure that already committed skips to 3). Lock the profile row,
 *     delete the subject's rows, append the `erasing` row (PostgreSQL counts + the S3/Redis purge
 *     targets), COMMIT. Until this commit nothing is erased anywhere; after it the subject is
 *     gone from PostgreSQL and the audit trail says the purge is owed.
 *  3. Transaction B (opened first, so the session is "idle in transaction" while it waits on S3
 *     and Redis and a dead caller's session and lock are reclaimed by the server's timeout):
 *     delete every S3 version under the data prefix, the subject's earlier exports, every Redis
 *     key; then append the `completed` row, COMMIT.
 *  4. After that, sweep Redis once more (a reader may have re-cached rows it read before
 *     transaction A committed); best effort, logged.
 * A failure before A commits leaves every store untouched (retry starts over). A failure after
 * it leaves the request `erasing`; a retry with the same id, the sweeper (`resumePending`, run on
 * later invocations) or any later request for the subject finishes steps 3-4. A best-effort
 * `failed` row records each failed attempt and how far its purge got.
 *
 * EXPORT under the same lock first finishes any pending erasure of the subject (an export must
 * never copy data whose erasure has committed), then reads everything in one REPEATABLE READ
 * transaction and appends the completed row naming the bundle.
 */
import { assertSameRequest, completedRecord, ConflictError, emptyCounts, erasingRecord, failedRecord, outcomeOf, requestOf, type AuditRecord, type DsrOutcome, type StoreCounts } from "./audit";
import { buildExportBundle, type ExportedObject } from "./export-bundle";
import { assertPurgeTargets, exportCopyKey, exportTarget, planFor, purgeTargetsOf, SUBJECT_TABLES, type Layout, type RedisScope } from "./plan";
import type { ObjectStore, SubjectCache, SubjectDatabase, SubjectSession } from "./ports";
import type { DataSubjectRequest } from "./request";

export interface EngineDeps {
  readonly db: SubjectDatabase;
  readonly cache: SubjectCache;
  readonly objects: ObjectStore;
  readonly layout: Layout;
  readonly now?: () => Date;
  readonly log?: (level: "info" | "warn" | "error", message: string, fields: Record<string, unknown>) => void;
}

/** What one sweep did. */
export interface SweepResult {
  /** Pending erasures found (at most the limit). */
  readonly pending: number;
  /** Finished now (completed row appended). */
  readonly completed: number;
  /** Skipped because another session holds the subject's lock (it is working on the subject). */
  readonly busy: number;
  /** Failed again; still pending (a failed row records the attempt when possible). */
  readonly failed: number;
}

/** Mutable tally of what an attempt has done so far (reported in a failed audit row). */
interface Progress {
  postgres: Record<string, number>;
  redisKeys: number;
  s3Objects: number;
  exportObjects: number;
}

function newProgress(): Progress {
  return { ...emptyCounts([]), postgres: {} };
}

function freeze(p: Progress): StoreCounts {
  return { postgres: { ...p.postgres }, redisKeys: p.redisKeys, s3Objects: p.s3Objects, exportObjects: p.exportObjects };
}

export class DsrEngine {
  private readonly now: () => Date;
  private readonly logFn: NonNullable<EngineDeps["log"]>;

  constructor(private readonly deps: EngineDeps) {
    this.now = deps.now ?? (() => new Date());
    this.logFn = deps.log ?? (() => undefined);
  }

  async process(request: DataSubjectRequest): Promise<DsrOutcome> {
    const existing = await this.deps.db.findCompleted(request.requestId);
    if (existing) return this.replay(existing, request);
    return request.type === "erase" ? this.erase(request) : this.export(request);
  }

  async status(requestId: string): Promise<AuditRecord[]> {
    return this.deps.db.auditRows(requestId);
  }

  /**
   * The sweeper: finishes erasures left `erasing` by attempts that died after PostgreSQL
   * committed (outage, timeout, S3/Redis error) and were not retried. Subjects another session is
   * working on are skipped (that session finishes them). Never throws for one request's failure.
   */
  async resumePending(limit: number): Promise<SweepResult> {
    const pending = await this.deps.db.pendingErasures(limit);
    let completed = 0;
    let busy = 0;
    let failed = 0;
    for (const erasing of pending) {
      const progress = newProgress();
      const startedAt = this.now();
      try {
        const result = await this.deps.db.tryWithSubjectLock(erasing.subjectId, (session) => this.finishErasure(session, erasing, startedAt, progress));
        if (!result.locked) busy++;
        else if (!result.value.replayed) {
          completed++;
          this.logFn("info", "pending erasure completed", { requestId: erasing.requestId });
        }
      } catch (err) {
        failed++;
        this.logFn("warn", "pending erasure failed again", { requestId: erasing.requestId, error: describe(err) });
        await this.recordFailure(requestOf(erasing), progress, startedAt, err);
      }
    }
    return { pending: pending.length, completed, busy, failed };
  }

  private replay(existing: AuditRecord, request: DataSubjectRequest): DsrOutcome {
    assertSameRequest(existing, request);
    return outcomeOf(existing, true);
  }

  private async erase(request: DataSubjectRequest): Promise<DsrOutcome> {
    const plan = planFor(request.subjectId, this.deps.layout);
    const startedAt = this.now();
    const progress = newProgress();
    let outcome: DsrOutcome;
    try {
      outcome = await this.deps.db.withSubjectLock(request.subjectId, async (session) => {
        // Transaction A: the PostgreSQL erasure and its outbox row commit together, or neither does.
        const state = await session.transaction("erase", async (tx): Promise<{ done: AuditRecord } | { erasing: AuditRecord }> => {
          const done = await tx.findCompleted(request.requestId);
          if (done) return { done };
          const erasing = await tx.findErasing(request.requestId);
          if (erasing) {
            // A retry of an attempt that committed A and then failed: only the purge is owed.
            assertSameRequest(erasing, request);
            return { erasing };
          }
          const postgres = await tx.deleteSubjectRows(plan);
          const record = erasingRecord(request, postgres, purgeTargetsOf(plan), startedAt, this.now());
          await tx.appendAudit(record);
          return { erasing: record };
        });
        if ("done" in state) return this.replay(state.done, request);
        return this.finishErasure(session, state.erasing, startedAt, progress);
      });
    } catch (err) {
      await this.recordFailure(request, progress, startedAt, err);
      throw err;
    }
    if (!outcome.replayed) await this.sweepCache(request.requestId, plan);
    return outcome;
  }

  /**
   * Transaction B: purge S3 and Redis at the erasing row's targets, then append the completed row.
   * Idempotent: every purge step deletes whatever is left. `replayed` when another session
   * completed the request meanwhile (only possible if this session had lost its lock).
   */
  private async finishErasure(session: SubjectSession, erasing: AuditRecord, startedAt: Date, progress: Progress): Promise<DsrOutcome> {
    const { cache, objects } = this.deps;
    const targets = assertPurgeTargets(erasing.subjectId, erasing.purgeTargets);
    const request = requestOf(erasing);
    return session.transaction("erase", async (tx) => {
      const done = await tx.findCompleted(erasing.requestId);
      if (done) return outcomeOf(done, true);
      // Running totals are reported as each batch completes, so a failed row says how far the purge got.
      progress.s3Objects = await objects.deleteAll(targets.data, (n) => (progress.s3Objects = n));
      progress.exportObjects = await objects.deleteAll(targets.exports, (n) => (progress.exportObjects = n));
      progress.redisKeys = await cache.deleteAll(targets, (n) => (progress.redisKeys = n));
      const record = completedRecord(request, { ...freeze(progress), postgres: erasing.counts.postgres }, startedAt, this.now());
      await tx.appendAudit(record);
      return outcomeOf(record, false);
    });
  }

  private async sweepCache(requestId: string, scope: RedisScope): Promise<void> {
    try {
      const swept = await this.deps.cache.deleteAll(scope);
      if (swept > 0) this.logFn("warn", "post-completion cache sweep removed re-cached keys", { requestId, keys: swept });
    } catch (err) {
      this.logFn("warn", "post-completion cache sweep failed", { requestId, error: describe(err) });
    }
  }

  private async export(request: DataSubjectRequest): Promise<DsrOutcome> {
    const { cache, objects } = this.deps;
    const plan = planFor(request.subjectId, this.deps.layout);
    const target = exportTarget(plan, request.requestId);
    const startedAt = this.now();
    const progress = newProgress();
    try {
      return await this.deps.db.withSubjectLock(request.subjectId, async (session) => {
        // A pending erasure's data must not be copied into a new bundle: finish it first.
        for (const erasing of await session.pendingErasures(request.subjectId)) {
          await this.finishErasure(session, erasing, this.now(), newProgress());
          this.logFn("info", "pending erasure completed before export", { requestId: erasing.requestId, exportRequestId: request.requestId });
        }
        return session.transaction("export", async (tx) => {
          const again = await tx.findCompleted(request.requestId);
          if (again) return this.replay(again, request);
          const rows = await tx.readSubjectRows(plan);
          const entries = await cache.dump(plan);
          const listed = await objects.list(plan.data);
          const exported: ExportedObject[] = [];
          for (const info of listed) {
            const exportKey = exportCopyKey(plan, request.requestId, info.key);
            await objects.copy({ bucket: plan.data.bucket, key: info.key }, { bucket: target.bucket, key: exportKey });
            progress.exportObjects++;
            exported.push({ ...info, exportKey });
          }
          const bundle = buildExportBundle(request, rows, entries, exported, this.now());
          await objects.putJson({ bucket: target.bucket, key: target.bundleKey }, JSON.stringify(bundle));
          progress.exportObjects++;
          const counts: StoreCounts = {
            postgres: Object.fromEntries(SUBJECT_TABLES.map((t) => [t.name, rows[t.name]?.length ?? 0])),
            redisKeys: entries.length,
            s3Objects: listed.length,
            exportObjects: progress.exportObjects,
          };
          const record = completedRecord(request, counts, startedAt, this.now(), `s3://${target.bucket}/${target.bundleKey}`);
          await tx.appendAudit(record);
          return outcomeOf(record, false);
        });
      });
    } catch (err) {
      await this.recordFailure(request, progress, startedAt, err);
      throw err;
    }
  }

  /** Best effort: the database may be the thing that failed. */
  private async recordFailure(request: DataSubjectRequest, progress: Progress, startedAt: Date, err: unknown): Promise<void> {
    if (err instanceof ConflictError) return;
    try {
      await this.deps.db.appendAudit(failedRecord(request, freeze(progress), startedAt, this.now(), err));
    } catch (auditErr) {
      this.logFn("error", "could not record failed attempt", { requestId: request.requestId, error: describe(auditErr) });
    }
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
