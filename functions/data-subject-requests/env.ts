/**
 * The contract between the data-subject-request (DSR) handler and the infrastructure that hosts
 * it: environment variable names, defaults, the storage layout it operates on, the routes it
 * serves and the AWS permissions it needs. The infrastructure component imports these constants,
 * so a rename cannot drift between code and infrastructure. No cloud SDK import here.
 *
 * Bundle: `bundleHandler({ entry: "data-subject-requests/lambda.ts" })` -> runtime nodejs22.x,
 * handler "index.handler" (see LAMBDA below). Nothing needs to be external.
 */

/** Environment variable names. Values documented on each key; defaults in DEFAULTS. */
export const ENV = {
  // ---- PostgreSQL (RDS) -------------------------------------------------------------------
  /** Database endpoint host (RDS instance/cluster endpoint). Required. */
  pgHost: "PGHOST",
  /** Database port. Default 5432. */
  pgPort: "PGPORT",
  /** Database name holding the NCA subject tables and the audit table. Required. */
  pgDatabase: "PGDATABASE",
  /** Database user. Required for DB_AUTH_MODE=iam and DB_AUTH_MODE=password; for DB_AUTH_MODE=secret the secret's `username` wins. */
  pgUser: "PGUSER",
  /**
   * TLS mode: "verify-full" (default; verify the RDS certificate chain and host name, which on
   * Lambda nodejs20+ needs NODE_EXTRA_CA_CERTS=/var/runtime/ca-cert.pem), "require" (encrypt,
   * do not verify) or "disable" (local tests only).
   */
  pgSslMode: "PGSSLMODE",
  /**
   * How the handler authenticates to PostgreSQL: "secret" (default; DB_SECRET_ARN),
   * "iam" (RDS IAM database authentication token, needs rds-db:connect) or "password"
   * (PGPASSWORD in the environment; local tests only, refused when running on Lambda).
   * Named *_MODE: a name ending in AUTH reads as a credential to the secret-literal policy.
   */
  dbAuth: "DB_AUTH_MODE",
  /** Secrets Manager secret ARN whose SecretString is JSON {"username","password"} (the RDS-managed master secret has this shape). */
  dbSecretArn: "DB_SECRET_ARN",
  /** Plain password, DB_AUTH_MODE=password only (tests). */
  pgPassword: "PGPASSWORD",
  /** Schema holding the NCA subject tables (profiles, sessions, memories, memory_links). Default "neuroca". */
  pgSchema: "PGSCHEMA",
  /** Append-only audit table, optionally schema-qualified ("neuroca.dsr_audit"). Default "neuroca.dsr_audit". */
  auditTable: "AUDIT_TABLE",

  // ---- Redis (ElastiCache, cluster mode disabled) -------------------------------------------
  /** Primary endpoint host. Required. */
  redisHost: "REDIS_HOST",
  /** Port. Default 6379. */
  redisPort: "REDIS_PORT",
  /** "true" (default) for in-transit encryption (ElastiCache transit_encryption_enabled), "false" for local tests. */
  redisTls: "REDIS_TLS",
  /** Optional Secrets Manager secret ARN holding the ElastiCache AUTH token (plain string, or JSON {"token"} / {"password"}). */
  redisAuthSecretArn: "REDIS_AUTH_SECRET_ARN",
  /** Optional plain AUTH token (tests only). */
  redisPassword: "REDIS_PASSWORD",
  /** Key namespace; a subject's keys are `<REDIS_KEY_PREFIX>:subject:<subject-id>:*`. Default "neuroca". */
  redisKeyPrefix: "REDIS_KEY_PREFIX",

  // ---- S3 ---------------------------------------------------------------------------------
  /** The system's data bucket. Required. */
  dataBucket: "DATA_BUCKET",
  /** Prefix of per-subject objects: `<DATA_PREFIX>/<subject-id>/...`. Default "subjects". */
  dataPrefix: "DATA_PREFIX",
  /** Bucket for export bundles. Default: DATA_BUCKET. Give it a short expiration lifecycle. */
  exportBucket: "EXPORT_BUCKET",
  /** Prefix of export bundles: `<EXPORT_PREFIX>/<subject-id>/<request-id>/`. Default "dsr-exports". */
  exportPrefix: "EXPORT_PREFIX",
  /** Optional KMS key ARN: export objects are written with SSE-KMS under this key (else the bucket default). */
  exportKmsKeyArn: "EXPORT_KMS_KEY_ARN",
  /** Optional S3 endpoint override (tests: the local s3rver). Path-style addressing is used when set. */
  s3Endpoint: "S3_ENDPOINT",

  // ---- Runtime ----------------------------------------------------------------------------
  /** Set by Lambda. */
  awsRegion: "AWS_REGION",
  /** "debug" | "info" (default) | "warn" | "error". */
  logLevel: "LOG_LEVEL",
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];

