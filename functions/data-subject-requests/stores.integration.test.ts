/**
 * The DSR handler against real stores: PostgreSQL 15 (Debian), redis-server (Debian) and s3rver
 * (npm), all started here on loopback and stopped in afterAll. Each test seeds its own subjects,
 * next to "bystander" subjects whose data must never change.
 */
import type { Pool } from "pg";
import type { Redis } from "ioredis";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { validateRequest, type RequestType } from "./core/request";
import { ConflictError, type AuditRecord, type DsrOutcome } from "./core/audit";
import type { ExportBundle } from "./core/export-bundle";
import type { CacheEntry, ObjectStore, SubjectCache, SubjectDatabase, SubjectSession, SubjectTransaction } from "./core/ports";
import type { SubjectPlan } from "./core/plan";
import type { DsrEngine } from "./core/engine";
import { RedisSubjectCache } from "./adapters/redis";
import { migrate } from "./adapters/migration";
import type { DsrService } from "./service";
import {
  DATA_BUCKET,
  EXPORT_BUCKET,
  auditRowsOf,
  engineWith as engineOver,
  getText,
  newService,
  objectsWith,
  realDatabase,
  seedSubject,
  snapshot,
  startServers,
  subjectRows,
  withoutSubject,
  type Servers,
} from "./testing/fixtures";

let servers: Servers;
let service: DsrService;
let clients: { pool: Pool; redis: Redis; s3: S3Client };
let counter = 0;

beforeAll(async () => {
  // The engine logs resumed erasures; keep the test output quiet.
  jest.spyOn(console, "log").mockImplementation(() => undefined);
  servers = await startServers();
  const built = newService(servers);
  service = built.service;
  clients = built;
}, 90_000);

afterAll(async () => {
  await service?.close();
  await servers?.stop();
});

/** A fresh subject id per test, so tests do not depend on each other. */
function subject(name: string): string {
  counter += 1;
  return `${name}-${counter}`;
}

function request(subjectId: string, type: RequestType, requestId = `req-${subjectId}-${type}-${Date.now().toString(36)}`) {
  return validateRequest({ requestId, subjectId, type }, "test:integration");
}

/** An engine over the real adapters, with some port wrapped to fail or misbehave mid-request. */
function engineWith(overrides: { db?: SubjectDatabase; cache?: SubjectCache; objects?: ObjectStore }): DsrEngine {
  return engineOver(servers, clients, overrides);
}

const ERASED_ROWS = { profiles: 1, sessions: 2, memories: 3, memory_links: 1 };

