import { z } from "zod";
import { awsRegionName, positiveInt } from "./common";
import { BOOTSTRAP_PLACEHOLDERS, BOOTSTRAP_TAGS } from "./bootstrap-images";
import { PLACEHOLDER_DIGEST, containerImage } from "../images";

const cpu = z.string().regex(/^\d+(\.\d+)?m?$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a CPU quantity (e.g. "1000m", "2")` });
const memory = z.string().regex(/^\d+(Ki|Mi|Gi|Ti)$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a memory quantity (e.g. "2Gi")` });
const resources = z.strictObject({ cpu, memory });
const k8sName = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a Kubernetes name` });
/** Five cron fields, each a number, range, step or list (what Kubernetes CronJobs accept). */
const cron = z.string().regex(/^([\d*,/-]+\s+){4}[\d*,/-]+$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a five-field cron schedule (e.g. "0 2 * * *")` });

/** Mebibytes in a Kubernetes memory quantity. */
export function mebibytes(quantity: string): number {
  const m = /^(\d+)(Ki|Mi|Gi|Ti)$/.exec(quantity);
  if (!m) return NaN;
  const factor = { Ki: 1 / 1024, Mi: 1, Gi: 1024, Ti: 1024 * 1024 }[m[2] as "Ki" | "Mi" | "Gi" | "Ti"];
  return Number(m[1]) * factor;
}

/** Documented defaults of `zkpLedger.monitoring` (see the schema). */
export const ZKP_MONITORING_DEFAULTS = {
  prometheusNamespace: "monitoring",
  ruleLabels: { release: "kube-prometheus-stack" },
  prometheusUrl: "http://kube-prometheus-stack-prometheus.monitoring.svc.cluster.local:9090",
  tracing: true,
  jaegerEndpoint: "http://jaeger-collector.observability.svc.cluster.local:4317",
  jaegerNamespace: "observability",
} as const;

/**
 * The guide's PostgreSQL tuning ("Optimization Settings", postgresql.conf) and its restore image
 * (postgres:16). RDS takes shared_buffers and effective_cache_size in 8 kB pages and the two
 * work_mem settings in kB; shared_buffers and max_connections apply at the next reboot.
 */
export const ZKP_POSTGRES = {
  engineVersion: "16",
  parameters: [
    { name: "shared_buffers", value: String((2 * 1024 * 1024) / 8), applyMethod: "pending-reboot" }, // 2GB
    { name: "effective_cache_size", value: String((6 * 1024 * 1024) / 8), applyMethod: "immediate" }, // 6GB
    { name: "work_mem", value: String(256 * 1024), applyMethod: "immediate" }, // 256MB
    { name: "maintenance_work_mem", value: String(1024 * 1024), applyMethod: "immediate" }, // 1GB
    { name: "max_connections", value: "100", applyMethod: "pending-reboot" },
  ],
} as const;

