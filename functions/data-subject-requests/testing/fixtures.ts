/**
 * Test fixtures for the DSR handler: the three local servers, the schema, a least-privilege
 * handler role, seeded subjects, and a snapshot of every store for before/after comparisons.
 * Test-only (imported by *.test.ts, never by lambda.ts).
 */
import { Client, type Pool } from "pg";
import { Redis } from "ioredis";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { startPostgres, type PostgresServer } from "../../../tests/support/postgres";
import { startRedis, type RedisServer } from "../../../tests/support/redis";
import { startS3, type S3Server } from "../../../tests/support/s3";
import { loadConfig, type DsrConfig } from "../env";
import { handlerGrantsSql, migrate } from "../adapters/migration";
import { createPool, PostgresSubjectDatabase, poolConfig } from "../adapters/postgres";
import { RedisSubjectCache } from "../adapters/redis";
import { S3ObjectStore } from "../adapters/s3";
import { DsrEngine } from "../core/engine";
import type { ObjectStore, SubjectCache, SubjectDatabase } from "../core/ports";
import { serviceFromClients, type DsrService } from "../service";

export const DATA_BUCKET = "nca-data";
export const EXPORT_BUCKET = "nca-exports";
export const DATABASE = "neuroca";
export const HANDLER_ROLE = "dsr_handler";

export interface Servers {
  readonly pg: PostgresServer;
  readonly redis: RedisServer;
  readonly s3: S3Server;
  /** Superuser connection to the test database (fixtures, assertions). */
  readonly admin: Client;
  /** Replaces `admin` after a server crash/restart. */
  reconnectAdmin(): Promise<void>;
  /** A plain Redis client (fixtures, assertions). */
  readonly redisClient: Redis;
  readonly s3Client: S3Client;
  /** Environment for the handler (DB_AUTH_MODE=password as the least-privilege role). */
  readonly env: Record<string, string>;
  readonly config: DsrConfig;
  stop(): Promise<void>;
}

export async function startServers(): Promise<Servers> {
  const started: { stop(): Promise<void> }[] = [];
  try {
    const pg = await startPostgres();
    started.push(pg);
    const redis = await startRedis();
    started.push(redis);
    const s3 = await startS3([DATA_BUCKET, EXPORT_BUCKET]);
    started.push(s3);

    const bootstrap = new Client({ host: pg.host, port: pg.port, user: pg.superuser, database: "postgres" });
    await bootstrap.connect();
    await bootstrap.query(`CREATE DATABASE ${DATABASE}`);
    await bootstrap.query(`CREATE ROLE ${HANDLER_ROLE} LOGIN PASSWORD 'test-only'`);
    await bootstrap.end();

    const env: Record<string, string> = {
      PGHOST: pg.host,
      PGPORT: String(pg.port),
      PGDATABASE: DATABASE,
      PGUSER: HANDLER_ROLE,
      PGPASSWORD: "test-only",
      DB_AUTH_MODE: "password",
      PGSSLMODE: "disable",
      REDIS_HOST: redis.host,
      REDIS_PORT: String(redis.port),
      REDIS_TLS: "false",
      DATA_BUCKET,
      EXPORT_BUCKET,
      S3_ENDPOINT: s3.endpoint,
      AWS_REGION: s3.region,
    };
    const config = loadConfig(env);
    const connectAdmin = async (): Promise<Client> => {
      const c = new Client({ host: pg.host, port: pg.port, user: pg.superuser, database: DATABASE });
      // Swallow the connection's error event during the outage tests (it is replaced afterwards).
      c.on("error", () => undefined);
      await c.connect();
      return c;
    };
    let admin = await connectAdmin();
    await migrate(admin, { schema: config.pg.schema, auditTable: config.pg.auditTable });
    await admin.query(handlerGrantsSql(HANDLER_ROLE, { schema: config.pg.schema, auditTable: config.pg.auditTable }));

    const redisClient = new Redis({ host: redis.host, port: redis.port, protocol: 2, lazyConnect: true, maxRetriesPerRequest: 1 });
    redisClient.on("error", () => undefined);
    const s3Client = s3.client();
    return {
      pg,
      redis,
      s3,
      get admin() {
        return admin;
      },
      reconnectAdmin: async () => {
        await admin.end().catch(() => undefined);
        admin = await connectAdmin();
      },
      redisClient,
      s3Client,
      env,
      config,
      stop: async () => {
        await admin.end().catch(() => undefined);
        redisClient.disconnect();
        for (const server of started.reverse()) await server.stop();
      },
    };
  } catch (err) {
    for (const server of started.reverse()) await server.stop().catch(() => undefined);
    throw err;
  }
}

