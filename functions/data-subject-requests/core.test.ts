/**
 * Unit tests of the pure core (validation, plan, audit shapes, export bundle, orchestration
 * order) and of the environment contract. No servers.
 */
import { validateRequest, ValidationError, DEFAULT_BASIS } from "./core/request";
import { escapeRedisGlob, exportCopyKey, exportTarget, planFor, SUBJECT_TABLES, type Layout } from "./core/plan";
import { assertSameRequest, completedRecord, ConflictError, emptyCounts, failedRecord, outcomeOf, type AuditRecord } from "./core/audit";
import { buildExportBundle, BUNDLE_FORMAT } from "./core/export-bundle";
import { DsrEngine } from "./core/engine";
import type { ObjectStore, SubjectCache, SubjectDatabase, SubjectTransaction } from "./core/ports";
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
    try {
      validateRequest({ requestId: 1, subjectId: 2, type: 3 }, " ");
      throw new Error("no error");
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).problems).toHaveLength(4);
    }
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
function recordingPorts(options: { failAt?: string; completed?: AuditRecord } = {}) {
  const calls: string[] = [];
  const appended: AuditRecord[] = [];
  const step = async <T>(name: string, value: T): Promise<T> => {
    calls.push(name);
    if (options.failAt === name) throw new Error(`boom at ${name}`);
    return value;
  };
  const tx: SubjectTransaction = {
    findCompleted: () => step("tx.findCompleted", undefined),
    readSubjectRows: () => step("tx.readSubjectRows", { profiles: [] }),
    deleteSubjectRows: () => step("tx.deleteSubjectRows", { profiles: 1, sessions: 0, memories: 0, memory_links: 0 }),
    appendAudit: (r) => step(`tx.appendAudit(${r.status})`, undefined),
  };
  const db: SubjectDatabase = {
    findCompleted: () => step("db.findCompleted", options.completed),
    auditRows: () => step("db.auditRows", []),
    appendAudit: (r) => {
      appended.push(r);
      return step(`db.appendAudit(${r.status})`, undefined);
    },
    withSubjectTransaction: async (_s, mode, work) => {
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

describe("DsrEngine ordering", () => {
  const erase = validateRequest({ requestId: "req-000001", subjectId: "u-1", type: "erase" }, "caller");

  it("erase: PostgreSQL deletes, then S3, then Redis, then the audit row, all before COMMIT; a sweep after", async () => {
    const { calls, engine } = recordingPorts();
    const outcome = await engine.process(erase);
    expect(calls).toEqual([
      "db.findCompleted",
      "begin(erase)",
      "tx.findCompleted",
      "tx.deleteSubjectRows",
      "objects.deleteAll(data)",
      "objects.deleteAll(exports)",
      "cache.deleteAll",
      "tx.appendAudit(completed)",
      "commit",
      "cache.deleteAll",
    ]);
    expect(outcome.counts).toEqual({ postgres: { profiles: 1, sessions: 0, memories: 0, memory_links: 0 }, redisKeys: 2, s3Objects: 3, exportObjects: 3 });
  });

  it("erase failure before COMMIT: rollback, no completed row, a failed row with the partial counts", async () => {
    const { calls, appended, engine } = recordingPorts({ failAt: "cache.deleteAll" });
    await expect(engine.process(erase)).rejects.toThrow("boom at cache.deleteAll");
    expect(calls.slice(-3)).toEqual(["cache.deleteAll", "rollback", "db.appendAudit(failed)"]);
    expect(calls).not.toContain("tx.appendAudit(completed)");
    // PostgreSQL was rolled back (reported as untouched); S3 finished, Redis had reported 2 before failing.
    expect(appended).toEqual([expect.objectContaining({ status: "failed", error: "Error: boom at cache.deleteAll", counts: { postgres: {}, s3Objects: 3, exportObjects: 3, redisKeys: 2 } })]);
  });

  it("a completed request replays without opening a transaction", async () => {
    const done = completedRecord(erase, emptyCounts([]), new Date(0), new Date(1));
    const { calls, engine } = recordingPorts({ completed: done });
    expect((await engine.process(erase)).replayed).toBe(true);
    expect(calls).toEqual(["db.findCompleted"]);
  });

  it("export reads inside a snapshot transaction and writes the bundle before the audit row", async () => {
    const { calls, engine } = recordingPorts();
    const outcome = await engine.process(validateRequest({ requestId: "req-000002", subjectId: "u-1", type: "export" }, "caller"));
    expect(calls).toEqual(["db.findCompleted", "begin(export)", "tx.findCompleted", "tx.readSubjectRows", "cache.dump", "objects.list", "objects.putJson", "tx.appendAudit(completed)", "commit"]);
    expect(outcome.exportLocation).toBe("s3://exports/dsr-exports/u-1/req-000002/bundle.json");
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
    try {
      loadConfig({ PGPORT: "99999", REDIS_TLS: "yes", AUDIT_TABLE: "audit; drop table x" });
      throw new Error("no error");
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const text = (err as ConfigError).problems.join("\n");
      for (const name of [ENV.pgHost, ENV.pgDatabase, ENV.redisHost, ENV.dataBucket, ENV.dbSecretArn, ENV.pgPort, ENV.redisTls, ENV.auditTable]) expect(text).toContain(name);
    }
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