/** `neurastack:zkpLedger` (seed 004): ZKP Dataset Ledger on a platform cluster. */
export const zkpLedger = z
  .strictObject({
    /** Platform region whose cluster hosts the ledger (and its RDS, ElastiCache, backup bucket). */
    cluster: awsRegionName,
    /** Ledger node image (also runs the backups), built into this stack's ECR repository; production pins it by digest. */
    image: containerImage,
    /** Images of the database-role bootstrap Job: the AWS CLI (reads the master secret) and a PostgreSQL 15 client. */
    bootstrapImages: z.strictObject({ awsCli: containerImage, postgres: containerImage }),
    /** Secondary nodes (guide: 2; "Adding Secondary Nodes" adds more, ports 8081, 8082, ...). */
    secondaryNodes: z.number().int().min(0).max(16),
    /** ZKP_LEDGER_CLUSTER_ID (guide default "default"). */
    clusterId: k8sName,
    /** Per node (guide "Resource Limits (Kubernetes)"). */
    resources: z.strictObject({ requests: resources, limits: resources }),
    /** Persistent volume per node, GiB (guide: 50GB minimum, 200GB+ per production node). */
    volumeGb: positiveInt,
    /**
     * `[performance]` of production.toml. The guide's max_memory_usage_mb 12288 assumes a 16 GB
     * host; in a pod it must stay below the memory limit (checked), so presets use 75 % of it.
     */
    performance: z.strictObject({ maxWorkerThreads: positiveInt, maxMemoryUsageMb: positiveInt, proofCacheSizeMb: positiveInt, parallelBatchProcessing: z.boolean() }),
    backup: z.strictObject({
      /** Guide: full backup daily at 2 AM. */
      fullSchedule: cron,
      /** Guide: incremental every 6 hours. */
      incrementalSchedule: cron,
      /** Backup integrity check ("Verification: Automated backup integrity checks"). */
      verifySchedule: cron,
      /** Guide: 30 days local (production.toml [backup] retention_days). */
      localRetentionDays: positiveInt,
      /** Guide: 90 days remote (S3 lifecycle expiration). */
      remoteRetentionDays: positiveInt,
    }),
    database: z.strictObject({
      instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, { error: (issue) => `${JSON.stringify(issue.input)} is not an RDS instance class` }),
      allocatedStorageGb: positiveInt,
      backupRetentionDays: z.number().int().min(1).max(35),
      /** Guide: PostgreSQL primary + secondary (a read replica). */
      replica: z.boolean(),
    }),
    redis: z.strictObject({ nodeType: z.string().regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/), replicas: z.number().int().min(1).max(5) }),
    /** The nginx load balancer (HTTPS 443, least_conn, weights primary 3 / secondaries 2). */
    loadBalancer: z.strictObject({
      image: containerImage,
      replicas: z.number().int().min(1).max(10),
      /** NLB scheme of the 443 Service. */
      scheme: z.enum(["internal", "internet-facing"]),
      /** Extra DNS names on the server certificate (public names of the load balancer). */
      dnsNames: z.array(z.string().regex(/^([a-z0-9*-]+\.)+[a-z]{2,}$/)),
    }),
    /**
     * The guide's monitoring. Prometheus (with the Prometheus Operator's PrometheusRule CRD) and
     * the Jaeger collector are EXTERNAL dependencies: this system deploys only Grafana and its
     * rules. The defaults are the conventional in-cluster addresses of kube-prometheus-stack
     * and of a Jaeger collector accepting OTLP gRPC; point them at what the cluster runs, or
     * turn tracing off.
     */
    monitoring: z.strictObject({
      /** Namespace of Prometheus (scrapes the nodes' metrics port 9090). Default "monitoring". */
      prometheusNamespace: k8sName.default(ZKP_MONITORING_DEFAULTS.prometheusNamespace),
      /** Labels the Prometheus Operator's ruleSelector matches on PrometheusRule objects. Default { release: "kube-prometheus-stack" }. */
      ruleLabels: z.record(z.string(), z.string()).default({ ...ZKP_MONITORING_DEFAULTS.ruleLabels }),
      /** Grafana's Prometheus data source. Default "http://kube-prometheus-stack-prometheus.monitoring.svc.cluster.local:9090". */
      prometheusUrl: z.string().regex(/^https?:\/\/\S+$/).default(ZKP_MONITORING_DEFAULTS.prometheusUrl),
      grafanaImage: containerImage,
      /** Export traces to Jaeger (OTLP gRPC). Default true; false sets OTEL_TRACES_EXPORTER=none and opens no egress to Jaeger. */
      tracing: z.boolean().default(ZKP_MONITORING_DEFAULTS.tracing),
      /** Jaeger collector (OTLP gRPC). Default "http://jaeger-collector.observability.svc.cluster.local:4317". */
      jaegerEndpoint: z.string().regex(/^https?:\/\/[^\s]+:\d+$/, { error: (issue) => `${JSON.stringify(issue.input)} is not an http(s)://host:port endpoint` }).default(ZKP_MONITORING_DEFAULTS.jaegerEndpoint),
      /** Namespace of the Jaeger collector (egress to it is allowed). Default "observability". */
      jaegerNamespace: k8sName.default(ZKP_MONITORING_DEFAULTS.jaegerNamespace),
      /** Trace sampling ratio (parentbased_traceidratio). Presets: 1 in staging, 0.1 in production. */
      samplingRatio: z.number().min(0).max(1),
    }),
  })
  .superRefine((value, ctx) => {
    const limit = mebibytes(value.resources.limits.memory);
    if (value.performance.maxMemoryUsageMb >= limit) {
      ctx.addIssue({
        code: "custom",
        path: ["performance", "maxMemoryUsageMb"],
        input: value.performance.maxMemoryUsageMb,
        message: `${value.performance.maxMemoryUsageMb} is not below the pod memory limit (${value.resources.limits.memory} = ${limit} MiB); the node would be OOM-killed`,
      });
    }
    if (value.backup.remoteRetentionDays < value.backup.localRetentionDays) {
      ctx.addIssue({ code: "custom", path: ["backup", "remoteRetentionDays"], input: value.backup.remoteRetentionDays, message: `${value.backup.remoteRetentionDays} is shorter than localRetentionDays (${value.backup.localRetentionDays}); remote copies must outlive local ones` });
    }
  });
