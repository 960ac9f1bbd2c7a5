/**
 * PostgreSQL adapter over `pg`: subject rows, the per-subject lock (a session-level advisory lock
 * held across the transactions of one request), and the append-only audit table with its
 * `erasing` outbox rows.
 */
import { Pool, type PoolClient, type PoolConfig } from "pg";
import type { DsrConfig } from "../env";
import type { AuditRecord, StoreCounts } from "../core/audit";
import { SUBJECT_COLUMN, type SubjectPlan } from "../core/plan";
import type { PurgeTargets } from "../core/plan";
import type { Row, SubjectDatabase, SubjectSession, SubjectTransaction, TransactionMode } from "../core/ports";
import type { LegalBasis, RequestType } from "../core/request";
import { qualifiedAudit, quoteIdent, type TableNames } from "./migration";

/** pg Pool settings for the Lambda: small pool, bounded waits, sessions that cannot hang in a transaction. */
export function poolConfig(config: DsrConfig, user: string | undefined, password: PoolConfig["password"]): PoolConfig {
  const ssl = config.pg.sslMode === "disable" ? false : { rejectUnauthorized: config.pg.sslMode === "verify-full", servername: config.pg.host };
  return {
    host: config.pg.host,
    port: config.pg.port,
    database: config.pg.database,
    user,
    password,
    ssl,
    application_name: "neuroca-dsr",
    // One invocation uses one connection at a time (the locked session), plus one for a
    // failed-attempt audit row or the sweeper's listing.
    max: 2,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 60000,
    statement_timeout: 30000,
    // If the function dies mid-transaction (timeout, crash), the server rolls back and frees the
    // locks. The S3/Redis purge runs inside a (still empty) transaction of the locked session for
    // exactly this reason: a dead function's subject lock is released within this timeout.
    idle_in_transaction_session_timeout: 60000,
  };
}

/** A pool whose idle clients may die (failover, outage) without crashing the runtime. */
export function createPool(config: PoolConfig, onIdleError: (err: Error) => void): Pool {
  const pool = new Pool(config);
  pool.on("error", onIdleError);
  return pool;
}

interface AuditRow {
  request_id: string;
  subject_id: string;
  request_type: RequestType;
  basis: LegalBasis;
  status: AuditRecord["status"];
  requested_by: string;
  started_at: Date;
  completed_at: Date;
  counts: StoreCounts;
  export_location: string | null;
  error: string | null;
  purge_targets: PurgeTargets | null;
}

function toRecord(row: AuditRow): AuditRecord {
  return {
    requestId: row.request_id,
    subjectId: row.subject_id,
    type: row.request_type,
    basis: row.basis,
    status: row.status,
    requestedBy: row.requested_by,
    startedAt: row.started_at.toISOString(),
    completedAt: row.completed_at.toISOString(),
    counts: row.counts,
    ...(row.export_location === null ? {} : { exportLocation: row.export_location }),
    ...(row.error === null ? {} : { error: row.error }),
    ...(row.purge_targets === null ? {} : { purgeTargets: row.purge_targets }),
  };
}

/** JSON-ready values: bytea as base64, dates as ISO strings; everything else as pg returns it. */
function jsonRow(row: Record<string, unknown>): Row {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    out[k] = Buffer.isBuffer(v) ? v.toString("base64") : v instanceof Date ? v.toISOString() : v;
  }
  return out;
}

const AUDIT_COLUMNS = "request_id, subject_id, request_type, basis, status, requested_by, started_at, completed_at, counts, export_location, error, purge_targets";

type Queryable = Pick<PoolClient, "query">;

export class PostgresSubjectDatabase implements SubjectDatabase {
  private readonly audit: string;
  private readonly schema: string;

  constructor(
    private readonly pool: Pool,
    names: TableNames,
  ) {
    this.audit = qualifiedAudit(names);
    this.schema = quoteIdent(names.schema);
  }

  async findCompleted(requestId: string): Promise<AuditRecord | undefined> {
    return findStatus(this.pool, this.audit, requestId, "completed");
  }

