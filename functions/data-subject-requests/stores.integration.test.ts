/**
 * The DSR handler against real stores: PostgreSQL 15 (Debian), redis-server (Debian) and s3rver
 * (npm), all started here on loopback and stopped in afterAll. Each test seeds its own subjects,
 * next to "bystander" subjects whose data must never change.
 */
import type { Pool } from "pg";
import type { Redis } from "ioredis";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { validateRequest, type RequestType } from "./core/request";
import { ConflictError, type DsrOutcome } from "./core/audit";
import type { ExportBundle } from "./core/export-bundle";
import type { CacheEntry, ObjectStore, SubjectCache } from "./core/ports";
import type { SubjectPlan, S3Location } from "./core/plan";
import { DsrEngine } from "./core/engine";
import { PostgresSubjectDatabase } from "./adapters/postgres";
import { RedisSubjectCache } from "./adapters/redis";
import { S3ObjectStore } from "./adapters/s3";
import type { DsrService } from "./service";
import {
  DATA_BUCKET,
  EXPORT_BUCKET,
  auditRowsOf,
  getText,
  newService,
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

/** An engine over the real adapters, with some store wrapped to fail or misbehave mid-request. */
function engineWith(overrides: { cache?: SubjectCache; objects?: ObjectStore }): DsrEngine {
  const cfg = servers.config;
  return new DsrEngine({
    db: new PostgresSubjectDatabase(clients.pool, { schema: cfg.pg.schema, auditTable: cfg.pg.auditTable }),
    cache: overrides.cache ?? new RedisSubjectCache(clients.redis),
    objects: overrides.objects ?? new S3ObjectStore(clients.s3),
    layout: {
      schema: cfg.pg.schema,
      redisKeyPrefix: cfg.redis.keyPrefix,
      dataBucket: cfg.s3.dataBucket,
      dataPrefix: cfg.s3.dataPrefix,
      exportBucket: cfg.s3.exportBucket,
      exportPrefix: cfg.s3.exportPrefix,
    },
  });
}

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
    const audit = await auditRowsOf(servers, outcome.requestId);
    expect(audit).toEqual([expect.objectContaining({ status: "completed", request_type: "erase", counts: outcome.counts, export_location: null })]);
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
    expect(await auditRowsOf(servers, req.requestId)).toHaveLength(1);
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
    expect(results[0].counts.postgres.memories).toBe(3);
    expect(await auditRowsOf(servers, req.requestId)).toHaveLength(1);
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

describe("failures mid-erase leave nothing half-erased in PostgreSQL and a retry completes", () => {
  /** Terminates the handler's in-flight transaction (as an outage or failover would) before Redis is touched. */
  function cacheThatKillsTheTransaction(): SubjectCache {
    const real = new RedisSubjectCache(clients.redis);
    return {
      dump: (plan) => real.dump(plan),
      deleteAll: async (plan, onProgress) => {
        const killed = await servers.admin.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'neuroca-dsr' AND state LIKE 'idle in transaction%'",
        );
        expect(killed.rowCount).toBe(1);
        return real.deleteAll(plan, onProgress);
      },
    };
  }

  it("backend terminated between statements: PostgreSQL rolled back, no completed audit row, retry erases everything", async () => {
    const jane = await seedSubject(servers, subject("jane"));
    await seedSubject(servers, subject("karl"));
    const before = await snapshot(servers);
    const req = request(jane.subjectId, "erase");

    await expect(engineWith({ cache: cacheThatKillsTheTransaction() }).process(req)).rejects.toThrow();

    // PostgreSQL: all or nothing -> nothing (the subject's deletes were in the killed transaction).
    const mid = await snapshot(servers);
    expect(mid.postgres).toEqual(before.postgres);
    // The failed attempt is on record, with what it did in the non-transactional stores.
    const failed = await auditRowsOf(servers, req.requestId);
    expect(failed).toEqual([expect.objectContaining({ status: "failed" })]);
    expect(failed[0].counts).toMatchObject({ s3Objects: 3, exportObjects: 1, postgres: {} });

    const retried = await service.process(req);

    expect(retried.replayed).toBe(false);
    expect(retried.counts.postgres).toEqual({ profiles: 1, sessions: 2, memories: 3, memory_links: 1 });
    expect(await snapshot(servers)).toEqual(withoutSubject(before, jane));
    expect((await auditRowsOf(servers, req.requestId)).map((r) => r.status)).toEqual(["failed", "completed"]);
  });

  it("database server down mid-request: nothing committed; after it is back a retry completes", async () => {
    const liam = await seedSubject(servers, subject("liam"));
    await seedSubject(servers, subject("mona"));
    const before = await snapshot(servers);
    const req = request(liam.subjectId, "erase");
    const real = new S3ObjectStore(clients.s3);
    let crashed = false;
    const crashingObjects: ObjectStore = {
      list: (l) => real.list(l),
      copy: (f, t) => real.copy(f, t),
      putJson: (t, b) => real.putJson(t, b),
      deleteAll: async (location: S3Location, onProgress) => {
        const n = await real.deleteAll(location, onProgress);
        if (!crashed) {
          crashed = true;
          servers.pg.crash(); // the subject's rows are deleted but not committed at this point
        }
        return n;
      },
    };

    try {
      await expect(engineWith({ objects: crashingObjects }).process(req)).rejects.toThrow();
    } finally {
      servers.pg.restart();
    }
    await servers.reconnectAdmin();

    const mid = await snapshot(servers);
    expect(mid.postgres).toEqual(before.postgres);
    expect((await auditRowsOf(servers, req.requestId)).filter((r) => r.status === "completed")).toHaveLength(0);

    const retried = await service.process(req);
    expect(retried.counts.postgres).toEqual({ profiles: 1, sessions: 2, memories: 3, memory_links: 1 });
    expect(await snapshot(servers)).toEqual(withoutSubject(before, liam));
    expect((await auditRowsOf(servers, req.requestId)).filter((r) => r.status === "completed")).toHaveLength(1);
  });

  it("a store failing after some deletes (S3 export prefix) rolls PostgreSQL back; the retry finishes the rest", async () => {
    const nina = await seedSubject(servers, subject("nina"));
    const before = await snapshot(servers);
    const req = request(nina.subjectId, "erase");
    const real = new S3ObjectStore(clients.s3);
    const failingExports: ObjectStore = {
      list: (l) => real.list(l),
      copy: (f, t) => real.copy(f, t),
      putJson: (t, b) => real.putJson(t, b),
      deleteAll: async (location: S3Location, onProgress) => {
        if (location.bucket === EXPORT_BUCKET) throw new Error("injected: export bucket unavailable");
        return real.deleteAll(location, onProgress);
      },
    };

    await expect(engineWith({ objects: failingExports }).process(req)).rejects.toThrow("injected");

    const mid = await snapshot(servers);
    expect(mid.postgres).toEqual(before.postgres);
    expect(mid.redis).toEqual(before.redis); // Redis comes after S3: not reached
    const failed = await auditRowsOf(servers, req.requestId);
    expect(failed).toEqual([expect.objectContaining({ status: "failed", error: "Error: injected: export bucket unavailable" })]);
    expect(failed[0].counts).toMatchObject({ s3Objects: 3, redisKeys: 0 });

    const retried = await service.process(req);
    expect(retried.counts).toMatchObject({ s3Objects: 0, exportObjects: 1, redisKeys: 5 });
    expect(await snapshot(servers)).toEqual(withoutSubject(before, nina));
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
    expect(await auditRowsOf(servers, outcome.requestId)).toHaveLength(1);
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
