/**
 * Unit tests of the pure core (validation, plan, audit shapes, export bundle, orchestration
 * order) and of the environment contract. No servers.
 */
import { validateRequest, ValidationError, DEFAULT_BASIS } from "./core/request";
import { assertPurgeTargets, escapeRedisGlob, exportCopyKey, exportTarget, planFor, purgeTargetsOf, SUBJECT_TABLES, type Layout } from "./core/plan";
import { assertSameRequest, completedRecord, ConflictError, emptyCounts, erasingRecord, failedRecord, outcomeOf, requestOf, type AuditRecord } from "./core/audit";
import { buildExportBundle, BUNDLE_FORMAT } from "./core/export-bundle";
import { DsrEngine } from "./core/engine";
import type { ObjectStore, SubjectCache, SubjectDatabase, SubjectSession, SubjectTransaction } from "./core/ports";
import { ConfigError, DEFAULTS, ENV, LAMBDA, loadConfig, ROUTES } from "./env";

const layout: Layout = { schema: "neuroca", redisKeyPrefix: "neuroca", dataBucket: "data", dataPrefix: "subjects", exportBucket: "exports", exportPrefix: "dsr-exports" };

describe("validateRequest", () => {
  it("accepts a well-formed request and fills the default legal basis", () => {
    expect(validateRequest({ requestId: "ticket-12345", subjectId: "u-42", type: "erase" }, "iam:arn")).toEqual({
      requestId: "ticket-12345",
      subjectId: "u-42",
      type: "erase",
      basis: DEFAULT_BASIS.erase,
      requestedBy: "iam:arn",
    });
    expect(validateRequest({ requestId: "ticket-12345", subjectId: "u-42", type: "export", basis: "ccpa-know" }, "x").basis).toBe("ccpa-know");
  });

  it.each([
    ["not an object", "[]"],
    ["short request id", { requestId: "abc", subjectId: "u-1", type: "erase" }],
    ["subject id with a slash (S3 prefix escape)", { requestId: "req-000001", subjectId: "u/../v", type: "erase" }],
    ["subject id with a glob (Redis pattern widening)", { requestId: "req-000001", subjectId: "u*", type: "erase" }],
    ["subject id with dots only", { requestId: "req-000001", subjectId: "u..", type: "erase" }],
    ["empty subject id", { requestId: "req-000001", subjectId: "", type: "erase" }],
    ["unknown type", { requestId: "req-000001", subjectId: "u-1", type: "delete" }],
    ["basis that does not fit the type", { requestId: "req-000001", subjectId: "u-1", type: "export", basis: "gdpr-art17" }],
    ["unknown basis", { requestId: "req-000001", subjectId: "u-1", type: "export", basis: "hipaa" }],
    ["unknown field (e.g. a spoofed requestedBy)", { requestId: "req-000001", subjectId: "u-1", type: "export", requestedBy: "someone" }],
  ])("rejects %s", (_name, input) => {
    expect(() => validateRequest(typeof input === "string" ? JSON.parse(input) : input, "caller")).toThrow(ValidationError);
  });

  it("lists every problem at once and requires a caller identity", () => {
    // Caught outside the assertions: a call that does not throw fails the first expect.
    let err: unknown;
    try {
      validateRequest({ requestId: 1, subjectId: 2, type: 3 }, " ");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).problems).toHaveLength(4);
  });
});

describe("planFor", () => {
  it("scopes every store to the subject with a terminating separator", () => {
    const plan = planFor("u-1", layout);
    expect(plan.data).toEqual({ bucket: "data", prefix: "subjects/u-1/" });
    expect(plan.exports).toEqual({ bucket: "exports", prefix: "dsr-exports/u-1/" });
    expect(plan.redisPattern).toBe("neuroca:subject:u-1:*");
    expect(plan.redisKeyPrefix).toBe("neuroca:subject:u-1:");
  });

  it("erases children before parents and exports parents first", () => {
    const plan = planFor("u-1", layout);
    expect(plan.exportOrder.map((t) => t.name)).toEqual(["profiles", "sessions", "memories", "memory_links"]);
    expect(plan.eraseOrder.map((t) => t.name)).toEqual(["memory_links", "memories", "sessions", "profiles"]);
  });

  it("escapes Redis glob metacharacters", () => {
    expect(escapeRedisGlob("a*b?c[d]e\\f^")).toBe("a\\*b\\?c\\[d\\]e\\\\f\\^");
  });

  it("places export copies under the request's export prefix and refuses foreign keys", () => {
    const plan = planFor("u-1", layout);
    expect(exportTarget(plan, "req-000001")).toEqual({ bucket: "exports", prefix: "dsr-exports/u-1/req-000001/", bundleKey: "dsr-exports/u-1/req-000001/bundle.json" });
    expect(exportCopyKey(plan, "req-000001", "subjects/u-1/a/b.txt")).toBe("dsr-exports/u-1/req-000001/objects/a/b.txt");
    expect(() => exportCopyKey(plan, "req-000001", "subjects/u-10/a.txt")).toThrow(/outside/);
  });
});

