import { z } from "zod";
import { gcpLocation, gcpProjectId, gcpRegionName, jurisdiction, positiveInt } from "./common";

/** `neurastack:convergence` (seed 001): Cloud Run API with KMS, Secret Manager, BigQuery. */
export const convergence = z
  .strictObject({
  projectId: gcpProjectId,
  /** Cloud Run and KMS region (guide: us-central1). */
  region: gcpRegionName,
  /** BigQuery location (guide: US). */
  bigqueryLocation: gcpLocation,
  jurisdiction,
  /** Suffix of names: convergence-api-<suffix> (guide: staging / prod). */
  nameSuffix: z.string().regex(/^[a-z][a-z0-9-]{0,15}$/),
  /** Container image. */
  image: z.string().min(1),
  logLevel: z.enum(["DEBUG", "INFO", "WARNING", "ERROR"]),
  service: z.strictObject({
    memory: z.string().regex(/^\d+(Mi|Gi)$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a memory size like 2Gi` }),
    cpu: positiveInt,
    timeoutSeconds: z.number().int().min(1).max(3600),
    concurrency: z.number().int().min(1).max(1000),
    minInstances: z.number().int().nonnegative(),
    maxInstances: positiveInt,
  }),
  /** Traffic split: `latest` percent to the newest revision, the rest to named revisions. */
  traffic: z.strictObject({
    latest: z.number().int().min(0).max(100),
    revisions: z.record(z.string(), z.number().int().min(0).max(100)),
    /** Revision tags: tag -> revision name (empty string = latest). */
    tags: z.record(z.string(), z.string()),
  }),
  /** Grants run.invoker to allUsers (the API checks its own keys); must carry a policy waiver. */
  public: z.boolean(),
  /** Production: global HTTPS load balancer with Cloud Armor. */
  loadBalancer: z.strictObject({ enabled: z.boolean(), domains: z.array(z.string()), rateLimitPerMinute: positiveInt }),
  adminGroup: z.string().regex(/^[^@\s]+@[^@\s]+$/).optional(),
  /** Access policy id for a VPC Service Controls perimeter (production, optional). */
  accessPolicyId: z.string().regex(/^\d+$/).optional(),
  secretRotationDays: z.number().int().min(1).max(90),
  })
  .superRefine((value, ctx) => {
    const total = value.traffic.latest + Object.values(value.traffic.revisions).reduce((a, b) => a + b, 0);
    if (total !== 100) {
      ctx.addIssue({ code: "custom", path: ["traffic"], input: value.traffic, message: `sums to ${total}%; latest plus named revisions must be exactly 100%` });
    }
    if (value.service.minInstances > value.service.maxInstances) {
      ctx.addIssue({ code: "custom", path: ["service", "minInstances"], input: value.service.minInstances, message: `${value.service.minInstances} is greater than maxInstances (${value.service.maxInstances}); min must be <= max` });
    }
  });
export type ConvergenceConfig = z.infer<typeof convergence>;

type Input = z.input<typeof convergence>;
const staging: Omit<Input, "projectId"> = {
  region: "us-central1",
  bigqueryLocation: "US",
  jurisdiction: "hipaa-us",
  nameSuffix: "staging",
  image: "gcr.io/neurascale-convergence-stg/convergence-api:staging",
  logLevel: "INFO",
  service: { memory: "2Gi", cpu: 2, timeoutSeconds: 300, concurrency: 100, minInstances: 1, maxInstances: 10 },
  traffic: { latest: 100, revisions: {}, tags: {} },
  public: true,
  loadBalancer: { enabled: false, domains: [], rateLimitPerMinute: 600 },
  secretRotationDays: 90,
};
/** Guide numbers per environment (project ids come from the stack file). */
export const convergencePresets = {
  staging,
  production: {
    ...staging,
    nameSuffix: "prod",
    image: "gcr.io/neurascale-convergence-prod/convergence-api:v1.0.0",
    service: { memory: "4Gi", cpu: 4, timeoutSeconds: 300, concurrency: 200, minInstances: 2, maxInstances: 50 },
    traffic: { latest: 100, revisions: {}, tags: { blue: "" } },
    loadBalancer: { enabled: true, domains: ["api.convergence.neurascale.example"], rateLimitPerMinute: 600 },
  },
} satisfies Record<"staging" | "production", Omit<Input, "projectId">>;
