/**
 * Request processing across PostgreSQL, Redis and S3. Pure orchestration over the ports.
 *
 * ERASE ordering and guarantees (see README.md):
 *  1. Fast path: a completed audit row for the request id -> return it, touch nothing.
 *  2. Open ONE PostgreSQL transaction holding the subject's lock; re-check the audit row (a
 *     concurrent duplicate waits on the lock, then replays).
 *  3. Lock the profile row and delete the subject's rows (not yet visible to anyone). FKs from
 *     every subject table to profiles mean no new subject row can be inserted meanwhile.
 *  4. Delete every S3 object version under the subject's data prefix and earlier export bundles.
 *  5. UNLINK every Redis key of the subject.
 *  6. Append the completed audit row in the same transaction, COMMIT.
 *  7. After commit, sweep Redis once more (a reader may have re-cached rows it read before the
 *     commit); best effort, logged.
 * Any failure before COMMIT rolls PostgreSQL back completely (no rows deleted, no audit row);
 * S3/Redis may be partly deleted, which a retry finishes because every step is idempotent. The
 * completed audit row therefore exists iff PostgreSQL was erased AND S3/Redis erasure had
 * succeeded. A best-effort `failed` audit row records how far a failed attempt got.
 */
import { assertSameRequest, completedRecord, ConflictError, emptyCounts, failedRecord, outcomeOf, type AuditRecord, type DsrOutcome, type StoreCounts } from "./audit";
import { buildExportBundle, type ExportedObject } from "./export-bundle";
import { exportCopyKey, exportTarget, planFor, SUBJECT_TABLES, type Layout } from "./plan";
import type { ObjectStore, SubjectCache, SubjectDatabase } from "./ports";
import type { DataSubjectRequest } from "./request";

export interface EngineDeps {
  readonly db: SubjectDatabase;
  readonly cache: SubjectCache;
  readonly objects: ObjectStore;
  readonly layout: Layout;
  readonly now?: () => Date;
  readonly log?: (level: "info" | "warn" | "error", message: string, fields: Record<string, unknown>) => void;
}

/** Mutable tally of what an attempt has done so far (reported in a failed audit row). */
interface Progress {
  postgres: Record<string, number>;
  redisKeys: number;
  s3Objects: number;
  exportObjects: number;
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

  private replay(existing: AuditRecord, request: DataSubjectRequest): DsrOutcome {
    assertSameRequest(existing, request);
    return outcomeOf(existing, true);
  }

  private async erase(request: DataSubjectRequest): Promise<DsrOutcome> {
    const { db, cache, objects } = this.deps;
    const plan = planFor(request.subjectId, this.deps.layout);
    const startedAt = this.now();
    const progress: Progress = { ...emptyCounts([]), postgres: {} };
    let outcome: DsrOutcome;
    try {
      outcome = await db.withSubjectTransaction(request.subjectId, "erase", async (tx) => {
        const again = await tx.findCompleted(request.requestId);
        if (again) return this.replay(again, request);
        // Rolled back on failure, so a failed row reports PostgreSQL as untouched (progress.postgres stays {}).
        const pgCounts = await tx.deleteSubjectRows(plan);
        // Running totals are reported as each batch completes, so a failed row says how far S3/Redis got.
        progress.s3Objects = await objects.deleteAll(plan.data, (n) => (progress.s3Objects = n));
        progress.exportObjects = await objects.deleteAll(plan.exports, (n) => (progress.exportObjects = n));
        progress.redisKeys = await cache.deleteAll(plan, (n) => (progress.redisKeys = n));
        const record = completedRecord(request, { ...freeze(progress), postgres: pgCounts }, startedAt, this.now());
        await tx.appendAudit(record);
        return outcomeOf(record, false);
      });
    } catch (err) {
      await this.recordFailure(request, progress, startedAt, err);
      throw err;
    }
    if (!outcome.replayed) await this.sweepCache(request, plan);
    return outcome;
  }

  private async sweepCache(request: DataSubjectRequest, plan: ReturnType<typeof planFor>): Promise<void> {
    try {
      const swept = await this.deps.cache.deleteAll(plan);
      if (swept > 0) this.logFn("warn", "post-commit cache sweep removed re-cached keys", { requestId: request.requestId, keys: swept });
    } catch (err) {
      this.logFn("warn", "post-commit cache sweep failed", { requestId: request.requestId, error: String(err) });
    }
  }

  private async export(request: DataSubjectRequest): Promise<DsrOutcome> {
    const { db, cache, objects } = this.deps;
    const plan = planFor(request.subjectId, this.deps.layout);
    const target = exportTarget(plan, request.requestId);
    const startedAt = this.now();
    const progress: Progress = { ...emptyCounts([]), postgres: {} };
    try {
      return await db.withSubjectTransaction(request.subjectId, "export", async (tx) => {
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
      this.logFn("error", "could not record failed attempt", { requestId: request.requestId, error: String(auditErr) });
    }
  }
}