describe("audit records", () => {
  const req = validateRequest({ requestId: "req-000001", subjectId: "u-1", type: "erase" }, "caller");
  const t0 = new Date("2025-01-01T00:00:00.000Z");
  const t1 = new Date("2025-01-01T00:00:01.500Z");

  it("a completed record becomes the replayable outcome", () => {
    const counts = { ...emptyCounts(SUBJECT_TABLES.map((t) => t.name)), redisKeys: 2 };
    const record = completedRecord(req, counts, t0, t1);
    expect(record).toMatchObject({ status: "completed", startedAt: "2025-01-01T00:00:00.000Z", completedAt: "2025-01-01T00:00:01.500Z", counts });
    expect(record).not.toHaveProperty("exportLocation");
    expect(outcomeOf(record, true)).toMatchObject({ replayed: true, counts, requestId: "req-000001" });
  });

  it("a failed record caps the error text and is never an outcome", () => {
    const record = failedRecord(req, emptyCounts([]), t0, t1, new Error("x".repeat(5000)));
    expect(record.status).toBe("failed");
    expect(record.error?.length).toBe(1000);
    expect(() => outcomeOf(record, false)).toThrow();
  });

  it("an erasing row is the outbox: PostgreSQL counts, no S3/Redis counts yet, the purge targets; never an outcome", () => {
    const targets = purgeTargetsOf(planFor("u-1", layout));
    const record = erasingRecord(req, { profiles: 1 }, targets, t0, t1);
    expect(record).toMatchObject({ status: "erasing", type: "erase", counts: { postgres: { profiles: 1 }, redisKeys: 0, s3Objects: 0, exportObjects: 0 }, purgeTargets: targets });
    expect(requestOf(record)).toEqual(req);
    expect(() => outcomeOf(record, false)).toThrow();
  });

  it("refuses a request id reused for another subject or operation", () => {
    const existing: AuditRecord = completedRecord(req, emptyCounts([]), t0, t1);
    expect(() => assertSameRequest(existing, { ...req, subjectId: "u-2" })).toThrow(ConflictError);
    expect(() => assertSameRequest(existing, { ...req, type: "export", basis: "gdpr-art15" })).toThrow(ConflictError);
    expect(() => assertSameRequest(existing, { ...req, requestedBy: "someone else" })).not.toThrow();
  });
});

describe("buildExportBundle", () => {
  it("is a self-describing document with sorted entries", () => {
    const req = validateRequest({ requestId: "req-000001", subjectId: "u-1", type: "export" }, "caller");
    const bundle = buildExportBundle(
      req,
      { profiles: [{ subject_id: "u-1" }] },
      [
        { key: "b", type: "string", ttlMs: null, value: "2" },
        { key: "a", type: "string", ttlMs: 5, value: "1" },
      ],
      [{ key: "subjects/u-1/z", size: 1, exportKey: "e/z" }, { key: "subjects/u-1/a", size: 1, exportKey: "e/a" }],
      new Date("2025-01-02T03:04:05.000Z"),
    );
    expect(bundle.format).toBe(BUNDLE_FORMAT);
    expect(bundle.generatedAt).toBe("2025-01-02T03:04:05.000Z");
    expect(bundle.redis.map((e) => e.key)).toEqual(["a", "b"]);
    expect(bundle.objects.map((o) => o.key)).toEqual(["subjects/u-1/a", "subjects/u-1/z"]);
  });
});

