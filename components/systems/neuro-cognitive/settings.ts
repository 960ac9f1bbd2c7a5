/**
 * NCA's fixed names and the `neuroca-config` ConfigMap content (the guide's NEUROCA_* settings),
 * as pure functions. Secret values never appear here: NEUROCA_SECRET_KEY, NEUROCA_DB_PASSWORD,
 * NEUROCA_REDIS_PASSWORD and NEUROCA_LLM_API_KEY live in Secrets (see the system component).
 */
import type { NcaConfig } from "../../../stacks/sections/nca";

export const NAMESPACE = "neuroca";
/** Guide: `kubectl describe configmap neuroca-config -n neuroca`. */
export const CONFIG_MAP = "neuroca-config";
export const APP_SECRET = "neuroca-secrets";
export const DB_SECRET = "neuroca-db-credentials";
export const API_NAME = "neuroca-api";
export const WORKER_NAME = "neuroca-worker";
export const MIGRATE_JOB = "neuroca-db-migrate";
export const BOOTSTRAP_JOB = "neuroca-db-bootstrap";
export const BACKUP_JOB = "neuroca-db-backup";
/** pg_dump to S3 (second backup location) and its restore test (`<name>-verify`). */
export const S3_BACKUP_JOB = "neuroca-db-backup-s3";
/** Guide: `python -m neuroca.db.create_schema`, before the first migration. */
export const CREATE_SCHEMA_JOB = "neuroca-db-create-schema";
/** Scratch database of the backup restore test (owned by the application role). */
export const RESTORE_CHECK_DB = "neuroca_restore_check";
/** Guide: `kubectl port-forward service/neuroca-api 8000:8000`. */
export const API_PORT = 8000;
/** Worker health and metrics port. */
export const WORKER_PORT = 8001;
/** S3 prefix of per-subject objects (the DSR handler's DATA_PREFIX). */
export const SUBJECT_PREFIX = "subjects";
export const EXPORT_PREFIX = "dsr-exports";
export const APP_UID = 10001;

/** Labels shared by every NCA pod (NetworkPolicies select on them). */
export const PART_OF = { "app.kubernetes.io/part-of": "neuroca" } as const;

export interface NcaEndpoints {
  /** Writer endpoint the workloads use (the RDS Proxy). */
  readonly dbHost: string;
  readonly dbPort: number;
  /** Read replicas (read-only queries). */
  readonly dbReadHosts: readonly string[];
  readonly redisHost: string;
  readonly redisPort: number;
  readonly dataBucket: string;
}

/** The ConfigMap data: guide keys first, then the deployment's own (Redis, S3, OpenTelemetry). */
export function ncaConfigData(s: NcaConfig, environment: string, e: NcaEndpoints): Record<string, string> {
  return {
    // Core
    NEUROCA_ENV: environment,
    NEUROCA_DEBUG: String(s.debug),
    NEUROCA_LOG_LEVEL: s.logLevel,
    // Database (the password is in DB_SECRET)
    NEUROCA_DB_HOST: e.dbHost,
    NEUROCA_DB_PORT: String(e.dbPort),
    NEUROCA_DB_READ_HOSTS: e.dbReadHosts.join(","),
    NEUROCA_DB_NAME: s.database.name,
    NEUROCA_DB_USER: s.database.user,
    NEUROCA_DB_SSLMODE: "require",
    // Memory tiers
    NEUROCA_MEMORY_SHORT_TERM_SIZE: String(s.memory.shortTermSize),
    NEUROCA_MEMORY_WORKING_SIZE: String(s.memory.workingSize),
    NEUROCA_MEMORY_LONG_TERM_BACKEND: s.memory.longTermBackend,
    // LLM (the key is in APP_SECRET, when configured)
    NEUROCA_LLM_PROVIDER: s.llm.provider,
    NEUROCA_LLM_MODEL: s.llm.model,
    // Redis cache (TLS; the AUTH token is in DB_SECRET)
    NEUROCA_REDIS_HOST: e.redisHost,
    NEUROCA_REDIS_PORT: String(e.redisPort),
    NEUROCA_REDIS_TLS: "true",
    // Subject objects in S3 (what data-subject requests export/erase)
    NEUROCA_S3_BUCKET: e.dataBucket,
    NEUROCA_S3_PREFIX: SUBJECT_PREFIX,
    // OpenTelemetry exporter (OTLP gRPC to the external collector), sampling per stack; with
    // tracing off the SDK exports nothing (and never retries against a missing collector).
    ...(s.observability.tracing
      ? {
          OTEL_TRACES_EXPORTER: "otlp",
          OTEL_EXPORTER_OTLP_ENDPOINT: s.observability.otlpEndpoint,
          OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
          OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
          OTEL_TRACES_SAMPLER_ARG: String(s.observability.samplingRatio),
        }
      : { OTEL_TRACES_EXPORTER: "none" }),
    OTEL_METRICS_EXPORTER: "none",
    OTEL_RESOURCE_ATTRIBUTES: `deployment.environment=${environment}`,
  };
}
