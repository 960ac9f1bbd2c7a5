import { z } from "zod";
import { cloudWatchRetentionDays, ebsVolumeGb, rdsStorageGb } from "../limits";
import { awsRegionName, checkScaling, days, positiveInt, scaling } from "./common";
import { BOOTSTRAP_PLACEHOLDERS, BOOTSTRAP_TAGS } from "./bootstrap-images";
import { checkZoneChoice, hostedZoneId, zoneChoiceShape } from "./dns";
import { PLACEHOLDER_DIGEST, containerImage } from "../images";

/** Kubernetes quantities: CPU ("500m", "2") and memory ("512Mi", "4Gi"). */
const cpu = z.string().regex(/^\d+(\.\d+)?m?$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a CPU quantity (e.g. "500m", "2")` });
const memory = z.string().regex(/^\d+(Ki|Mi|Gi|Ti)$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a memory quantity (e.g. "512Mi", "4Gi")` });
const resources = z.strictObject({ cpu, memory });
const dnsName = z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a DNS name` });
const k8sName = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a Kubernetes name` });
const cron = z.string().regex(/^(\S+\s+){4}\S+$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a five-field cron schedule` });

/** Documented defaults of `nca.observability` (see the schema). */
export const NCA_OBSERVABILITY_DEFAULTS = {
  prometheusNamespace: "monitoring",
  tracing: true,
  otelNamespace: "observability",
  otlpEndpoint: "http://otel-collector.observability.svc.cluster.local:4317",
} as const;

/** Smallest reserved concurrency of the DSR function: 2 for the SQS trigger (AWS minimum) + 2 kept for the HTTP API. */
export const MIN_DSR_RESERVED_CONCURRENCY = 4;

/** `neurastack:nca` (seed 003): NeuroCognitive Architecture on a platform cluster. */
export const nca = z
  .strictObject({
    /** Platform region whose cluster hosts NCA (and its RDS, ElastiCache, Lambda). */
    cluster: awsRegionName,
    /** API and worker images (guide: neuroca/api, neuroca/worker), built into this stack's ECR repositories; production pins them by digest. */
    apiImage: containerImage,
    workerImage: containerImage,
    /** Images of the database-role bootstrap Job: the AWS CLI (reads the master secret) and a PostgreSQL 15 client. */
    bootstrapImages: z.strictObject({ awsCli: containerImage, postgres: containerImage }),
    /** NEUROCA_LOG_LEVEL (guide: debug, info, warning, error). */
    logLevel: z.enum(["debug", "info", "warning", "error"]),
    /** NEUROCA_DEBUG. */
    debug: z.boolean(),
    /** Public host of the API Ingress (TLS). */
    host: dnsName,
    /** NEUROCA_MEMORY_* (guide: short-term 1000, working 100, long-term backend postgres). */
    memory: z.strictObject({ shortTermSize: positiveInt, workingSize: positiveInt, longTermBackend: z.enum(["postgres", "redis"]) }),
    /** NEUROCA_LLM_PROVIDER / NEUROCA_LLM_MODEL; the key is the secret `ncaLlmApiKey`. */
    llm: z.strictObject({ provider: z.string().min(1), model: z.string().min(1) }),
    /** Resource section of the guide: requests/limits per pod, HPA bounds. */
    api: z.strictObject({ replicas: scaling, requests: resources, limits: resources }),
    worker: z.strictObject({ replicas: scaling, requests: resources, limits: resources }),
    /**
     * Days subject objects stay in the data bucket before S3 deletes them (GDPR Art. 5(1)(e)
     * storage limitation). The guide says "follow data retention policies" without a number.
     */
    dataRetentionDays: days,
    /** Guide storage (50 GB minimum, 100 GB+ production): the `neuroca-backups` PVC of logical dumps. */
    storageGb: ebsVolumeGb,
    /** RDS PostgreSQL (NEUROCA_DB_*). */
    database: z.strictObject({
      instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, { error: (issue) => `${JSON.stringify(issue.input)} is not an RDS instance class` }),
      allocatedStorageGb: rdsStorageGb,
      backupRetentionDays: z.number().int().min(1).max(35),
      /** NEUROCA_DB_NAME (guide: neuroca). */
      name: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/),
      /** NEUROCA_DB_USER: the application role (created by the bootstrap Job; never the master user). */
      user: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/),
      /** In-region read replicas (guide "Database Scaling"; RDS for PostgreSQL allows 15 per source). */
      readReplicas: z.number().int().min(0).max(15),
    }),
    /** ElastiCache Redis (distributed cache, guide "Caching Strategies"). */
    redis: z.strictObject({ nodeType: z.string().regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/), replicas: z.number().int().min(1).max(5) }),
    /**
     * Backups in two locations (guide: "Store backups in multiple locations", "Test backup
     * integrity regularly"): the guide's `python -m neuroca.db.backup` dump on the backups PVC
     * (`schedule`), and a pg_dump to an S3 bucket (`s3Schedule`, kept `s3RetentionDays`) whose
     * latest copy a restore test loads into a scratch database (`verifySchedule`).
     */
    backup: z.strictObject({ schedule: cron, s3Schedule: cron, verifySchedule: cron, s3RetentionDays: days }),
    /**
     * RDS Proxy in front of the primary (guide "Database Scaling: Use connection pooling"): the
     * API and worker connect through it. RDS Proxy pools for the writer of an RDS instance only
     * (reader endpoints exist for Aurora clusters), so reads go to the replicas directly.
     */
    proxy: z.strictObject({
      /** Most connections the proxy opens, percent of the instance's max_connections. */
      maxConnectionsPercent: z.number().int().min(1).max(100),
      /** Idle connections kept, percent of max_connections (at most maxConnectionsPercent). */
      maxIdleConnectionsPercent: z.number().int().min(0).max(100),
      /** Seconds a client waits for a pooled connection (RDS Proxy: 0-3600). */
      connectionBorrowTimeoutSeconds: z.number().int().min(0).max(3600),
      /** Seconds an idle client connection stays open (RDS Proxy: 1-28800). */
      idleClientTimeoutSeconds: z.number().int().min(1).max(28800),
    }),
    /**
     * ALB Ingress (HTTPS only). The system issues an ACM certificate for `host`, validated by DNS
     * in a Route53 hosted zone, and points `host` at the ALB with an alias record.
     */
    ingress: z.strictObject({
      scheme: z.enum(["internet-facing", "internal"]),
      /** WAF rate limit (requests per IP per 5 minutes) of an internet-facing ALB (WAFv2 allows 10-2,000,000,000). Default 2000. */
      wafRateLimitPer5Minutes: z.number().int().min(10).max(2_000_000_000),
      /**
       * Existing Route53 hosted zone that holds `host` (e.g. the zone of the parent domain).
       * Default: none, so the system creates a public hosted zone named `host`; delegate it from
       * the parent domain with the exported `nameServers`.
       */
      zoneId: hostedZoneId.optional(),
      /** Existing public hosted zone that holds `host`, looked up by its domain. Default: none. */
      zoneDomain: zoneChoiceShape.zoneDomain,
      /** New zone only: `pending` (step 1, zone only) or `done` (NS delegated; stacks/sections/dns.ts). */
      delegation: zoneChoiceShape.delegation,
    }),
    /**
     * Prometheus and the OpenTelemetry collector. Both are EXTERNAL dependencies: this program
     * deploys neither (the platform provides Prometheus; an OpenTelemetry Collector must be
     * installed on the cluster, or tracing turned off). The defaults are the conventional
     * in-cluster addresses of kube-prometheus-stack and the opentelemetry-collector chart.
     */
    observability: z.strictObject({
      /** Namespace of Prometheus (may scrape the pods' metrics ports). Default "monitoring". */
      prometheusNamespace: k8sName.default(NCA_OBSERVABILITY_DEFAULTS.prometheusNamespace),
      /** Export traces (OTLP gRPC). Default true; false sets OTEL_TRACES_EXPORTER=none and opens no egress to the collector. */
      tracing: z.boolean().default(NCA_OBSERVABILITY_DEFAULTS.tracing),
      /** Namespace of the OpenTelemetry collector (egress to it is allowed). Default "observability". */
      otelNamespace: k8sName.default(NCA_OBSERVABILITY_DEFAULTS.otelNamespace),
      /** OTEL_EXPORTER_OTLP_ENDPOINT (gRPC). Default "http://otel-collector.observability.svc.cluster.local:4317". */
      otlpEndpoint: z.string().regex(/^https?:\/\/[^\s]+:\d+$/, { error: (issue) => `${JSON.stringify(issue.input)} is not an http(s)://host:port endpoint` }).default(NCA_OBSERVABILITY_DEFAULTS.otlpEndpoint),
      /** Trace sampling ratio (parentbased_traceidratio). Presets: 1 in staging, 0.1 in production. */
      samplingRatio: z.number().min(0).max(1),
    }),
    /**
     * The guide's monitoring ("Set up alerting rules for critical metrics"): thresholds of the
     * API, worker, database, cache and data-subject-request alerts (issue #20).
     */
    alerts: z.strictObject({
      /** API 5xx share of requests, percent, over 5 minutes (critical). */
      apiErrorRatePercent: z.number().positive().max(100),
      /** API p95 latency, ms, over 10 minutes (warning). */
      apiLatencyP95Ms: positiveInt,
      /** Worker queue depth (neuroca_worker_queue_depth) held for 10 minutes (warning). */
      workerQueueDepth: positiveInt,
      /** RDS CPU, percent, for 15 minutes (warning). */
      databaseCpuPercent: z.number().int().min(1).max(100),
      /** RDS free storage, GiB, below which it alerts (critical). */
      databaseFreeStorageGb: positiveInt,
      /** Read replica lag, seconds, for 10 minutes (warning). */
      replicaLagSeconds: positiveInt,
      /** ElastiCache memory used, percent (warning). */
      cacheMemoryPercent: z.number().int().min(1).max(100),
      /** ElastiCache engine CPU, percent (warning). */
      cacheCpuPercent: z.number().int().min(1).max(100),
    }),
    /** The data-subject-request Lambda (GDPR Art. 15/17/20, CCPA). */
    dataSubjectRequests: z.strictObject({
      /**
       * Reserved concurrency of the function (caps the load on PostgreSQL). At least 4: the SQS
       * event source may use at most `reservedConcurrency - 2` (and no fewer than 2, the AWS
       * minimum), which leaves at least 2 executions for the HTTP API while the queue is busy.
       */
      reservedConcurrency: z.number().int().min(MIN_DSR_RESERVED_CONCURRENCY, {
        error: (issue) =>
          `${JSON.stringify(issue.input)} is below ${MIN_DSR_RESERVED_CONCURRENCY}; the SQS trigger needs 2 concurrent executions and the HTTP API must keep at least 2 while the queue is busy`,
      }),
      logRetentionDays: cloudWatchRetentionDays,
      timeoutSeconds: z.number().int().min(1).max(900),
      memoryMb: z.number().int().min(128).max(10240),
      /** Receives before a message goes to the dead-letter queue. */
      maxReceiveCount: z.number().int().min(1).max(10),
      /** Days export bundles are kept before S3 deletes them. */
      exportRetentionDays: days,
    }),
  })
  .superRefine((value, ctx) => {
    checkZoneChoice(value.ingress, value.host, ctx, ["ingress"]);
    checkScaling(value.api.replicas, ctx, ["api", "replicas"]);
    checkScaling(value.worker.replicas, ctx, ["worker", "replicas"]);
    // RDS Proxy ConnectionPoolConfiguration: MaxIdleConnectionsPercent <= MaxConnectionsPercent.
    if (value.proxy.maxIdleConnectionsPercent > value.proxy.maxConnectionsPercent) {
      ctx.addIssue({ code: "custom", path: ["proxy", "maxIdleConnectionsPercent"], input: value.proxy.maxIdleConnectionsPercent, message: `${value.proxy.maxIdleConnectionsPercent} is above maxConnectionsPercent (${value.proxy.maxConnectionsPercent}); RDS Proxy keeps at most that many idle` });
    }
    for (const pool of ["api", "worker"] as const) {
      if (value[pool].replicas.min < 1) {
        ctx.addIssue({ code: "custom", path: [pool, "replicas", "min"], input: value[pool].replicas.min, message: `${value[pool].replicas.min} is below 1; the ${pool} must keep a replica` });
      }
    }
  });