/** Records the order in which the engine calls the ports (the documented erase ordering). */
function recordingPorts(options: { failAt?: string; completed?: AuditRecord; erasing?: AuditRecord; pending?: AuditRecord[]; busy?: boolean } = {}) {
  const calls: string[] = [];
  const appended: AuditRecord[] = [];
  const step = async <T>(name: string, value: T): Promise<T> => {
    calls.push(name);
    if (options.failAt === name) throw new Error(`boom at ${name}`);
    return value;
  };
  const tx: SubjectTransaction = {
    findCompleted: () => step("tx.findCompleted", undefined),
    findErasing: () => step("tx.findErasing", options.erasing),
    readSubjectRows: () => step("tx.readSubjectRows", { profiles: [] }),
    deleteSubjectRows: () => step("tx.deleteSubjectRows", { profiles: 1, sessions: 0, memories: 0, memory_links: 0 }),
    appendAudit: (r) => {
      appended.push(r);
      return step(`tx.appendAudit(${r.status})`, undefined);
    },
  };
  const session: SubjectSession = {
    transaction: async (mode, work) => {
      calls.push(`begin(${mode})`);
      try {
        const result = await work(tx);
        calls.push("commit");
        return result;
      } catch (err) {
        calls.push("rollback");
        throw err;
      }
    },
    pendingErasures: () => step("session.pendingErasures", options.pending ?? []),
  };
  const db: SubjectDatabase = {
    findCompleted: () => step("db.findCompleted", options.completed),
    auditRows: () => step("db.auditRows", []),
    pendingErasures: () => step("db.pendingErasures", options.pending ?? []),
    appendAudit: (r) => {
      appended.push(r);
      return step(`db.appendAudit(${r.status})`, undefined);
    },
    withSubjectLock: async (subjectId, work) => {
      calls.push(`lock(${subjectId})`);
      try {
        return await work(session);
      } finally {
        calls.push("unlock");
      }
    },
    tryWithSubjectLock: async (subjectId, work) => {
      calls.push(`trylock(${subjectId})`);
      if (options.busy) return { locked: false };
      try {
        return { locked: true, value: await work(session) };
      } finally {
        calls.push("unlock");
      }
    },
  };
  const cache: SubjectCache = {
    dump: () => step("cache.dump", []),
    deleteAll: async (_p, onProgress) => {
      onProgress?.(2);
      return step("cache.deleteAll", 2);
    },
  };
  const objects: ObjectStore = {
    list: () => step("objects.list", []),
    copy: () => step("objects.copy", undefined),
    putJson: () => step("objects.putJson", undefined),
    deleteAll: async (location, onProgress) => {
      onProgress?.(3);
      return step(`objects.deleteAll(${location.bucket})`, 3);
    },
  };
  return { calls, appended, engine: new DsrEngine({ db, cache, objects, layout }) };
}

const PURGE = ["begin(erase)", "tx.findCompleted", "objects.deleteAll(data)", "objects.deleteAll(exports)", "cache.deleteAll", "tx.appendAudit(completed)", "commit"];