/** A service over fresh clients, like the Lambda builds it (the pool connects as the handler role). */
export function newService(servers: Servers): { service: DsrService; pool: Pool; redis: Redis; s3: S3Client } {
  const pool = createPool(poolConfig(servers.config, servers.config.pg.user, servers.config.pg.password), () => undefined);
  const redis = new Redis({ host: servers.redis.host, port: servers.redis.port, protocol: 2, lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on("error", () => undefined);
  const s3 = servers.s3.client();
  return { service: serviceFromClients(servers.config, { pool, redis, s3 }), pool, redis, s3 };
}

/** An engine over the real adapters (the clients of newService), with some port replaced to fail or misbehave mid-request. */
export function engineWith(servers: Servers, clients: { pool: Pool; redis: Redis; s3: S3Client }, overrides: { db?: SubjectDatabase; cache?: SubjectCache; objects?: ObjectStore }): DsrEngine {
  const cfg = servers.config;
  return new DsrEngine({
    db: overrides.db ?? realDatabase(servers, clients.pool),
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

export function realDatabase(servers: Servers, pool: Pool): PostgresSubjectDatabase {
  return new PostgresSubjectDatabase(pool, { schema: servers.config.pg.schema, auditTable: servers.config.pg.auditTable });
}

/** An S3 store whose deleteAll runs `before(location)` first (which may throw, or cut the database off). */
export function objectsWith(s3: S3Client, before: (location: { bucket: string; prefix: string }) => void | Promise<void>): ObjectStore {
  const real = new S3ObjectStore(s3);
  return {
    list: (l) => real.list(l),
    copy: (f, t) => real.copy(f, t),
    putJson: (t, b) => real.putJson(t, b),
    deleteAll: async (location, onProgress) => {
      await before(location);
      return real.deleteAll(location, onProgress);
    },
  };
}

export interface SeededSubject {
  readonly subjectId: string;
  readonly redisKeys: readonly string[];
  readonly objectKeys: readonly string[];
  readonly exportKeys: readonly string[];
}

/** Seeds one subject in every store: 1 profile, 2 sessions, 3 memories, 1 link; 5 Redis keys; 3 objects; 1 old export. */
export async function seedSubject(servers: Servers, subjectId: string): Promise<SeededSubject> {
  const { admin, redisClient, s3Client } = servers;
  const s = servers.config.pg.schema;
  await admin.query(`INSERT INTO ${s}.profiles (subject_id, display_name, email, locale) VALUES ($1, $2, $3, 'en-GB')`, [subjectId, `Name of ${subjectId}`, `${subjectId}@example.org`]);
  const sessions = await admin.query<{ id: string }>(
    `INSERT INTO ${s}.sessions (subject_id, client) VALUES ($1, '{"ua":"cli"}'), ($1, '{"ua":"web"}') RETURNING id`,
    [subjectId],
  );
  const memories = await admin.query<{ id: string }>(
    `INSERT INTO ${s}.memories (subject_id, session_id, tier, content, metadata) VALUES
       ($1, $2, 'long_term', $3, '{"source":"chat"}'),
       ($1, $2, 'long_term', $4, '{}'),
       ($1, NULL, 'working', $5, '{"pinned":true}') RETURNING id`,
    [subjectId, sessions.rows[0].id, `${subjectId} likes tea`, `${subjectId} lives in Leeds`, `${subjectId} is planning a trip`],
  );
  await admin.query(`INSERT INTO ${s}.memory_links (subject_id, from_memory_id, to_memory_id, strength) VALUES ($1, $2, $3, 0.8)`, [subjectId, memories.rows[0].id, memories.rows[1].id]);

  const p = `${servers.config.redis.keyPrefix}:subject:${subjectId}`;
  await redisClient.set(`${p}:stm`, JSON.stringify({ last: `${subjectId} said hello` }));
  await redisClient.set(`${p}:session:1`, "active", "PX", 3_600_000);
  await redisClient.hset(`${p}:working`, { focus: "travel", mood: "curious" });
  await redisClient.rpush(`${p}:recent`, "m1", "m2");
  await redisClient.zadd(`${p}:salience`, 0.9, "m1", 0.4, "m2");
  const redisKeys = [`${p}:stm`, `${p}:session:1`, `${p}:working`, `${p}:recent`, `${p}:salience`];

  const objectKeys = [`subjects/${subjectId}/avatar.png`, `subjects/${subjectId}/uploads/notes.txt`, `subjects/${subjectId}/snapshots/2024-01-01.json`];
  for (const key of objectKeys) {
    await s3Client.send(new PutObjectCommand({ Bucket: DATA_BUCKET, Key: key, Body: `content of ${key}` }));
  }
  const exportKeys = [`dsr-exports/${subjectId}/old-request-0001/bundle.json`];
  for (const key of exportKeys) {
    await s3Client.send(new PutObjectCommand({ Bucket: EXPORT_BUCKET, Key: key, Body: "{}" }));
  }
  return { subjectId, redisKeys, objectKeys, exportKeys };
}

export interface Snapshot {
  /** table -> rows (as JSON strings, sorted). */
  readonly postgres: Record<string, string[]>;
  /** key -> serialised value. */
  readonly redis: Record<string, string>;
  /** "bucket/key" -> body. */
  readonly s3: Record<string, string>;
}

const TABLES = ["profiles", "sessions", "memories", "memory_links"];

/** Everything in every store (all subjects). */
export async function snapshot(servers: Servers): Promise<Snapshot> {
  const postgres: Record<string, string[]> = {};
  for (const t of TABLES) {
    const { rows } = await servers.admin.query(`SELECT * FROM ${servers.config.pg.schema}.${t}`);
    postgres[t] = rows.map((r) => JSON.stringify(r)).sort();
  }
  const redis: Record<string, string> = {};
  for (const key of (await servers.redisClient.keys("*")).sort()) {
    const type = await servers.redisClient.type(key);
    const value =
      type === "string"
        ? await servers.redisClient.get(key)
        : type === "hash"
          ? await servers.redisClient.hgetall(key)
          : type === "list"
            ? await servers.redisClient.lrange(key, 0, -1)
            : type === "zset"
              ? await servers.redisClient.call("ZRANGE", key, "0", "-1", "WITHSCORES")
              : type;
    redis[key] = JSON.stringify(value);
  }
  const s3: Record<string, string> = {};
  for (const bucket of [DATA_BUCKET, EXPORT_BUCKET]) {
    const listed = await servers.s3Client.send(new ListObjectsV2Command({ Bucket: bucket }));
    for (const o of listed.Contents ?? []) {
      s3[`${bucket}/${o.Key}`] = await getText(servers.s3Client, bucket, o.Key as string);
    }
  }
  return { postgres, redis, s3 };
}

export async function getText(s3: S3Client, bucket: string, key: string): Promise<string> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await out.Body?.transformToString("utf8")) ?? "";
}

/** Rows of one subject, as the snapshot serialises them. */
export async function subjectRows(servers: Servers, subjectId: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of TABLES) {
    const { rows } = await servers.admin.query(`SELECT * FROM ${servers.config.pg.schema}.${t} WHERE subject_id = $1`, [subjectId]);
    out[t] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

/** Removes from `before` everything that belongs to `subjectId` (what an erase should leave). */
export function withoutSubject(before: Snapshot, seeded: SeededSubject): Snapshot {
  const postgres: Record<string, string[]> = {};
  for (const [t, rows] of Object.entries(before.postgres)) {
    postgres[t] = rows.filter((r) => (JSON.parse(r) as { subject_id: string }).subject_id !== seeded.subjectId);
  }
  const redis = Object.fromEntries(Object.entries(before.redis).filter(([k]) => !seeded.redisKeys.includes(k)));
  const gone = new Set([...seeded.objectKeys.map((k) => `${DATA_BUCKET}/${k}`), ...seeded.exportKeys.map((k) => `${EXPORT_BUCKET}/${k}`)]);
  const s3 = Object.fromEntries(Object.entries(before.s3).filter(([k]) => !gone.has(k)));
  return { postgres, redis, s3 };
}

export interface AuditRowView {
  status: string;
  counts: { postgres: Record<string, number>; redisKeys: number; s3Objects: number; exportObjects: number };
  request_type: string;
  requested_by: string;
  export_location: string | null;
  error: string | null;
  purge_targets: unknown;
}

export async function auditRowsOf(servers: Servers, requestId: string): Promise<AuditRowView[]> {
  const { rows } = await servers.admin.query<AuditRowView>(
    `SELECT status, counts, request_type, requested_by, export_location, error, purge_targets FROM ${servers.config.pg.auditTable} WHERE request_id = $1 ORDER BY id`,
    [requestId],
  );
  return rows;
}