export type ZkpLedgerConfig = z.infer<typeof zkpLedger>;

type Input = z.input<typeof zkpLedger>;
const staging: Input = {
  cluster: "us-east-1",
  // Deployment inputs (stacks/readiness.ts): the example account until CI pushes the first images.
  image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/staging/zkp-ledger/node:4.0.0",
  bootstrapImages: { awsCli: BOOTSTRAP_TAGS.awsCli, postgres: BOOTSTRAP_TAGS.postgres },
  secondaryNodes: 2,
  clusterId: "zkp-ledger-staging",
  resources: { requests: { cpu: "1000m", memory: "2Gi" }, limits: { cpu: "2000m", memory: "4Gi" } },
  volumeGb: 50,
  performance: { maxWorkerThreads: 8, maxMemoryUsageMb: 3072, proofCacheSizeMb: 512, parallelBatchProcessing: true },
  backup: { fullSchedule: "0 2 * * *", incrementalSchedule: "0 */6 * * *", verifySchedule: "30 4 * * *", localRetentionDays: 30, remoteRetentionDays: 90 },
  database: { instanceClass: "db.t4g.large", allocatedStorageGb: 50, backupRetentionDays: 7, replica: true },
  redis: { nodeType: "cache.t4g.medium", replicas: 1 },
  loadBalancer: { image: "docker.io/nginxinc/nginx-unprivileged:1.27-alpine", replicas: 2, scheme: "internal", dnsNames: ["zkp-ledger-staging.neurascale.example"] },
  // Prometheus / Jaeger addresses: the schema's documented defaults.
  monitoring: { grafanaImage: "docker.io/grafana/grafana:11.4.0", samplingRatio: 1 },
};
/** Guide numbers per environment (Vertical Scaling: 2Gi/1000m -> 4Gi/2000m requests). */
export const zkpLedgerPresets = {
  staging,
  production: {
    ...staging,
    clusterId: "zkp-ledger-production",
    // Placeholders the readiness model flags: the example account and all-zero digests.
    image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/production/zkp-ledger/node@${PLACEHOLDER_DIGEST}`,
    bootstrapImages: BOOTSTRAP_PLACEHOLDERS,
    resources: { requests: { cpu: "2000m", memory: "4Gi" }, limits: { cpu: "4000m", memory: "8Gi" } },
    volumeGb: 200,
    performance: { maxWorkerThreads: 8, maxMemoryUsageMb: 6144, proofCacheSizeMb: 512, parallelBatchProcessing: true },
    database: { instanceClass: "db.r6g.large", allocatedStorageGb: 200, backupRetentionDays: 30, replica: true },
    redis: { nodeType: "cache.r6g.large", replicas: 2 },
    loadBalancer: { ...staging.loadBalancer, image: `docker.io/nginxinc/nginx-unprivileged@${PLACEHOLDER_DIGEST}`, replicas: 3, dnsNames: ["zkp-ledger.neurascale.example"] },
    monitoring: { ...staging.monitoring, grafanaImage: `docker.io/grafana/grafana@${PLACEHOLDER_DIGEST}`, samplingRatio: 0.1 },
  },
} satisfies Record<"staging" | "production", Input>;