describe("export (GDPR Art. 15/20, CCPA right to know)", () => {
  it("returns exactly the subject's rows, keys and objects, and leaves every store unchanged", async () => {
    const alice = await seedSubject(servers, subject("alice"));
    // "alice-N" and "alice-N0"-style neighbours share a prefix: they must not leak into the export.
    await seedSubject(servers, `${alice.subjectId}0`);
    await seedSubject(servers, subject("bob"));
    const before = await snapshot(servers);

    const outcome = await service.process(request(alice.subjectId, "export"));

    expect(outcome.replayed).toBe(false);
    expect(outcome.exportLocation).toMatch(new RegExp(`^s3://${EXPORT_BUCKET}/dsr-exports/${alice.subjectId}/req-`));
    const bundleKey = (outcome.exportLocation as string).replace(`s3://${EXPORT_BUCKET}/`, "");
    const bundle = JSON.parse(await getText(clients.s3, EXPORT_BUCKET, bundleKey)) as ExportBundle;

    // PostgreSQL: the bundle's rows are exactly the subject's rows, table by table.
    const expected = await subjectRows(servers, alice.subjectId);
    for (const [table, rows] of Object.entries(expected)) {
      expect(bundle.postgres[table].map((r) => (r as { subject_id: string }).subject_id)).toEqual(rows.map(() => alice.subjectId));
      expect(bundle.postgres[table]).toHaveLength(rows.length);
    }
    expect(bundle.postgres.profiles[0]).toMatchObject({ subject_id: alice.subjectId, email: `${alice.subjectId}@example.org` });
    expect(bundle.postgres.memories.map((m) => (m as { content: string }).content).sort()).toEqual(
      [`${alice.subjectId} is planning a trip`, `${alice.subjectId} likes tea`, `${alice.subjectId} lives in Leeds`].sort(),
    );
    expect(outcome.counts.postgres).toEqual({ profiles: 1, sessions: 2, memories: 3, memory_links: 1 });

    // Redis: exactly the subject's keys, with values and TTL.
    expect(bundle.redis.map((e: CacheEntry) => e.key)).toEqual([...alice.redisKeys].sort());
    const byKey = Object.fromEntries(bundle.redis.map((e: CacheEntry) => [e.key.split(":").slice(3).join(":"), e]));
    expect(byKey.working.value).toEqual({ focus: "travel", mood: "curious" });
    expect(byKey.recent.value).toEqual(["m1", "m2"]);
    expect(byKey.salience.value).toEqual([
      { member: "m2", score: 0.4 },
      { member: "m1", score: 0.9 },
    ]);
    expect(byKey["session:1"].ttlMs).toBeGreaterThan(0);
    expect(byKey.stm.ttlMs).toBeNull();
    expect(outcome.counts.redisKeys).toBe(5);

    // S3: exactly the subject's objects, each copied next to the bundle with the same content.
    expect(bundle.objects.map((o) => o.key)).toEqual([...alice.objectKeys].sort());
    for (const o of bundle.objects) {
      expect(await getText(clients.s3, EXPORT_BUCKET, o.exportKey)).toBe(`content of ${o.key}`);
    }
    expect(outcome.counts.s3Objects).toBe(3);
    expect(outcome.counts.exportObjects).toBe(4); // 3 copies + the bundle

    // Nothing else changed: the only new S3 objects are this export's; rows and keys untouched.
    const after = await snapshot(servers);
    expect(after.postgres).toEqual(before.postgres);
    expect(after.redis).toEqual(before.redis);
    const added = Object.keys(after.s3).filter((k) => !(k in before.s3));
    expect(added.every((k) => k.startsWith(`${EXPORT_BUCKET}/dsr-exports/${alice.subjectId}/${outcome.requestId}/`))).toBe(true);
    expect(added).toHaveLength(4);
    for (const k of Object.keys(before.s3)) expect(after.s3[k]).toBe(before.s3[k]);

    // Audit: one completed row naming the bundle.
    const audit = await auditRowsOf(servers, outcome.requestId);
    expect(audit).toEqual([expect.objectContaining({ status: "completed", request_type: "export", export_location: outcome.exportLocation })]);
  });

  it("a repeated export with the same request id returns the first result without exporting again", async () => {
    const carol = await seedSubject(servers, subject("carol"));
    const req = request(carol.subjectId, "export");
    const first = await service.process(req);
    const objectsAfterFirst = Object.keys((await snapshot(servers)).s3).length;
    const second = await service.process(req);
    expect(second).toEqual({ ...first, replayed: true });
    expect(Object.keys((await snapshot(servers)).s3)).toHaveLength(objectsAfterFirst);
    expect(await auditRowsOf(servers, req.requestId)).toHaveLength(1);
  });
});