describe("DsrEngine ordering (transactional outbox)", () => {
  const erase = validateRequest({ requestId: "req-000001", subjectId: "u-1", type: "erase" }, "caller");
  const pgCounts = { profiles: 1, sessions: 0, memories: 0, memory_links: 0 };

  it("erase: PostgreSQL deletes + erasing row COMMIT first; S3 and Redis only after; then the completed row; a sweep last", async () => {
    const { calls, appended, engine } = recordingPorts();
    const outcome = await engine.process(erase);
    expect(calls).toEqual([
      "db.findCompleted",
      "lock(u-1)",
      "begin(erase)",
      "tx.findCompleted",
      "tx.findErasing",
      "tx.deleteSubjectRows",
      "tx.appendAudit(erasing)",
      "commit",
      ...PURGE,
      "unlock",
      "cache.deleteAll",
    ]);
    expect(appended[0]).toMatchObject({ status: "erasing", counts: { postgres: pgCounts, redisKeys: 0, s3Objects: 0, exportObjects: 0 }, purgeTargets: purgeTargetsOf(planFor("u-1", layout)) });
    expect(outcome.counts).toEqual({ postgres: pgCounts, redisKeys: 2, s3Objects: 3, exportObjects: 3 });
  });

  it("failure before the first COMMIT: rolled back, S3 and Redis never touched, a failed row with zero counts", async () => {
    const { calls, appended, engine } = recordingPorts({ failAt: "tx.appendAudit(erasing)" });
    await expect(engine.process(erase)).rejects.toThrow("boom at tx.appendAudit(erasing)");
    expect(calls.filter((c) => c.startsWith("objects.") || c.startsWith("cache."))).toEqual([]);
    expect(calls.slice(-3)).toEqual(["rollback", "unlock", "db.appendAudit(failed)"]);
    expect(appended.map((r) => r.status)).toEqual(["erasing", "failed"]); // the erasing insert was attempted, then rolled back
    expect(appended[1].counts).toEqual({ postgres: {}, redisKeys: 0, s3Objects: 0, exportObjects: 0 });
  });

  it("failure during the purge: the erasing row stays committed, no completed row, a failed row with the partial purge", async () => {
    const { calls, appended, engine } = recordingPorts({ failAt: "cache.deleteAll" });
    await expect(engine.process(erase)).rejects.toThrow("boom at cache.deleteAll");
    expect(calls.indexOf("commit")).toBeLessThan(calls.indexOf("objects.deleteAll(data)"));
    expect(calls).not.toContain("tx.appendAudit(completed)");
    expect(calls.slice(-4)).toEqual(["cache.deleteAll", "rollback", "unlock", "db.appendAudit(failed)"]);
    expect(appended.map((r) => r.status)).toEqual(["erasing", "failed"]);
    expect(appended[1]).toMatchObject({ error: "Error: boom at cache.deleteAll", counts: { postgres: {}, s3Objects: 3, exportObjects: 3, redisKeys: 2 } });
  });

  it("a retry of an erasure that already committed purges and completes without deleting rows again", async () => {
    const erasing = erasingRecord(erase, { profiles: 1, sessions: 2, memories: 3, memory_links: 1 }, purgeTargetsOf(planFor("u-1", layout)), new Date(0), new Date(1));
    const { calls, engine } = recordingPorts({ erasing });
    const outcome = await engine.process(erase);
    expect(calls).not.toContain("tx.deleteSubjectRows");
    expect(calls.slice(0, 6)).toEqual(["db.findCompleted", "lock(u-1)", "begin(erase)", "tx.findCompleted", "tx.findErasing", "commit"]);
    expect(outcome).toMatchObject({ replayed: false, counts: { postgres: { profiles: 1, sessions: 2, memories: 3, memory_links: 1 }, s3Objects: 3, redisKeys: 2 } });
  });

  it("an erasing row of the same id for another subject is a conflict; nothing is touched", async () => {
    const other = validateRequest({ requestId: "req-000001", subjectId: "u-2", type: "erase" }, "caller");
    const erasing = erasingRecord(other, {}, purgeTargetsOf(planFor("u-2", layout)), new Date(0), new Date(1));
    const { calls, appended, engine } = recordingPorts({ erasing });
    await expect(engine.process(erase)).rejects.toThrow(ConflictError);
    expect(calls).not.toContain("tx.deleteSubjectRows");
    expect(calls.filter((c) => c.startsWith("objects.") || c.startsWith("cache."))).toEqual([]);
    expect(appended).toEqual([]);
  });

  it("refuses to purge targets that are not the subject's (a damaged or forged outbox row)", async () => {
    const forged = erasingRecord(erase, {}, purgeTargetsOf(planFor("u-2", layout)), new Date(0), new Date(1));
    const { calls, engine } = recordingPorts({ erasing: forged });
    await expect(engine.process(erase)).rejects.toThrow(/refusing purge targets/);
    expect(calls.filter((c) => c.startsWith("objects.") || c.startsWith("cache."))).toEqual([]);
  });

  it("a completed request replays without taking the lock", async () => {
    const done = completedRecord(erase, emptyCounts([]), new Date(0), new Date(1));
    const { calls, engine } = recordingPorts({ completed: done });
    expect((await engine.process(erase)).replayed).toBe(true);
    expect(calls).toEqual(["db.findCompleted"]);
  });

  it("export finishes a pending erasure of the subject first, then reads inside a snapshot transaction", async () => {
    const pending = [erasingRecord(erase, pgCounts, purgeTargetsOf(planFor("u-1", layout)), new Date(0), new Date(1))];
    const { calls, appended, engine } = recordingPorts({ pending });
    const outcome = await engine.process(validateRequest({ requestId: "req-000002", subjectId: "u-1", type: "export" }, "caller"));
    expect(calls).toEqual([
      "db.findCompleted",
      "lock(u-1)",
      "session.pendingErasures",
      ...PURGE,
      "begin(export)",
      "tx.findCompleted",
      "tx.readSubjectRows",
      "cache.dump",
      "objects.list",
      "objects.putJson",
      "tx.appendAudit(completed)",
      "commit",
      "unlock",
    ]);
    expect(appended.map((r) => [r.requestId, r.type, r.status])).toEqual([
      ["req-000001", "erase", "completed"],
      ["req-000002", "export", "completed"],
    ]);
    expect(outcome.exportLocation).toBe("s3://exports/dsr-exports/u-1/req-000002/bundle.json");
  });

  it("the sweeper finishes pending erasures under a try-lock, skips busy subjects and reports failures", async () => {
    const pending = [erasingRecord(erase, pgCounts, purgeTargetsOf(planFor("u-1", layout)), new Date(0), new Date(1))];
    const ok = recordingPorts({ pending });
    expect(await ok.engine.resumePending(5)).toEqual({ pending: 1, completed: 1, busy: 0, failed: 0 });
    expect(ok.calls).toEqual(["db.pendingErasures", "trylock(u-1)", ...PURGE, "unlock"]);
    expect(ok.appended[0]).toMatchObject({ requestId: "req-000001", status: "completed", requestedBy: "caller", counts: { postgres: pgCounts } });

    const busy = recordingPorts({ pending, busy: true });
    expect(await busy.engine.resumePending(5)).toEqual({ pending: 1, completed: 0, busy: 1, failed: 0 });
    expect(busy.calls).toEqual(["db.pendingErasures", "trylock(u-1)"]);

    const failing = recordingPorts({ pending, failAt: "objects.deleteAll(exports)" });
    expect(await failing.engine.resumePending(5)).toEqual({ pending: 1, completed: 0, busy: 0, failed: 1 });
    expect(failing.appended).toEqual([expect.objectContaining({ requestId: "req-000001", status: "failed", counts: expect.objectContaining({ s3Objects: 3, exportObjects: 3 }) })]);
  });
});

