import { z } from "zod";
import { cloudRunCpu } from "../limits";
import { GCP_REGIONS, residencyAllows, residencyRule } from "../regions";
import { email, gcpLocation, gcpProjectId, gcpRegionName, jurisdiction, positiveInt } from "./common";
import { PLACEHOLDER_DIGEST, containerImage } from "../images";

/** Prefix of every physical name: convergence-api-<suffix> (service account, Cloud Run service). */
export const CONVERGENCE_PREFIX = "convergence-api";

/**
 * Name suffix (guide: staging / prod). At most 14 characters so that the service account id
 * `convergence-api-<suffix>` stays within GCP's 30-character limit.
 */
const nameSuffix = z.string().regex(/^[a-z](?:[a-z0-9-]{0,12}[a-z0-9])?$/, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a name suffix (1-14 lowercase letters, digits, hyphens; the service account id convergence-api-<suffix> must fit 30 characters)`,
});

/** Cloud Run traffic tags become URL prefixes (<tag>---<service>-<hash>.run.app). */
const trafficTag = z.string().regex(/^[a-z](?:[a-z0-9-]{0,20}[a-z0-9])?$/, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a traffic tag (1-22 lowercase letters, digits, hyphens)`,
});

const isoInstant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a UTC timestamp like 2026-01-01T00:00:00Z`,
});

/** `neurastack:convergence` (seed 001): Cloud Run API with KMS, Secret Manager, BigQuery. */
export const convergence = z
  .strictObject({
    projectId: gcpProjectId,
    /** Cloud Run and KMS region (guide: us-central1). */
    region: gcpRegionName,
    /** BigQuery location (guide: US). */
    bigqueryLocation: gcpLocation,
    jurisdiction,
    /** Suffix of names: convergence-api-<suffix>, convergence-keyring-<suffix> (guide: staging / prod). */
    nameSuffix,
    /** Container image, pushed to the Artifact Registry repository of the stack (outputs.registries); production pins it by digest. */
    image: containerImage,
    logLevel: z.enum(["DEBUG", "INFO", "WARNING", "ERROR"]),
    service: z.strictObject({
      memory: z.string().regex(/^\d+(Mi|Gi)$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a memory size like 2Gi` }),
      cpu: cloudRunCpu,
      timeoutSeconds: z.number().int().min(1).max(3600),
      concurrency: z.number().int().min(1).max(1000),
      minInstances: z.number().int().nonnegative(),
      maxInstances: positiveInt,
      /** Port the container listens on (Cloud Run passes it as PORT; default 8080 as gcloud deploy). */
      containerPort: z.number().int().min(1).max(65535),
    }),
    /**
     * Traffic split: `latest` percent to the newest revision, the rest to named revisions.
     * Guide migration 10% -> 50% -> 100%: {latest: 10, revisions: {<old>: 90}} -> ... -> {latest: 100}.
     * Rollback: {latest: 0, revisions: {<good revision>: 100}}.
     */
    traffic: z.strictObject({
      latest: z.number().int().min(0).max(100),
      revisions: z.record(z.string(), z.number().int().min(0).max(100)),
      /** Revision tags: tag -> revision name (empty string = latest), e.g. blue / green. */
      tags: z.record(trafficTag, z.string()),
    }),
    /** Grants run.invoker to allUsers (the API checks its own keys); must carry a policy waiver. */
    public: z.boolean(),
    /**
     * How `public` is served: `allUsers` (run.invoker for allUsers, as the guide's
     * --allow-unauthenticated), or `invokerIamDisabled` (Cloud Run skips the invoker check; no
     * allUsers member), for organisations whose domain-restricted sharing policy refuses allUsers.
     */
    publicAccess: z.enum(["allUsers", "invokerIamDisabled"]),
    /** Production: global HTTPS load balancer with Cloud Armor; Cloud Run ingress is then restricted to it. */
    loadBalancer: z.strictObject({ enabled: z.boolean(), domains: z.array(z.string().regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a DNS name` })), rateLimitPerMinute: positiveInt }),
    /**
     * Default partition expiration of the dataset in days (storage limitation, GDPR Art. 5(1)(e)):
     * partitioned pipeline tables drop old partitions; unpartitioned tenant tables are kept.
     */
    partitionExpirationDays: z.number().int().min(1).max(3650),
    /** Google group that administers the BigQuery dataset (dataset OWNER); none when unset. */
    adminGroup: email.optional(),
    /** Access policy id for a VPC Service Controls perimeter (production, optional). */
    accessPolicyId: z.string().regex(/^\d+$/).optional(),
    /** The perimeter (when accessPolicyId is set): access levels allowed in, and dry-run (log only) or enforced. */
    perimeter: z.strictObject({
      accessLevels: z.array(z.string().regex(/^accessPolicies\/\d+\/accessLevels\/[A-Za-z0-9_]+$/, { error: (issue) => `${JSON.stringify(issue.input)} is not an access level name (accessPolicies/<id>/accessLevels/<name>)` })),
      dryRun: z.boolean(),
    }),
    /** Secret Manager replica locations (regions allowed by the jurisdiction; each gets its own CMEK key). */
    secretReplicaLocations: z.array(gcpRegionName).min(1, { error: "needs at least one replica location" }),
    /** Admin key rotation period (guide: every 90 days). */
    secretRotationDays: z.number().int().min(1).max(90),
    /** First rotation instant; later ones follow every secretRotationDays. */
    secretRotationAnchor: isoInstant,
    /** Alert thresholds (guide, Monitoring > Alerts). */
    alerts: z.strictObject({
      /** Uptime check period in seconds (GCP allows 60, 300, 600, 900). */
      uptimePeriodSeconds: z.union([z.literal(60), z.literal(300), z.literal(600), z.literal(900)]),
      /** Alert when more than this many consecutive health checks fail (guide: > 2). */
      consecutiveHealthCheckFailures: positiveInt,
      /** P95 request latency in ms (guide: 500). */
      p95LatencyMs: positiveInt,
      /** 5xx share of requests in percent (guide: 1% in 5 minutes). */
      errorRatePercent: z.number().positive().max(100),
      errorRateWindowMinutes: positiveInt,
    }),
  })
  .superRefine((value, ctx) => {
    const total = value.traffic.latest + Object.values(value.traffic.revisions).reduce((a, b) => a + b, 0);
    if (total !== 100) {
      ctx.addIssue({ code: "custom", path: ["traffic"], input: value.traffic, message: `sums to ${total}%; latest plus named revisions must be exactly 100%` });
    }
    const service = `${CONVERGENCE_PREFIX}-${value.nameSuffix}`;
    const ownRevision = (revision: string) => revision.startsWith(`${service}-`) && /^[a-z0-9-]+$/.test(revision);
    for (const revision of Object.keys(value.traffic.revisions)) {
      if (!ownRevision(revision)) {
        ctx.addIssue({ code: "custom", path: ["traffic", "revisions", revision], input: revision, message: `${JSON.stringify(revision)} is not a revision of ${service} (names look like ${service}-00001-abc)` });
      }
    }
    for (const [tag, revision] of Object.entries(value.traffic.tags)) {
      if (revision !== "" && !ownRevision(revision)) {
        ctx.addIssue({ code: "custom", path: ["traffic", "tags", tag], input: revision, message: `${JSON.stringify(revision)} is not a revision of ${service}; use "" for the latest revision` });
      }
    }
    if (value.service.minInstances > value.service.maxInstances) {
      ctx.addIssue({ code: "custom", path: ["service", "minInstances"], input: value.service.minInstances, message: `${value.service.minInstances} is greater than maxInstances (${value.service.maxInstances}); min must be <= max` });
    }
    if (value.loadBalancer.enabled && value.loadBalancer.domains.length === 0) {
      ctx.addIssue({ code: "custom", path: ["loadBalancer", "domains"], input: value.loadBalancer.domains, message: "is empty; the managed certificate of the load balancer needs at least one domain" });
    }
    if (value.loadBalancer.enabled && !value.public) {
      ctx.addIssue({ code: "custom", path: ["public"], input: value.public, message: "false cannot serve the load balancer: its serverless NEG forwards unauthenticated requests, so run.invoker for allUsers is required" });
    }
    const replicas = value.secretReplicaLocations;
    if (new Set(replicas).size !== replicas.length) {
      ctx.addIssue({ code: "custom", path: ["secretReplicaLocations"], input: replicas, message: "names a location twice; list each replica location once" });
    }
    replicas.forEach((location, i) => {
      const info = GCP_REGIONS[location];
      if (info && !residencyAllows(value.jurisdiction, info)) {
        ctx.addIssue({
          code: "custom",
          path: ["secretReplicaLocations", i],
          input: location,
          message: `${JSON.stringify(location)} (${info.location}) cannot hold convergence secrets under ${JSON.stringify(value.jurisdiction)}: ${residencyRule(value.jurisdiction)}`,
        });
      }
    });
  });
export type ConvergenceConfig = z.infer<typeof convergence>;

type Input = z.input<typeof convergence>;
const staging: Omit<Input, "projectId"> = {
  region: "us-central1",
  bigqueryLocation: "US",
  jurisdiction: "hipaa-us",
  nameSuffix: "staging",
  // Deployment input (stacks/readiness.ts): the tag CI pushes to the stack's Artifact Registry repository.
  image: "us-central1-docker.pkg.dev/neurascale-convergence-stg/convergence-api-staging/convergence-api:staging",
  logLevel: "INFO",
  service: { memory: "2Gi", cpu: 2, timeoutSeconds: 300, concurrency: 100, minInstances: 1, maxInstances: 10, containerPort: 8080 },
  traffic: { latest: 100, revisions: {}, tags: {} },
  public: true,
  publicAccess: "allUsers",
  loadBalancer: { enabled: false, domains: [], rateLimitPerMinute: 600 },
  partitionExpirationDays: 30,
  perimeter: { accessLevels: [], dryRun: true },
  secretReplicaLocations: ["us-central1", "us-east1"],
  secretRotationDays: 90,
  secretRotationAnchor: "2026-01-01T00:00:00Z",
  alerts: { uptimePeriodSeconds: 60, consecutiveHealthCheckFailures: 2, p95LatencyMs: 500, errorRatePercent: 1, errorRateWindowMinutes: 5 },
};
/** Guide numbers per environment (project ids come from the stack file). */
export const convergencePresets = {
  staging,
  production: {
    ...staging,
    nameSuffix: "prod",
    // Placeholder the readiness model flags: the all-zero digest.
    image: `us-central1-docker.pkg.dev/neurascale-convergence-prod/convergence-api-prod/convergence-api@${PLACEHOLDER_DIGEST}`,
    service: { memory: "4Gi", cpu: 4, timeoutSeconds: 300, concurrency: 200, minInstances: 2, maxInstances: 50, containerPort: 8080 },
    traffic: { latest: 100, revisions: {}, tags: { blue: "" } },
    loadBalancer: { enabled: true, domains: ["api.convergence.neurascale.example"], rateLimitPerMinute: 600 },
    // 13 months: a year-over-year comparison of pipeline data, then it goes.
    partitionExpirationDays: 395,
  },
} satisfies Record<"staging" | "production", Omit<Input, "projectId">>;