describe("erase (GDPR Art. 17, CCPA right to delete)", () => {
  it("removes the subject's data, and only it, from PostgreSQL, Redis and S3, and writes the audit row", async () => {
    const dave = await seedSubject(servers, subject("dave"));
    await seedSubject(servers, `${dave.subjectId}0`);
    await seedSubject(servers, subject("erin"));
    const before = await snapshot(servers);

    const outcome = await service.process(request(dave.subjectId, "erase"));

    expect(outcome).toMatchObject({
      status: "completed",
      replayed: false,
      counts: { postgres: { profiles: 1, sessions: 2, memories: 3, memory_links: 1 }, redisKeys: 5, s3Objects: 3, exportObjects: 1 },
    });
    expect(await snapshot(servers)).toEqual(withoutSubject(before, dave));
    // The outbox row (committed with the PostgreSQL deletes, naming what was left to purge), then the completion.
    const audit = await auditRowsOf(servers, outcome.requestId);
    expect(audit).toEqual([
      expect.objectContaining({
        status: "erasing",
        request_type: "erase",
        counts: { postgres: ERASED_ROWS, redisKeys: 0, s3Objects: 0, exportObjects: 0 },
        purge_targets: { data: { bucket: DATA_BUCKET, prefix: `subjects/${dave.subjectId}/` }, exports: { bucket: EXPORT_BUCKET, prefix: `dsr-exports/${dave.subjectId}/` }, redisPattern: `neuroca:subject:${dave.subjectId}:*`, redisKeyPrefix: `neuroca:subject:${dave.subjectId}:` },
      }),
      expect.objectContaining({ status: "completed", request_type: "erase", counts: outcome.counts, export_location: null, purge_targets: null }),
    ]);
  });

  it("a repeated erase with the same request id is a no-op that returns the first result", async () => {
    const frank = await seedSubject(servers, subject("frank"));
    const req = request(frank.subjectId, "erase");
    const first = await service.process(req);
    // New data appearing for the subject afterwards proves the replay touches no store.
    const lateKey = `neuroca:subject:${frank.subjectId}:late`;
    await servers.redisClient.set(lateKey, "x");
    await clients.s3.send(new PutObjectCommand({ Bucket: DATA_BUCKET, Key: `subjects/${frank.subjectId}/late.txt`, Body: "late" }));
    const before = await snapshot(servers);

    const second = await service.process(req);

    expect(second).toEqual({ ...first, replayed: true });
    expect(await snapshot(servers)).toEqual(before);
    expect((await auditRowsOf(servers, req.requestId)).map((r) => r.status)).toEqual(["erasing", "completed"]);
    // A new request id erases again (and finds only the late data).
    const third = await service.process(request(frank.subjectId, "erase", `${req.requestId}-again`));
    expect(third.counts).toEqual({ postgres: { profiles: 0, sessions: 0, memories: 0, memory_links: 0 }, redisKeys: 1, s3Objects: 1, exportObjects: 0 });
    expect(await servers.redisClient.exists(lateKey)).toBe(0);
  });

  it("concurrent deliveries of one request erase once; the other replays", async () => {
    const gina = await seedSubject(servers, subject("gina"));
    const req = request(gina.subjectId, "erase");
    const results = await Promise.all([service.process(req), service.process(req)]);
    expect(results.map((r) => r.replayed).sort()).toEqual([false, true]);
    expect(results[0].counts).toEqual(results[1].counts);
    expect(results[0].counts).toMatchObject({ postgres: ERASED_ROWS, redisKeys: 5, s3Objects: 3, exportObjects: 1 });
    expect((await auditRowsOf(servers, req.requestId)).map((r) => r.status)).toEqual(["erasing", "completed"]);
  });

  it("refuses a request id reused for another subject", async () => {
    const hank = await seedSubject(servers, subject("hank"));
    const ivan = await seedSubject(servers, subject("ivan"));
    const first = await service.process(request(hank.subjectId, "erase"));
    const before = await snapshot(servers);
    await expect(service.process(request(ivan.subjectId, "erase", first.requestId))).rejects.toThrow(ConflictError);
    expect(await snapshot(servers)).toEqual(before);
  });
});

/**
 * A database outage at any point never leaves a subject half-erased and reported done: before the
 * first COMMIT nothing is erased anywhere; after it the subject is gone from PostgreSQL, the
 * request is on record as `erasing`, and a retry or the sweeper finishes S3 and Redis.
 */
