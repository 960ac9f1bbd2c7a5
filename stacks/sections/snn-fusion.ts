import { z } from "zod";
import { cloudWatchRetentionDays, ebsVolumeGb, rdsStorageGb } from "../limits";
import { residencyRule, type Jurisdiction } from "../regions";
import { awsRegionName, checkScaling, count, positiveInt, scaling } from "./common";
import { DEFAULT_EKS_VERSION, EKS_VERSIONS } from "../dated";
import { checkZoneChoice, zoneChoiceShape } from "./dns";
import { addonVersion } from "./platform";
import { PLACEHOLDER_DIGEST, containerImage } from "../images";
import { BOOTSTRAP_PLACEHOLDERS, BOOTSTRAP_TAGS } from "./bootstrap-images";

/**
 * Cross-region replication layout: groups of regions; the first region of a group is the
 * primary (RDS primary, Redis global datastore primary), the others replicate from it, and the
 * S3 buckets of a group replicate to each other. Every edge stays inside one group.
 */
const replication = z.strictObject({
  /**
   * Replication groups, e.g. [["eu-west-1", "eu-central-1"], ["us-east-1", "us-west-2"]].
   * Default (when `replication` is unset): one group per jurisdiction, in platform.regions
   * order. A platform region named in no group runs alone (its own primary, no replication).
   * Groups that mix jurisdictions are rejected (residency).
   */
  groups: z.array(z.array(awsRegionName).min(1, { error: "is an empty group; list at least one region" })),
});