export const DEFAULTS = {
  pgPort: 5432,
  pgSslMode: "verify-full",
  dbAuth: "secret",
  pgSchema: "neuroca",
  auditTable: "neuroca.dsr_audit",
  redisPort: 6379,
  redisTls: true,
  redisKeyPrefix: "neuroca",
  dataPrefix: "subjects",
  exportPrefix: "dsr-exports",
  logLevel: "info",
} as const;

/** Lambda settings the infrastructure must use. */
export const LAMBDA = {
  entry: "data-subject-requests/lambda.ts",
  runtime: "nodejs22.x",
  handler: "index.handler",
  /** Lambda nodejs20+ does not load the Amazon RDS CA bundle unless told to; PGSSLMODE=verify-full needs it. */
  extraEnvironment: { NODE_EXTRA_CA_CERTS: "/var/runtime/ca-cert.pem" },
  /** The SQS event source mapping must set functionResponseTypes ["ReportBatchItemFailures"]. */
  sqsFunctionResponseTypes: ["ReportBatchItemFailures"],
  /**
   * Erasure of a large subject (many S3 versions) can take a while; 60 s is enough for tens of
   * thousands of objects. The SQS visibility timeout must be >= 6x the function timeout (AWS guidance).
   */
  timeoutSeconds: 60,
  memoryMb: 512,
} as const;

/**
 * The sweeper that finishes erasures left `erasing` (PostgreSQL erased and committed, S3/Redis
 * purge owed) by attempts that died and were not retried. Every invocation (SQS or HTTP) ends
 * with a best-effort sweep of up to `perInvocation` such erasures. Optionally (recommended, so
 * the sweep does not depend on traffic) an EventBridge rule with `scheduleExpression` invokes
 * the function with its "Scheduled Event" (needs a lambda:InvokeFunction permission for
 * events.amazonaws.com on the rule); that invocation only sweeps, up to `perScheduledRun`.
 */
export const SWEEP = {
  perInvocation: 2,
  perScheduledRun: 25,
  scheduleExpression: "rate(15 minutes)",
} as const;

/**
 * HTTP API (API Gateway v2) routes served by `handler`. Both must be authenticated at the route
 * (IAM or a JWT authorizer); the caller identity is recorded in the audit row.
 */
export const ROUTES = {
  /** Body: DataSubjectRequest JSON ({ requestId, subjectId, type: "export" | "erase", basis? }). */
  submit: "POST /data-subject-requests",
  /** Returns the audit rows of one request. */
  status: "GET /data-subject-requests/{requestId}",
} as const;

/**
 * What the function's role needs (least privilege). `${...}` placeholders are filled by the
 * infrastructure with the configured bucket names/prefixes, secret ARNs and DB resource id.
 */