describe("outages mid-erase: all or nothing, then completed by a retry or the sweeper", () => {
  /** The real database adapter, with `before(record)` run before each audit insert inside a transaction. */
  function dbWith(before: (record: AuditRecord) => Promise<void> | void): SubjectDatabase {
    const real = realDatabase(servers, clients.pool);
    const tx = (t: SubjectTransaction): SubjectTransaction => ({
      ...t,
      appendAudit: async (record) => {
        await before(record);
        return t.appendAudit(record);
      },
    });
    const session = (s: SubjectSession): SubjectSession => ({
      transaction: (mode, work) => s.transaction(mode, (t) => work(tx(t))),
      pendingErasures: (subjectId) => s.pendingErasures(subjectId),
    });
    return {
      findCompleted: (id) => real.findCompleted(id),
      auditRows: (id) => real.auditRows(id),
      pendingErasures: (limit) => real.pendingErasures(limit),
      appendAudit: (record) => real.appendAudit(record),
      withSubjectLock: (subjectId, work) => real.withSubjectLock(subjectId, (s) => work(session(s))),
      tryWithSubjectLock: (subjectId, work) => real.tryWithSubjectLock(subjectId, (s) => work(session(s))),
    };
  }

  /** Terminates the handler's backend that is inside a transaction (as a failover or network cut would). */
  async function terminateHandlerTransaction(): Promise<void> {
    const killed = await servers.admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'neuroca-dsr' AND state LIKE 'idle in transaction%'",
    );
    expect(killed.rowCount).toBe(1);
  }

  /** Runs `attempt` (which stops the server somewhere), then restarts the server. */
  async function withOutage(attempt: () => Promise<unknown>): Promise<void> {
    try {
      await expect(attempt()).rejects.toThrow();
    } finally {
      servers.pg.restart();
    }
    await servers.reconnectAdmin();
  }

  it("database server down before the first COMMIT (rows deleted, not committed): every store untouched; a retry erases everything", async () => {
    const jane = await seedSubject(servers, subject("jane"));
    await seedSubject(servers, subject("karl"));
    const before = await snapshot(servers);
    const req = request(jane.subjectId, "erase");

    // The crash comes just before the outbox row is inserted: the subject's DELETEs have run in the open transaction.
    await withOutage(() => engineWith({ db: dbWith((r) => (r.status === "erasing" ? servers.pg.crash() : undefined)) }).process(req));

    // All three stores exactly as before: S3 and Redis are only ever touched after the commit.
    expect(await snapshot(servers)).toEqual(before);
    expect(await auditRowsOf(servers, req.requestId)).toEqual([]); // the failed attempt could not even be recorded: the database was down

    const retried = await service.process(req);
    expect(retried).toMatchObject({ replayed: false, counts: { postgres: ERASED_ROWS, redisKeys: 5, s3Objects: 3, exportObjects: 1 } });
    expect(await snapshot(servers)).toEqual(withoutSubject(before, jane));
    expect((await auditRowsOf(servers, req.requestId)).map((r) => r.status)).toEqual(["erasing", "completed"]);
  });

  it("backend terminated before the first COMMIT: every store untouched, the failed attempt is on record with nothing done", async () => {
    const lara = await seedSubject(servers, subject("lara"));
    const before = await snapshot(servers);
    const req = request(lara.subjectId, "erase");

    await expect(engineWith({ db: dbWith((r) => (r.status === "erasing" ? terminateHandlerTransaction() : undefined)) }).process(req)).rejects.toThrow();

    expect(await snapshot(servers)).toEqual(before);
    const audit = await auditRowsOf(servers, req.requestId);
    expect(audit).toEqual([expect.objectContaining({ status: "failed", counts: { postgres: {}, redisKeys: 0, s3Objects: 0, exportObjects: 0 } })]);
    expect(audit[0].error).toMatch(/connection|terminat/);

    await service.process(req);
    expect(await snapshot(servers)).toEqual(withoutSubject(before, lara));
    expect((await auditRowsOf(servers, req.requestId)).map((r) => r.status)).toEqual(["failed", "erasing", "completed"]);
  });

  it("database server down after the first COMMIT, during the purge: PostgreSQL erased, audit says erasing; a retry completes and records it", async () => {
    const liam = await seedSubject(servers, subject("liam"));
    await seedSubject(servers, subject("mona"));
    const before = await snapshot(servers);
    const req = request(liam.subjectId, "erase");
    let crashed = false;
    // The server goes down as the purge starts; S3 and Redis keep working, so the purge itself
    // runs on, but the completion cannot be committed.
    const crashing = objectsWith(clients.s3, () => {
      if (!crashed) {
        crashed = true;
        servers.pg.crash();
      }
    });

    await withOutage(() => engineWith({ objects: crashing }).process(req));

    const mid = await snapshot(servers);
    expect(mid.postgres).toEqual(withoutSubject(before, liam).postgres); // committed: never visible as present again
    const audit = await auditRowsOf(servers, req.requestId);
    expect(audit).toEqual([expect.objectContaining({ status: "erasing", counts: expect.objectContaining({ postgres: ERASED_ROWS }) })]);
    // The status route tells the caller exactly that.
    expect((await service.status(req.requestId)).map((r) => r.status)).toEqual(["erasing"]);

    const retried = await service.process(req);
    expect(retried.replayed).toBe(false);
    expect(retried.counts.postgres).toEqual(ERASED_ROWS); // from the outbox row: the retry deleted no rows itself
    expect(await snapshot(servers)).toEqual(withoutSubject(before, liam));
    expect((await auditRowsOf(servers, req.requestId)).map((r) => r.status)).toEqual(["erasing", "completed"]);
    expect(await service.process(req)).toEqual({ ...retried, replayed: true });
  });

  it("an S3 failure mid-purge (data erased, export bucket down): audit says erasing + failed; the retry finishes S3 and Redis", async () => {
    const nina = await seedSubject(servers, subject("nina"));
    const before = await snapshot(servers);
    const req = request(nina.subjectId, "erase");
    const failingExports = objectsWith(clients.s3, (location) => {
      if (location.bucket === EXPORT_BUCKET) throw new Error("injected: export bucket unavailable");
    });

    await expect(engineWith({ objects: failingExports }).process(req)).rejects.toThrow("injected");

    const mid = await snapshot(servers);
    const erased = withoutSubject(before, nina);
    expect(mid.postgres).toEqual(erased.postgres);
    expect(mid.redis).toEqual(before.redis); // Redis comes after S3: not reached
    expect(Object.keys(mid.s3).filter((k) => k.includes(`/${nina.subjectId}/`))).toEqual(nina.exportKeys.map((k) => `${EXPORT_BUCKET}/${k}`));
    const audit = await auditRowsOf(servers, req.requestId);
    expect(audit).toEqual([
      expect.objectContaining({ status: "erasing" }),
      expect.objectContaining({ status: "failed", error: "Error: injected: export bucket unavailable", counts: { postgres: {}, s3Objects: 3, exportObjects: 0, redisKeys: 0 } }),
    ]);

    const retried = await service.process(req);
    expect(retried.counts).toEqual({ postgres: ERASED_ROWS, s3Objects: 0, exportObjects: 1, redisKeys: 5 });
    expect(await snapshot(servers)).toEqual(erased);
    expect((await auditRowsOf(servers, req.requestId)).map((r) => r.status)).toEqual(["erasing", "failed", "completed"]);
  });

  it("the sweeper finishes an erasure nobody retries; an export meanwhile finishes it first and copies nothing", async () => {
    const olive = await seedSubject(servers, subject("olive"));
    const pablo = await seedSubject(servers, subject("pablo"));
    const before = await snapshot(servers);
    const s3Down = objectsWith(clients.s3, () => {
      throw new Error("injected: S3 unavailable");
    });
    const oliveErase = request(olive.subjectId, "erase");
    const pabloErase = request(pablo.subjectId, "erase");
    await expect(engineWith({ objects: s3Down }).process(oliveErase)).rejects.toThrow("injected");
    await expect(engineWith({ objects: s3Down }).process(pabloErase)).rejects.toThrow("injected");
    // Both gone from PostgreSQL; their S3 objects and Redis keys are still there, owed by the outbox rows.
    const mid = await snapshot(servers);
    expect(mid.redis).toEqual(before.redis);
    expect(mid.s3).toEqual(before.s3);
    const pending = (await service.status(oliveErase.requestId)).map((r) => r.status);
    expect(pending).toEqual(["erasing", "failed"]);

    // An export of olive (new request id) must not copy what the erasure committed to remove: it finishes the erasure first.
    const exported = await service.process(request(olive.subjectId, "export"));
    expect(exported.counts).toEqual({ postgres: { profiles: 0, sessions: 0, memories: 0, memory_links: 0 }, redisKeys: 0, s3Objects: 0, exportObjects: 1 });
    expect((await auditRowsOf(servers, oliveErase.requestId)).map((r) => r.status)).toEqual(["erasing", "failed", "completed"]);

    // Nobody retries pablo's request: the sweeper (run by every later invocation) completes it.
    // (Every earlier test ended completed, so pablo's is the only pending erasure.)
    expect(await service.resumePending(10)).toEqual({ pending: 1, completed: 1, busy: 0, failed: 0 });
    const pabloAudit = await auditRowsOf(servers, pabloErase.requestId);
    expect(pabloAudit.map((r) => r.status)).toEqual(["erasing", "failed", "completed"]);
    expect(pabloAudit[2]).toMatchObject({ requested_by: "test:integration", counts: { postgres: ERASED_ROWS, s3Objects: 3, exportObjects: 1, redisKeys: 5 } });
    const after = await snapshot(servers);
    const expected = withoutSubject(withoutSubject(before, olive), pablo);
    expect(after.postgres).toEqual(expected.postgres);
    expect(after.redis).toEqual(expected.redis);
    // S3: both subjects' data gone; the only new object is olive's (empty) export bundle.
    const added = Object.keys(after.s3).filter((k) => !(k in before.s3));
    expect(added).toEqual([`${EXPORT_BUCKET}/dsr-exports/${olive.subjectId}/${exported.requestId}/bundle.json`]);
    expect(Object.fromEntries(Object.entries(after.s3).filter(([k]) => !added.includes(k)))).toEqual(expected.s3);
    // Nothing left pending; the original request now replays the sweeper's result.
    expect(await service.resumePending(10)).toEqual({ pending: 0, completed: 0, busy: 0, failed: 0 });
    expect(await service.process(pabloErase)).toMatchObject({ replayed: true, counts: { s3Objects: 3 } });
  });

  it("the sweeper skips a subject another session is working on", async () => {
    const quentin = await seedSubject(servers, subject("quentin"));
    const req = request(quentin.subjectId, "erase");
    await expect(engineWith({ objects: objectsWith(clients.s3, () => Promise.reject(new Error("injected"))) }).process(req)).rejects.toThrow("injected");
    // Hold the subject's lock while the sweeper runs.
    const db = realDatabase(servers, clients.pool);
    const result = await db.withSubjectLock(quentin.subjectId, () => service.resumePending(10));
    expect(result).toMatchObject({ busy: 1, completed: 0 });
    expect((await auditRowsOf(servers, req.requestId)).map((r) => r.status)).toEqual(["erasing", "failed"]);
    expect(await service.resumePending(10)).toMatchObject({ completed: 1, busy: 0 });
    expect((await auditRowsOf(servers, req.requestId)).map((r) => r.status)).toEqual(["erasing", "failed", "completed"]);
  });
});