describe("purge targets", () => {
  it("must stay inside the subject's prefixes", () => {
    const good = purgeTargetsOf(planFor("u-1", layout));
    expect(assertPurgeTargets("u-1", good)).toBe(good);
    expect(() => assertPurgeTargets("u-1", undefined)).toThrow(/no purge targets/);
    expect(() => assertPurgeTargets("u-1", { ...good, data: { bucket: "data", prefix: "subjects/" } })).toThrow(/data location/);
    expect(() => assertPurgeTargets("u-1", { ...good, exports: { bucket: "exports", prefix: "dsr-exports/u-1/../" } })).toThrow(/exports location/);
    expect(() => assertPurgeTargets("u-1", { ...good, redisKeyPrefix: "neuroca:subject:u-2:" })).toThrow(/Redis key prefix/);
    expect(() => assertPurgeTargets("u-1", { ...good, redisPattern: "neuroca:*" })).toThrow(/Redis pattern/);
  });
});

describe("loadConfig (environment contract)", () => {
  const base = { PGHOST: "db", PGDATABASE: "neuroca", DB_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:1:secret:x", REDIS_HOST: "cache", DATA_BUCKET: "nca-data", AWS_REGION: "eu-west-1" };

  it("fills documented defaults", () => {
    const c = loadConfig(base);
    expect(c.pg).toMatchObject({ port: DEFAULTS.pgPort, sslMode: "verify-full", auth: "secret", schema: "neuroca", auditTable: "neuroca.dsr_audit" });
    expect(c.redis).toMatchObject({ port: 6379, tls: true, keyPrefix: "neuroca" });
    expect(c.s3).toMatchObject({ dataBucket: "nca-data", exportBucket: "nca-data", dataPrefix: "subjects", exportPrefix: "dsr-exports", region: "eu-west-1" });
  });

  it("names every problem at once", () => {
    let err: unknown;
    try {
      loadConfig({ PGPORT: "99999", REDIS_TLS: "yes", AUDIT_TABLE: "audit; drop table x" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const text = (err as ConfigError).problems.join("\n");
    for (const name of [ENV.pgHost, ENV.pgDatabase, ENV.redisHost, ENV.dataBucket, ENV.dbSecretArn, ENV.pgPort, ENV.redisTls, ENV.auditTable]) expect(text).toContain(name);
  });

  it("refuses plain passwords on Lambda and unencrypted database connections outside tests", () => {
    expect(() => loadConfig({ ...base, DB_AUTH_MODE: "password", PGUSER: "u", PGPASSWORD: "p", AWS_LAMBDA_FUNCTION_NAME: "dsr" })).toThrow(/local tests only/);
    expect(() => loadConfig({ ...base, PGSSLMODE: "disable" })).toThrow(/only allowed with DB_AUTH_MODE=password/);
    expect(() => loadConfig({ ...base, DB_AUTH_MODE: "iam" })).toThrow(/PGUSER is required/);
  });

  it("refuses an export prefix inside the subject data prefix", () => {
    expect(() => loadConfig({ ...base, EXPORT_PREFIX: "subjects/exports" })).toThrow(/must not lie under/);
    expect(loadConfig({ ...base, EXPORT_PREFIX: "subjects/exports", EXPORT_BUCKET: "other" }).s3.exportPrefix).toBe("subjects/exports");
  });

  it("documents the Lambda wiring the infrastructure needs", () => {
    expect(LAMBDA.handler).toBe("index.handler");
    expect(LAMBDA.sqsFunctionResponseTypes).toEqual(["ReportBatchItemFailures"]);
    expect(Object.values(ROUTES)).toEqual(["POST /data-subject-requests", "GET /data-subject-requests/{requestId}"]);
  });
});