export type NcaConfig = z.infer<typeof nca>;

type Input = z.input<typeof nca>;
const staging: Input = {
  cluster: "us-east-1",
  // Deployment inputs (stacks/readiness.ts): the example account until CI pushes the first images.
  apiImage: "123456789012.dkr.ecr.us-east-1.amazonaws.com/staging/nca/api:1.2.3",
  workerImage: "123456789012.dkr.ecr.us-east-1.amazonaws.com/staging/nca/worker:1.2.3",
  bootstrapImages: { awsCli: BOOTSTRAP_TAGS.awsCli, postgres: BOOTSTRAP_TAGS.postgres },
  // Staging: "production-like settings with enhanced logging".
  logLevel: "debug",
  debug: false,
  host: "nca-staging.neurascale.example",
  memory: { shortTermSize: 1000, workingSize: 100, longTermBackend: "postgres" },
  llm: { provider: "openai", model: "gpt-4" },
  api: { replicas: { min: 1, max: 4 }, requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } },
  worker: { replicas: { min: 1, max: 4 }, requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } },
  dataRetentionDays: 365,
  storageGb: 50,
  database: { instanceClass: "db.t4g.large", allocatedStorageGb: 50, backupRetentionDays: 7, name: "neuroca", user: "neuroca", readReplicas: 1 },
  redis: { nodeType: "cache.t4g.medium", replicas: 1 },
  backup: { schedule: "30 2 * * *", s3Schedule: "0 3 * * *", verifySchedule: "0 5 * * *", s3RetentionDays: 35 },
  proxy: { maxConnectionsPercent: 90, maxIdleConnectionsPercent: 50, connectionBorrowTimeoutSeconds: 120, idleClientTimeoutSeconds: 1800 },
  // A real update refuses `undeclared`: choose an existing zone or the two-step delegation.
  ingress: { scheme: "internet-facing", delegation: "undeclared", wafRateLimitPer5Minutes: 2000 },
  // Prometheus / collector addresses: the schema's documented defaults.
  observability: { samplingRatio: 1 },
  alerts: { apiErrorRatePercent: 5, apiLatencyP95Ms: 500, workerQueueDepth: 1000, databaseCpuPercent: 80, databaseFreeStorageGb: 10, replicaLagSeconds: 300, cacheMemoryPercent: 90, cacheCpuPercent: 80 },
  dataSubjectRequests: { reservedConcurrency: 5, logRetentionDays: 30, timeoutSeconds: 60, memoryMb: 512, maxReceiveCount: 3, exportRetentionDays: 7 },
};
/** Guide numbers per environment (resource section: 4 cores / 8 GB minimum, 8+ / 16 GB+ in production). */
export const ncaPresets = {
  staging,
  production: {
    ...staging,
    logLevel: "info",
    host: "nca.neurascale.example",
    // Placeholders the readiness model flags: the example account and all-zero digests.
    apiImage: `123456789012.dkr.ecr.us-east-1.amazonaws.com/production/nca/api@${PLACEHOLDER_DIGEST}`,
    workerImage: `123456789012.dkr.ecr.us-east-1.amazonaws.com/production/nca/worker@${PLACEHOLDER_DIGEST}`,
    bootstrapImages: BOOTSTRAP_PLACEHOLDERS,
    api: { replicas: { min: 2, max: 10 }, requests: { cpu: "2", memory: "4Gi" }, limits: { cpu: "4", memory: "8Gi" } },
    worker: { replicas: { min: 2, max: 10 }, requests: { cpu: "2", memory: "4Gi" }, limits: { cpu: "4", memory: "8Gi" } },
    storageGb: 100,
    backup: { schedule: "30 2 * * *", s3Schedule: "0 3 * * *", verifySchedule: "0 5 * * *", s3RetentionDays: 90 },
    database: { instanceClass: "db.r6g.large", allocatedStorageGb: 100, backupRetentionDays: 30, name: "neuroca", user: "neuroca", readReplicas: 2 },
    redis: { nodeType: "cache.r6g.large", replicas: 2 },
    observability: { samplingRatio: 0.1 },
    dataSubjectRequests: { reservedConcurrency: 10, logRetentionDays: 90, timeoutSeconds: 60, memoryMb: 512, maxReceiveCount: 3, exportRetentionDays: 7 },
  },
} satisfies Record<"staging" | "production", Input>;
