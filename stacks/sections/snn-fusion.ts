import { z } from "zod";
import { checkScaling, days, positiveInt, scaling } from "./common";

/** `neurastack:snnFusion` (seed 002): runs in every platform region. */
export const snnFusion = z
  .strictObject({
    /** API container image. */
    image: z.string().min(1),
    /** GPU inference image. */
    gpuImage: z.string().min(1),
    logLevel: z.enum(["DEBUG", "INFO", "WARNING", "ERROR"]),
    /** Public DNS zone of the global endpoint, e.g. snn.example.com. */
    domain: z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a DNS name` }),
    database: z.strictObject({
      instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/),
      allocatedStorageGb: positiveInt,
      maxAllocatedStorageGb: positiveInt,
      backupRetentionDays: z.number().int().min(1).max(35),
      multiAz: z.boolean(),
    }),
    cache: z.strictObject({ nodeType: z.string().regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/), replicasPerShard: z.number().int().min(0).max(5) }),
    api: z.strictObject({ replicas: scaling, cpuTargetPercent: z.number().int().min(1).max(100), memoryTargetPercent: z.number().int().min(1).max(100) }),
    /** PVC sizes in GiB (guide: data 100GB-1TB, models 50GB-500GB). */
    storage: z.strictObject({ dataGb: positiveInt, modelsGb: positiveInt }),
    logRetentionDays: days,
    alarms: z.strictObject({
      errorRatePercent: z.number().positive().max(100),
      /** Baseline p95 latency in ms; the alarm fires above 2x. */
      latencyBaselineMs: positiveInt,
      wafBlockedRequestsPerMinute: positiveInt,
    }),
  })
  .superRefine((value, ctx) => {
    checkScaling(value.api.replicas, ctx, ["api", "replicas"]);
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
  image: "ghcr.io/terragonlabs/snn-fusion:1.0.0",
  gpuImage: "ghcr.io/terragonlabs/snn-fusion-gpu:1.0.0",
  logLevel: "INFO",
  domain: "snn-staging.neurascale.example",
  database: { instanceClass: "db.r6g.large", allocatedStorageGb: 100, maxAllocatedStorageGb: 1000, backupRetentionDays: 30, multiAz: false },
  cache: { nodeType: "cache.r6g.large", replicasPerShard: 1 },
  api: { replicas: { min: 2, max: 20 }, cpuTargetPercent: 70, memoryTargetPercent: 80 },
  storage: { dataGb: 100, modelsGb: 50 },
  logRetentionDays: 90,
  alarms: { errorRatePercent: 5, latencyBaselineMs: 100, wafBlockedRequestsPerMinute: 100 },
};
/** Guide numbers per environment. */
export const snnFusionPresets = {
  staging,
  production: {
    ...staging,
    domain: "snn.neurascale.example",
    database: { instanceClass: "db.r6g.large", allocatedStorageGb: 100, maxAllocatedStorageGb: 1000, backupRetentionDays: 30, multiAz: true },
    cache: { nodeType: "cache.r6g.large", replicasPerShard: 2 },
    storage: { dataGb: 1000, modelsGb: 500 },
  },
} satisfies Record<"staging" | "production", Input>;

/** Cross-section facts SNN-Fusion's residency check needs. */
export interface SnnFusionCrossCheckInput {
  readonly snnFusion: SnnFusionConfig;
  /** Platform regions with their resolved jurisdiction. */
  readonly regions: readonly { readonly name: string; readonly jurisdiction: string }[];
}

/**
 * Checks that span sections (called from stacks/schema.ts): e.g. no replication edge joins
 * regions of different jurisdictions. Report with ctx.addIssue({ code: "custom", path, input, message }).
 */
export function snnFusionCrossCheck(_input: SnnFusionCrossCheckInput, _ctx: z.RefinementCtx): void {
  // The SNN-Fusion issue adds its replication-layout checks here.
}