/** `neurastack:snnFusion` (seed 002): runs in every platform region. */
export const snnFusion = z
  .strictObject({
    /** API container image (production: pinned by digest). Each region pulls it from its own replica of the ECR repository. */
    image: containerImage,
    /** GPU inference image (production: pinned by digest). */
    gpuImage: containerImage,
    /** Images of the database-role bootstrap Job (AWS CLI, psql 15); production: pinned by digest. */
    bootstrapImages: z.strictObject({ awsCli: containerImage, postgres: containerImage }),
    logLevel: z.enum(["DEBUG", "INFO", "WARNING", "ERROR"]),
    /** Public DNS zone of the global endpoint, e.g. snn.example.com. */
    domain: z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a DNS name` }),
    /** Hosted zone of `domain`: an existing public zone (zoneId / zoneDomain) or a new one in two steps (stacks/sections/dns.ts). */
    zone: z.strictObject(zoneChoiceShape),
    database: z.strictObject({
      instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/),
      allocatedStorageGb: rdsStorageGb,
      maxAllocatedStorageGb: rdsStorageGb,
      backupRetentionDays: z.number().int().min(1).max(35),
      multiAz: z.boolean(),
      /**
       * Read replicas in the region of each replication group's primary (guide: "Read replicas
       * in each region"; the other regions of a group hold a cross-region replica). 0-14: RDS
       * for PostgreSQL allows 15 replicas per source and each other group region takes one.
       */
      localReadReplicas: z.number().int().min(0).max(14),
    }),
    cache: z.strictObject({ nodeType: z.string().regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/), replicasPerShard: z.number().int().min(0).max(5) }),
    /**
     * API autoscaling (guide "HPA: CPU (70%), Memory (80%), Custom metrics"): the custom metric is
     * HTTP requests per second per pod (prometheus-adapter), scaled at `requestsPerSecondPerPod`.
     */
    api: z.strictObject({ replicas: scaling, cpuTargetPercent: z.number().int().min(1).max(100), memoryTargetPercent: z.number().int().min(1).max(100), requestsPerSecondPerPod: positiveInt }),
    /** PVC sizes in GiB (guide: data 100GB-1TB, models 50GB-500GB). */
    storage: z.strictObject({ dataGb: ebsVolumeGb, modelsGb: ebsVolumeGb }),
    logRetentionDays: cloudWatchRetentionDays,
    /**
     * Pinned version of the amazon-cloudwatch-observability EKS add-on (Container Insights,
     * Fluent Bit), as `aws eks describe-addon-versions --addon-name amazon-cloudwatch-observability`
     * lists it for platform.kubernetesVersion; raise it with the Kubernetes version.
     */
    observabilityAddonVersion: addonVersion,
    /** Pod resources of the API (guide: CPU 500m-4, memory 2GB-8GB per pod). */
    apiResources: z.strictObject({
      requests: z.strictObject({ cpu: z.string(), memory: z.string() }),
      limits: z.strictObject({ cpu: z.string(), memory: z.string() }),
    }),
    /** GPU inference Deployment (GPU pool 0-3 nodes; the autoscaler adds nodes for it). */
    gpuInference: z.strictObject({ replicas: count, gpusPerPod: positiveInt }),
    /** Neuromorphic worker Deployment (runs on the neuromorphic pool: boards or simulation). */
    neuromorphicWorker: z.strictObject({ replicas: count }),
    /** Object storage lifecycle (days). */
    buckets: z.strictObject({
      /** Data lake objects move to STANDARD_IA after this many days. */
      dataLakeInfrequentAccessDays: positiveInt,
      /** Data lake objects move to GLACIER_IR after this many days. */
      dataLakeArchiveDays: positiveInt,
      /** Data lake objects are deleted after this many days (GDPR storage limitation). */
      dataLakeExpirationDays: positiveInt,
      /** Model registry: noncurrent model versions always kept (besides the age rule). */
      modelVersionsKept: positiveInt,
      /** Backups are deleted after this many days. */
      backupRetentionDays: positiveInt,
    }),
    /** WAF rate limit: requests per client IP per 5 minutes before blocking. */
    waf: z.strictObject({ rateLimitPer5Minutes: z.number().int().min(10).max(2_000_000_000) }),
    /** Replication layout override; default: one group per jurisdiction (see `replication`). */
    replication: replication.optional(),
    alarms: z.strictObject({
      errorRatePercent: z.number().positive().max(100),
      /** Baseline p95 latency in ms; the alarm fires above 2x. */
      latencyBaselineMs: positiveInt,
      wafBlockedRequestsPerMinute: positiveInt,
    }),
  })
  .superRefine((value, ctx) => {
    checkZoneChoice(value.zone, value.domain, ctx, ["zone"]);
    checkScaling(value.api.replicas, ctx, ["api", "replicas"]);
    if (value.buckets.dataLakeExpirationDays <= value.buckets.dataLakeArchiveDays) {
      ctx.addIssue({
        code: "custom",
        path: ["buckets", "dataLakeExpirationDays"],
        input: value.buckets.dataLakeExpirationDays,
        message: `${value.buckets.dataLakeExpirationDays} is not after dataLakeArchiveDays (${value.buckets.dataLakeArchiveDays}); objects must be archived before they expire`,
      });
    }
    if (value.buckets.dataLakeArchiveDays <= value.buckets.dataLakeInfrequentAccessDays) {
      ctx.addIssue({
        code: "custom",
        path: ["buckets", "dataLakeArchiveDays"],
        input: value.buckets.dataLakeArchiveDays,
        message: `${value.buckets.dataLakeArchiveDays} is not after dataLakeInfrequentAccessDays (${value.buckets.dataLakeInfrequentAccessDays}); archive must come later`,
      });
    }
    if (value.database.maxAllocatedStorageGb < value.database.allocatedStorageGb) {
      ctx.addIssue({
        code: "custom",
        path: ["database", "maxAllocatedStorageGb"],
        input: value.database.maxAllocatedStorageGb,
        message: `${value.database.maxAllocatedStorageGb} is below allocatedStorageGb (${value.database.allocatedStorageGb}); autoscaling needs max >= allocated`,
      });
    }
  });
export type SnnFusionConfig = z.infer<typeof snnFusion>;

type Input = z.input<typeof snnFusion>;
const staging: Input = {
  // Deployment inputs (stacks/readiness.ts): the example account and tags until CI pushes the first images.
  image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/staging/snn-fusion/api:1.0.0",
  gpuImage: "123456789012.dkr.ecr.us-east-1.amazonaws.com/staging/snn-fusion/gpu-inference:1.0.0",
  bootstrapImages: { awsCli: BOOTSTRAP_TAGS.awsCli, postgres: BOOTSTRAP_TAGS.postgres },
  logLevel: "INFO",
  domain: "snn-staging.neurascale.example",
  // A real update refuses `undeclared`: choose an existing zone or the two-step delegation.
  zone: { delegation: "undeclared" },
  database: { instanceClass: "db.r6g.large", allocatedStorageGb: 100, maxAllocatedStorageGb: 1000, backupRetentionDays: 30, multiAz: false, localReadReplicas: 1 },
  cache: { nodeType: "cache.r6g.large", replicasPerShard: 1 },
  api: { replicas: { min: 2, max: 20 }, cpuTargetPercent: 70, memoryTargetPercent: 80, requestsPerSecondPerPod: 50 },
  storage: { dataGb: 100, modelsGb: 50 },
  logRetentionDays: 90,
  // From the default Kubernetes minor's compatibility set (stacks/dated.ts).
  observabilityAddonVersion: EKS_VERSIONS[DEFAULT_EKS_VERSION].addons.cloudwatchObservability,
  apiResources: { requests: { cpu: "500m", memory: "2Gi" }, limits: { cpu: "4", memory: "8Gi" } },
  gpuInference: { replicas: 0, gpusPerPod: 1 },
  neuromorphicWorker: { replicas: 1 },
  buckets: { dataLakeInfrequentAccessDays: 30, dataLakeArchiveDays: 180, dataLakeExpirationDays: 365, modelVersionsKept: 10, backupRetentionDays: 35 },
  waf: { rateLimitPer5Minutes: 2000 },
  alarms: { errorRatePercent: 5, latencyBaselineMs: 100, wafBlockedRequestsPerMinute: 100 },
};
/** Guide numbers per environment. */
export const snnFusionPresets = {
  staging,
  production: {
    ...staging,
    domain: "snn.neurascale.example",
    // Placeholders the readiness model flags: the example account and the all-zero digest.
    image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/production/snn-fusion/api@${PLACEHOLDER_DIGEST}`,
    gpuImage: `123456789012.dkr.ecr.us-east-1.amazonaws.com/production/snn-fusion/gpu-inference@${PLACEHOLDER_DIGEST}`,
    bootstrapImages: BOOTSTRAP_PLACEHOLDERS,
    database: { instanceClass: "db.r6g.large", allocatedStorageGb: 100, maxAllocatedStorageGb: 1000, backupRetentionDays: 30, multiAz: true, localReadReplicas: 1 },
    cache: { nodeType: "cache.r6g.large", replicasPerShard: 2 },
    storage: { dataGb: 1000, modelsGb: 500 },
    gpuInference: { replicas: 1, gpusPerPod: 1 },
    buckets: { dataLakeInfrequentAccessDays: 90, dataLakeArchiveDays: 365, dataLakeExpirationDays: 1095, modelVersionsKept: 20, backupRetentionDays: 90 },
  },
} satisfies Record<"staging" | "production", Input>;

