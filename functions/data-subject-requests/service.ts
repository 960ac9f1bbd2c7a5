/**
 * Composition: environment -> credentials -> adapters -> engine. Built once per Lambda execution
 * environment and reused across invocations (connections stay warm); a failed build is not
 * cached, so the next invocation retries it.
 */
import type { Pool } from "pg";
import { Redis } from "ioredis";
import { S3Client } from "@aws-sdk/client-s3";
import { loadConfig, type DsrConfig } from "./env";
import { DsrEngine, type SweepResult } from "./core/engine";
import type { AuditRecord, DsrOutcome } from "./core/audit";
import type { DataSubjectRequest } from "./core/request";
import { createPool, PostgresSubjectDatabase, poolConfig } from "./adapters/postgres";
import { RedisSubjectCache } from "./adapters/redis";
import { S3ObjectStore } from "./adapters/s3";
import { getSecretString, parseDbSecret, parseRedisToken, rdsAuthToken } from "./adapters/secrets";
import { log, setLogLevel } from "./log";

export interface DsrService {
  process(request: DataSubjectRequest): Promise<DsrOutcome>;
  status(requestId: string): Promise<AuditRecord[]>;
  /** Finishes up to `limit` erasures left `erasing` by failed attempts (the sweeper). */
  resumePending(limit: number): Promise<SweepResult>;
  close(): Promise<void>;
}

export interface ServiceClients {
  readonly pool: Pool;
  readonly redis: Redis;
  readonly s3: S3Client;
}

/** Wires an engine over already-built clients (used by the Lambda path and by the tests). */
export function serviceFromClients(config: DsrConfig, clients: ServiceClients): DsrService {
  const engine = new DsrEngine({
    db: new PostgresSubjectDatabase(clients.pool, { schema: config.pg.schema, auditTable: config.pg.auditTable }),
    cache: new RedisSubjectCache(clients.redis),
    objects: new S3ObjectStore(clients.s3, { exportKmsKeyArn: config.s3.exportKmsKeyArn }),
    layout: {
      schema: config.pg.schema,
      redisKeyPrefix: config.redis.keyPrefix,
      dataBucket: config.s3.dataBucket,
      dataPrefix: config.s3.dataPrefix,
      exportBucket: config.s3.exportBucket,
      exportPrefix: config.s3.exportPrefix,
    },
    log,
  });
  return {
    process: (request) => engine.process(request),
    status: (requestId) => engine.status(requestId),
    resumePending: (limit) => engine.resumePending(limit),
    close: async () => {
      await Promise.allSettled([clients.pool.end(), clients.redis.quit()]);
      clients.s3.destroy();
    },
  };
}

/** Builds the clients from configuration, resolving secrets. */
export async function buildClients(config: DsrConfig): Promise<ServiceClients> {
  const region = config.s3.region;
  let user = config.pg.user;
  let password: string | (() => Promise<string>) | undefined = config.pg.password;
  if (config.pg.auth === "secret") {
    const secret = parseDbSecret(await getSecretString(config.pg.secretArn ?? "", region));
    user = secret.username;
    password = secret.password;
  } else if (config.pg.auth === "iam") {
    const iamUser = user ?? "";
    // pg calls this for every new connection, so tokens (valid 15 minutes) never go stale.
    password = () => rdsAuthToken({ host: config.pg.host, port: config.pg.port, user: iamUser, region });
  }
  const pool = createPool(poolConfig(config, user, password), (err) => log("warn", "idle postgres client error", { error: err.message }));

  const redisPassword = config.redis.authSecretArn
    ? parseRedisToken(await getSecretString(config.redis.authSecretArn, region))
    : config.redis.password;
  const redis = new Redis({
    host: config.redis.host,
    port: config.redis.port,
    password: redisPassword,
    tls: config.redis.tls ? { servername: config.redis.host } : undefined,
    lazyConnect: true,
    // RESP2: identical reply shapes on every ElastiCache/Valkey version.
    protocol: 2,
    // Fail fast inside a Lambda invocation instead of queueing commands forever.
    maxRetriesPerRequest: 2,
    connectTimeout: 5000,
    enableOfflineQueue: true,
  });
  redis.on("error", (err: Error) => log("warn", "redis client error", { error: err.message }));

  const s3 = new S3Client({
    region,
    ...(config.s3.endpoint ? { endpoint: config.s3.endpoint, forcePathStyle: true } : {}),
  });
  return { pool, redis, s3 };
}

let cached: Promise<DsrService> | undefined;

/** The per-environment service, built on first use. */
export function getService(): Promise<DsrService> {
  if (!cached) {
    cached = (async () => {
      const config = loadConfig(process.env);
      setLogLevel(config.logLevel);
      return serviceFromClients(config, await buildClients(config));
    })();
    cached.catch(() => {
      cached = undefined;
    });
  }
  return cached;
}