export const REQUIRED_PERMISSIONS = {
  /** On arn:aws:s3:::${DATA_BUCKET} with condition s3:prefix like "${DATA_PREFIX}/*" (and the export bucket with "${EXPORT_PREFIX}/*"). */
  listBucket: ["s3:ListBucket", "s3:ListBucketVersions"],
  /** On arn:aws:s3:::${DATA_BUCKET}/${DATA_PREFIX}/* */
  dataObjects: ["s3:GetObject", "s3:GetObjectVersion", "s3:DeleteObject", "s3:DeleteObjectVersion"],
  /** On arn:aws:s3:::${EXPORT_BUCKET}/${EXPORT_PREFIX}/* (exports are also erased with the subject). */
  exportObjects: ["s3:PutObject", "s3:GetObject", "s3:GetObjectVersion", "s3:DeleteObject", "s3:DeleteObjectVersion"],
  /** On DB_SECRET_ARN and REDIS_AUTH_SECRET_ARN (plus kms:Decrypt on their CMKs, if customer-managed). */
  secrets: ["secretsmanager:GetSecretValue"],
  /** On the bucket/export CMKs, when SSE-KMS is used. */
  kms: ["kms:Decrypt", "kms:GenerateDataKey"],
  /** DB_AUTH_MODE=iam only: on arn:aws:rds-db:${region}:${account}:dbuser:${DbiResourceId}/${PGUSER}. */
  rdsIam: ["rds-db:connect"],
} as const;

export type PgSslMode = "verify-full" | "require" | "disable";
export type DbAuth = "secret" | "iam" | "password";
export type LogLevel = "debug" | "info" | "warn" | "error";

/** Typed, validated configuration parsed from the environment. */
export interface DsrConfig {
  readonly pg: {
    readonly host: string;
    readonly port: number;
    readonly database: string;
    readonly user?: string;
    readonly sslMode: PgSslMode;
    readonly auth: DbAuth;
    readonly secretArn?: string;
    readonly password?: string;
    readonly schema: string;
    readonly auditTable: string;
  };
  readonly redis: {
    readonly host: string;
    readonly port: number;
    readonly tls: boolean;
    readonly authSecretArn?: string;
    readonly password?: string;
    readonly keyPrefix: string;
  };
  readonly s3: {
    readonly dataBucket: string;
    readonly dataPrefix: string;
    readonly exportBucket: string;
    readonly exportPrefix: string;
    readonly exportKmsKeyArn?: string;
    readonly endpoint?: string;
    readonly region: string;
  };
  readonly logLevel: LogLevel;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`data-subject-requests: invalid environment: ${problems.join("; ")}`);
    this.name = "ConfigError";
  }
}

/** SQL identifier (optionally schema-qualified); identifiers are interpolated (quoted), so they must be plain. */
const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;
const QUALIFIED_IDENT = /^([a-z_][a-z0-9_]{0,62}\.)?[a-z_][a-z0-9_]{0,62}$/;
/** S3 prefix: no leading/trailing slash, no "..", printable. */
const PREFIX = /^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/;
const REDIS_PREFIX = /^[A-Za-z0-9_.-]{1,64}$/;