describe("audit table", () => {
  it("is append-only: UPDATE and DELETE are refused, also for the table owner", async () => {
    const olga = await seedSubject(servers, subject("olga"));
    const outcome = await service.process(request(olga.subjectId, "erase"));
    const table = servers.config.pg.auditTable;
    await expect(servers.admin.query(`UPDATE ${table} SET status = 'failed' WHERE request_id = $1`, [outcome.requestId])).rejects.toThrow(/append-only/);
    await expect(servers.admin.query(`DELETE FROM ${table} WHERE request_id = $1`, [outcome.requestId])).rejects.toThrow(/append-only/);
    await expect(servers.admin.query(`TRUNCATE ${table}`)).rejects.toThrow(/append-only/);
    // The handler's own role has no UPDATE/DELETE privilege at all.
    await expect(clients.pool.query(`DELETE FROM ${table} WHERE request_id = $1`, [outcome.requestId])).rejects.toThrow(/permission denied/);
    expect(await auditRowsOf(servers, outcome.requestId)).toHaveLength(2);
  });

  it("has at most one erasing row per request, and an erasing row must name its purge targets", async () => {
    const table = servers.config.pg.auditTable;
    const insert = (id: string, targets: string | null) =>
      servers.admin.query(
        `INSERT INTO ${table} (request_id, subject_id, request_type, basis, status, requested_by, started_at, completed_at, counts, purge_targets)
         VALUES ($1, 's', 'erase', 'gdpr-art17', 'erasing', 't', now(), now(), '{}', $2)`,
        [id, targets],
      );
    await expect(insert("constraint-test-1", null)).rejects.toThrow(/outbox_check/);
    await insert("constraint-test-2", "{}");
    await expect(insert("constraint-test-2", "{}")).rejects.toThrow(/erasing_uq/);
  });

  it("the migration upgrades an audit table created before the erasing status, keeping its rows", async () => {
    const names = { schema: "upgrade_test", auditTable: "upgrade_test.dsr_audit" };
    await servers.admin.query("CREATE SCHEMA upgrade_test");
    // The first version's DDL.
    await servers.admin.query(`CREATE TABLE upgrade_test.dsr_audit (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, request_id text NOT NULL, subject_id text NOT NULL,
      request_type text NOT NULL CHECK (request_type IN ('export', 'erase')), basis text NOT NULL,
      status text NOT NULL CHECK (status IN ('completed', 'failed')), requested_by text NOT NULL,
      started_at timestamptz NOT NULL, completed_at timestamptz NOT NULL, counts jsonb NOT NULL,
      export_location text, error text, recorded_at timestamptz NOT NULL DEFAULT clock_timestamp())`);
    await servers.admin.query(`INSERT INTO upgrade_test.dsr_audit (request_id, subject_id, request_type, basis, status, requested_by, started_at, completed_at, counts)
      VALUES ('old-request-1', 's', 'erase', 'gdpr-art17', 'completed', 't', now(), now(), '{}')`);
    await migrate(servers.admin, names);
    await migrate(servers.admin, names); // idempotent
    await servers.admin.query(`INSERT INTO upgrade_test.dsr_audit (request_id, subject_id, request_type, basis, status, requested_by, started_at, completed_at, counts, purge_targets)
      VALUES ('new-request-1', 's', 'erase', 'gdpr-art17', 'erasing', 't', now(), now(), '{}', '{}')`);
    const { rows } = await servers.admin.query("SELECT request_id, status FROM upgrade_test.dsr_audit ORDER BY id");
    expect(rows).toEqual([
      { request_id: "old-request-1", status: "completed" },
      { request_id: "new-request-1", status: "erasing" },
    ]);
    await expect(servers.admin.query("UPDATE upgrade_test.dsr_audit SET status = 'failed'")).rejects.toThrow(/append-only/);
  });

  it("status lists every attempt of a request", async () => {
    const pete = await seedSubject(servers, subject("pete"));
    const outcome: DsrOutcome = await service.process(request(pete.subjectId, "export"));
    const rows = await service.status(outcome.requestId);
    expect(rows).toEqual([expect.objectContaining({ requestId: outcome.requestId, subjectId: pete.subjectId, status: "completed", exportLocation: outcome.exportLocation })]);
  });
});

describe("Redis adapter", () => {
  it("deletes keys in SCAN batches and never touches a neighbour whose id shares the prefix", async () => {
    const cache = new RedisSubjectCache(clients.redis, 10);
    const id = subject("quinn");
    for (let i = 0; i < 250; i++) await servers.redisClient.set(`neuroca:subject:${id}:k${i}`, String(i));
    await servers.redisClient.set(`neuroca:subject:${id}0:k`, "neighbour");
    await servers.redisClient.set(`neuroca:subject:${id}`, "no trailing colon: not a subject key");
    const plan = { redisPattern: `neuroca:subject:${id}:*`, redisKeyPrefix: `neuroca:subject:${id}:` } as SubjectPlan;
    const progress: number[] = [];
    expect(await cache.deleteAll(plan, (n) => progress.push(n))).toBe(250);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress[progress.length - 1]).toBe(250);
    expect(await servers.redisClient.get(`neuroca:subject:${id}0:k`)).toBe("neighbour");
    expect(await servers.redisClient.exists(`neuroca:subject:${id}`)).toBe(1);
    expect(await cache.deleteAll(plan)).toBe(0);
  });
});