  async auditRows(requestId: string): Promise<AuditRecord[]> {
    const { rows } = await this.pool.query<AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM ${this.audit} WHERE request_id = $1 ORDER BY id`, [requestId]);
    return rows.map(toRecord);
  }

  async appendAudit(record: AuditRecord): Promise<void> {
    await insertAudit(this.pool, this.audit, record);
  }

  async pendingErasures(limit: number): Promise<AuditRecord[]> {
    return pendingErasures(this.pool, this.audit, { limit });
  }

  async withSubjectLock<T>(subjectId: string, work: (session: SubjectSession) => Promise<T>): Promise<T> {
    const result = await this.locked(subjectId, "wait", work);
    if (!result.locked) throw new Error("subject lock not taken"); // pg_advisory_lock waits until it has it
    return result.value;
  }

  async tryWithSubjectLock<T>(subjectId: string, work: (session: SubjectSession) => Promise<T>): Promise<{ locked: true; value: T } | { locked: false }> {
    return this.locked(subjectId, "try", work);
  }

  /**
   * One pooled connection for the whole request: the session-level advisory lock is taken BEFORE
   * any transaction starts (so an export's REPEATABLE READ snapshot is taken after the lock and
   * sees a concurrent duplicate's committed audit row) and held across the request's
   * transactions (erase: the PostgreSQL commit, then the purge and the completion).
   */
  private async locked<T>(subjectId: string, how: "wait" | "try", work: (session: SubjectSession) => Promise<T>): Promise<{ locked: true; value: T } | { locked: false }> {
    const client = await this.pool.connect();
    const lockKey = `neuroca-dsr:${subjectId}`;
    let failed = false;
    // A checked-out client that loses its connection (outage, terminated backend) emits 'error';
    // unhandled, that would crash the runtime. The failing query rejects anyway, so just mark it.
    const onError = (): void => {
      failed = true;
    };
    client.on("error", onError);
    try {
      if (how === "wait") {
        await client.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [lockKey]);
      } else {
        const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked", [lockKey]);
        if (rows[0]?.locked !== true) return { locked: false };
      }
      try {
        return { locked: true, value: await work(this.session(client, onError)) };
      } finally {
        await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [lockKey]).catch(onError);
      }
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      // A client whose work failed may be in an unknown state (or disconnected): discard it.
      client.removeListener("error", onError);
      client.release(failed);
    }
  }

  private session(client: PoolClient, markFailed: () => void): SubjectSession {
    let open = false;
    return {
      transaction: async <T>(mode: TransactionMode, work: (tx: SubjectTransaction) => Promise<T>): Promise<T> => {
        if (open) throw new Error("a transaction is already open on this session");
        open = true;
        try {
          await client.query(mode === "export" ? "BEGIN ISOLATION LEVEL REPEATABLE READ" : "BEGIN ISOLATION LEVEL READ COMMITTED");
          try {
            const result = await work(this.transaction(client));
            // If COMMIT's reply is lost the outcome is unknown; the caller retries and finds
            // either the committed rows (erasing/completed) or the rolled-back state.
            await client.query("COMMIT");
            return result;
          } catch (err) {
            markFailed();
            await client.query("ROLLBACK").catch(() => undefined);
            throw err;
          }
        } finally {
          open = false;
        }
      },
      pendingErasures: (subjectId) => pendingErasures(client, this.audit, { subjectId }),
    };
  }

  private transaction(client: PoolClient): SubjectTransaction {
    const schema = this.schema;
    const audit = this.audit;
    return {
      findCompleted: (requestId) => findStatus(client, audit, requestId, "completed"),
      findErasing: (requestId) => findStatus(client, audit, requestId, "erasing"),
      appendAudit: (record) => insertAudit(client, audit, record),
      async readSubjectRows(plan: SubjectPlan): Promise<Record<string, Row[]>> {
        const out: Record<string, Row[]> = {};
        for (const table of plan.exportOrder) {
          const order = table.orderBy.map(quoteIdent).join(", ");
          const { rows } = await client.query(`SELECT * FROM ${schema}.${quoteIdent(table.name)} WHERE ${SUBJECT_COLUMN} = $1 ORDER BY ${order}`, [plan.subjectId]);
          out[table.name] = rows.map(jsonRow);
        }
        return out;
      },
      async deleteSubjectRows(plan: SubjectPlan): Promise<Record<string, number>> {
        // Every subject table references profiles; holding the profile row FOR UPDATE blocks
        // concurrent inserts of new subject rows (their FK check needs KEY SHARE on it) until we
        // commit, after which they fail. In-flight inserts finish first, so the deletes see them.
        await client.query(`SELECT 1 FROM ${schema}.profiles WHERE ${SUBJECT_COLUMN} = $1 FOR UPDATE`, [plan.subjectId]);
        const counts: Record<string, number> = {};
        for (const table of plan.eraseOrder) {
          const result = await client.query(`DELETE FROM ${schema}.${quoteIdent(table.name)} WHERE ${SUBJECT_COLUMN} = $1`, [plan.subjectId]);
          counts[table.name] = result.rowCount ?? 0;
        }
        // Report in export (parent-first) order for readability.
        return Object.fromEntries(plan.exportOrder.map((t) => [t.name, counts[t.name] ?? 0]));
      },
    };
  }
}

async function findStatus(db: Queryable, audit: string, requestId: string, status: "completed" | "erasing"): Promise<AuditRecord | undefined> {
  // Both statuses have a partial unique index on request_id: at most one row.
  const { rows } = await db.query<AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM ${audit} WHERE request_id = $1 AND status = $2`, [requestId, status]);
  return rows.length === 0 ? undefined : toRecord(rows[0]);
}

/** erasing rows without a completed row of the same request id, oldest first. */
async function pendingErasures(db: Queryable, audit: string, filter: { subjectId?: string; limit?: number }): Promise<AuditRecord[]> {
  const { rows } = await db.query<AuditRow>(
    `SELECT ${AUDIT_COLUMNS} FROM ${audit} e
      WHERE e.status = 'erasing' AND ($1::text IS NULL OR e.subject_id = $1)
        AND NOT EXISTS (SELECT 1 FROM ${audit} c WHERE c.request_id = e.request_id AND c.status = 'completed')
      ORDER BY e.id LIMIT $2`,
    [filter.subjectId ?? null, filter.limit ?? null],
  );
  return rows.map(toRecord);
}

async function insertAudit(db: Queryable, audit: string, r: AuditRecord): Promise<void> {
  await db.query(`INSERT INTO ${audit} (${AUDIT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, [
    r.requestId,
    r.subjectId,
    r.type,
    r.basis,
    r.status,
    r.requestedBy,
    r.startedAt,
    r.completedAt,
    JSON.stringify(r.counts),
    r.exportLocation ?? null,
    r.error ?? null,
    r.purgeTargets === undefined ? null : JSON.stringify(r.purgeTargets),
  ]);
}