/** Parses and validates the environment; throws ConfigError naming every problem at once. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): DsrConfig {
  const problems: string[] = [];
  const str = (name: EnvName): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === "" ? undefined : v.trim();
  };
  const required = (name: EnvName): string => {
    const v = str(name);
    if (v === undefined) problems.push(`${name} is required`);
    return v ?? "";
  };
  const port = (name: EnvName, fallback: number): number => {
    const v = str(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 65535) problems.push(`${name}=${v} is not a TCP port`);
    return n;
  };
  const oneOf = <T extends string>(name: EnvName, allowed: readonly T[], fallback: T): T => {
    const v = str(name);
    if (v === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(v)) problems.push(`${name}=${v} must be one of ${allowed.join(", ")}`);
    return v as T;
  };
  const bool = (name: EnvName, fallback: boolean): boolean => {
    const v = str(name);
    if (v === undefined) return fallback;
    if (v !== "true" && v !== "false") problems.push(`${name}=${v} must be "true" or "false"`);
    return v === "true";
  };
  const matching = (name: EnvName, re: RegExp, fallback: string, rule: string): string => {
    const v = str(name) ?? fallback;
    if (!re.test(v)) problems.push(`${name}=${v} ${rule}`);
    return v;
  };

  const auth = oneOf<DbAuth>(ENV.dbAuth, ["secret", "iam", "password"], DEFAULTS.dbAuth);
  const secretArn = str(ENV.dbSecretArn);
  const user = str(ENV.pgUser);
  const password = env[ENV.pgPassword];
  if (auth === "secret" && secretArn === undefined) problems.push(`${ENV.dbSecretArn} is required when ${ENV.dbAuth}=secret`);
  if (auth === "iam" && user === undefined) problems.push(`${ENV.pgUser} is required when ${ENV.dbAuth}=iam`);
  if (auth === "password") {
    if (user === undefined) problems.push(`${ENV.pgUser} is required when ${ENV.dbAuth}=password`);
    if (password === undefined) problems.push(`${ENV.pgPassword} is required when ${ENV.dbAuth}=password`);
    // A plain password in a Lambda environment would be visible to anyone who can read the function config.
    if (env.AWS_LAMBDA_FUNCTION_NAME !== undefined) problems.push(`${ENV.dbAuth}=password is for local tests only; use secret or iam on Lambda`);
  }
  const sslMode = oneOf<PgSslMode>(ENV.pgSslMode, ["verify-full", "require", "disable"], DEFAULTS.pgSslMode);

  const dataBucket = required(ENV.dataBucket);
  const config: DsrConfig = {
    pg: {
      host: required(ENV.pgHost),
      port: port(ENV.pgPort, DEFAULTS.pgPort),
      database: required(ENV.pgDatabase),
      user,
      sslMode,
      auth,
      secretArn,
      password: auth === "password" ? password : undefined,
      schema: matching(ENV.pgSchema, IDENT, DEFAULTS.pgSchema, "must be a lower-case SQL identifier"),
      auditTable: matching(ENV.auditTable, QUALIFIED_IDENT, DEFAULTS.auditTable, "must be a lower-case (schema-qualified) SQL identifier"),
    },
    redis: {
      host: required(ENV.redisHost),
      port: port(ENV.redisPort, DEFAULTS.redisPort),
      tls: bool(ENV.redisTls, DEFAULTS.redisTls),
      authSecretArn: str(ENV.redisAuthSecretArn),
      password: env[ENV.redisPassword] === undefined || env[ENV.redisPassword] === "" ? undefined : env[ENV.redisPassword],
      keyPrefix: matching(ENV.redisKeyPrefix, REDIS_PREFIX, DEFAULTS.redisKeyPrefix, "must match [A-Za-z0-9_.-]{1,64}"),
    },
    s3: {
      dataBucket,
      dataPrefix: matching(ENV.dataPrefix, PREFIX, DEFAULTS.dataPrefix, "must be a relative S3 prefix without leading/trailing slash"),
      exportBucket: str(ENV.exportBucket) ?? dataBucket,
      exportPrefix: matching(ENV.exportPrefix, PREFIX, DEFAULTS.exportPrefix, "must be a relative S3 prefix without leading/trailing slash"),
      exportKmsKeyArn: str(ENV.exportKmsKeyArn),
      endpoint: str(ENV.s3Endpoint),
      region: str(ENV.awsRegion) ?? "us-east-1",
    },
    logLevel: oneOf<LogLevel>(ENV.logLevel, ["debug", "info", "warn", "error"], DEFAULTS.logLevel),
  };
  if (config.pg.auth !== "password" && config.pg.sslMode === "disable") {
    problems.push(`${ENV.pgSslMode}=disable is only allowed with ${ENV.dbAuth}=password (local tests)`);
  }
  if (config.s3.exportBucket === config.s3.dataBucket && (config.s3.exportPrefix === config.s3.dataPrefix || config.s3.exportPrefix.startsWith(`${config.s3.dataPrefix}/`))) {
    problems.push(`${ENV.exportPrefix} must not lie under ${ENV.dataPrefix} in the same bucket (exports would look like subject data)`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