/** Cross-section facts SNN-Fusion's residency check needs. */
export interface SnnFusionCrossCheckInput {
  readonly snnFusion: SnnFusionConfig;
  /** Platform regions with their resolved jurisdiction. */
  readonly regions: readonly { readonly name: string; readonly jurisdiction: string }[];
}

/** A region with its resolved jurisdiction. */
export interface JurisdictionRegion {
  readonly name: string;
  readonly jurisdiction: string;
}

/**
 * The replication groups in effect: `replication.groups` when given (platform regions named in
 * no group become single-region groups), otherwise one group per jurisdiction in platform
 * order. The first region of each group is its primary. Pure: used by the config check and by
 * the SnnFusion component, so both see the same layout.
 */
export function snnFusionReplicationGroups(regions: readonly JurisdictionRegion[], replication: SnnFusionConfig["replication"]): string[][] {
  if (replication) {
    const known = new Set(regions.map((r) => r.name));
    const groups = replication.groups.map((g) => g.filter((name) => known.has(name)));
    const placed = new Set(groups.flat());
    for (const r of regions) if (!placed.has(r.name)) groups.push([r.name]);
    return groups.filter((g) => g.length > 0);
  }
  const byJurisdiction = new Map<string, string[]>();
  for (const r of regions) {
    const group = byJurisdiction.get(r.jurisdiction) ?? [];
    group.push(r.name);
    byJurisdiction.set(r.jurisdiction, group);
  }
  return [...byJurisdiction.values()];
}

/**
 * Checks that span sections (called from stacks/schema.ts): every region of a replication group
 * is a platform region, appears in one group only, and shares the jurisdiction of the group's
 * primary, so no replication edge (RDS replica source, Redis global datastore member, S3
 * replication destination) joins regions of different jurisdictions.
 */
export function snnFusionCrossCheck(input: SnnFusionCrossCheckInput, ctx: z.RefinementCtx): void {
  const groups = input.snnFusion.replication?.groups;
  if (!groups) return; // The default layout groups by jurisdiction: residency holds by construction.
  const jurisdictionOf = new Map(input.regions.map((r) => [r.name, r.jurisdiction]));
  const seen = new Map<string, string>();
  groups.forEach((group, i) => {
    group.forEach((name, j) => {
      const path = ["snnFusion", "replication", "groups", i, j];
      const where = `groups[${i}][${j}]`;
      const first = seen.get(name);
      if (first !== undefined) {
        ctx.addIssue({ code: "custom", path, input: name, message: `${JSON.stringify(name)} is already in ${first}; a region belongs to one replication group` });
        return;
      }
      seen.set(name, where);
      const jurisdiction = jurisdictionOf.get(name);
      if (jurisdiction === undefined) {
        ctx.addIssue({ code: "custom", path, input: name, message: `${JSON.stringify(name)} is not a platform region; choose one of platform.regions (${input.regions.map((r) => r.name).join(", ")})` });
        return;
      }
      const primary = group[0];
      const primaryJurisdiction = jurisdictionOf.get(primary);
      if (j > 0 && primaryJurisdiction !== undefined && primaryJurisdiction !== jurisdiction) {
        ctx.addIssue({
          code: "custom",
          path,
          input: name,
          message:
            `${name} (${jurisdiction}) cannot replicate with ${primary} (${primaryJurisdiction}): a replication edge between ${primary} and ${name} ` +
            `would move data across jurisdictions (${residencyRule(primaryJurisdiction as Jurisdiction)}); put each jurisdiction's regions in their own group`,
        });
      }
    });
  });
}
