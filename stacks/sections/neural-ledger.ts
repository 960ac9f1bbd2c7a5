import { z } from "zod";
import { ZONE_SUFFIXES, zoneProblem } from "../../components/gcp/zones";
import { GCP_REGIONS, residencyAllows, residencyRule, type Jurisdiction } from "../regions";
import { serverlessConnectorCidr } from "../networks";
import { days, gcpLocation, gcpProjectId, gcpRegionName, jurisdiction, positiveInt } from "./common";

const zoneSuffix = z.string().regex(/^[a-z]$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a zone suffix (one letter, e.g. "a")` });

/**
 * Retention, one knob per kind of data (the guide's numbers are the presets). Each store keeps
 * what its knob says, up to the service's limit; the effective values are exported as
 * neuralLedger.retentionDays (components/systems/neural-ledger/settings.ts).
 */
export const ledgerRetention = z.strictObject({
  /**
   * Hot tier: events and their redelivery index in Bigtable (GC by age), and the Pub/Sub topics'
   * replay window (at most 31 days). Firestore keeps one document per stream (its latest state),
   * not events, so it has no age limit. Guide, staging: "shorter retention periods (7 days)".
   */
  hotTierDays: days,
  /** Long-term store: partitions of the BigQuery `events` table (guide: BigQuery is the long-term storage). */
  longTermDays: days,
  /**
   * Monitoring data: the project's `_Default` log bucket (processor logs). Guide:
   * monitoring_retention_days = 30; raised to compliance.minLogRetentionDays when lower.
   */
  monitoringDays: days,
  /** Data Access audit logs: their own log bucket; at least compliance.minLogRetentionDays. */
  auditLogDays: days,
  /**
   * Backups (guide: backup_retention_days = 365): BigQuery table snapshots keep the full period;
   * Bigtable backups at most 90 days; Firestore daily backups 7 days plus weekly ones 14 weeks.
   */
  backupDays: days,
});
export type LedgerRetention = z.infer<typeof ledgerRetention>;

/** `neurastack:neuralLedger` (seed 000): Pub/Sub -> Cloud Functions -> Bigtable / Firestore / BigQuery. */
export const neuralLedger = z
  .strictObject({
    /** GCP project (guide: neurascale-staging / neurascale-production). */
    projectId: gcpProjectId,
    /** Region of the function, Bigtable cluster, KMS and Firestore (guide: northamerica-northeast1). */
    region: gcpRegionName,
    /** BigQuery dataset location. */
    bigqueryLocation: gcpLocation,
    /** Data-protection regime of the ledger's data. */
    jurisdiction,
    bigtable: z.strictObject({
      /** Nodes of each Bigtable cluster (guide: staging 1, production 3). */
      nodes: positiveInt,
      storageType: z.enum(["SSD", "HDD"]),
    }),
    /** Zone suffixes of the Bigtable clusters (checked against each region's zones). */
    zones: z.strictObject({
      /** The primary cluster's zone in `region`. */
      primary: zoneSuffix,
      /** The replica cluster's zone in `recovery.replicaRegion`. */
      replica: zoneSuffix,
    }),
    retention: ledgerRetention,
    /**
     * Recovery (guide: cross-region replication, RTO < 4 h, RPO < 1 h; docs/recovery.md). With a
     * replica region: a second Bigtable cluster there, a BigQuery replica dataset fed by its own
     * subscription, and Pub/Sub persistence in both regions.
     */
    recovery: z.strictObject({
      /** Second region of the same jurisdiction; none: one region only (staging). */
      replicaRegion: gcpRegionName.optional(),
      /** The Bigtable cluster the processor writes to: `primary`, or `replica` after a failover. */
      servingCluster: z.enum(["primary", "replica"]),
    }),
    processor: z.strictObject({
      /** Memory in MB (guide production: 1024). */
      memoryMb: z.number().int().min(128).max(32768),
      /** Timeout in seconds (guide production: 540). */
      timeoutSeconds: z.number().int().min(1).max(540),
      /** Max instances (guide production: 500). */
      maxInstances: positiveInt,
      /** Delivery attempts before the dead-letter topic. */
      maxDeliveryAttempts: z.number().int().min(5).max(100),
    }),
    /** Production networking: VPC connector with private-ranges-only egress. */
    privateNetworking: z.boolean(),
    /** Serverless VPC connector CIDR (/28). */
    connectorCidr: serverlessConnectorCidr,
    /** Data-access audit logs and VPC flow logs (guide: on in production). */
    auditLogs: z.boolean(),
    /** Use an HSM protection level for the signing key. */
    hsmSigningKey: z.boolean(),
    /** Availability checks of the ingestion path (guide: enable_uptime_checks = true). */
    uptimeChecks: z.boolean(),
    /**
     * Production budget alerts (guide: "Set up budget alerts") need `alerting.billingAccount`;
     * a stack that cannot have one states why here (at least 20 characters).
     */
    budgetWaiver: z.string().min(20, { error: "must give a reason of at least 20 characters" }).optional(),
  })
  .superRefine((value, ctx) => {
    const r = value.retention;
    // Sources: Bigtable backups are kept at most 90 days (cloud.google.com/bigtable/docs/backups);
    // a store must not drop data its backups still hold (the hipaa-phi-retention-covers-backups rule).
    const bigtableBackupDays = Math.min(r.backupDays, 90);
    if (r.hotTierDays < bigtableBackupDays) {
      ctx.addIssue({ code: "custom", path: ["retention", "hotTierDays"], input: r.hotTierDays, message: `${r.hotTierDays} is shorter than the Bigtable backups it would outlive (${bigtableBackupDays} days); Bigtable must keep events at least as long as its backups` });
    }
    if (r.longTermDays < r.backupDays) {
      ctx.addIssue({ code: "custom", path: ["retention", "longTermDays"], input: r.longTermDays, message: `${r.longTermDays} is shorter than backupDays (${r.backupDays}); the long-term store must keep events at least as long as its snapshots` });
    }
    if (r.longTermDays < r.hotTierDays) {
      ctx.addIssue({ code: "custom", path: ["retention", "longTermDays"], input: r.longTermDays, message: `${r.longTermDays} is shorter than hotTierDays (${r.hotTierDays}); the long-term store must keep events at least as long as the hot tier` });
    }
    const zones: [string, string, (string | number)[]][] = [[value.region, value.zones.primary, ["zones", "primary"]]];
    const replica = value.recovery.replicaRegion;
    if (replica !== undefined) {
      zones.push([replica, value.zones.replica, ["zones", "replica"]]);
      if (replica === value.region) {
        ctx.addIssue({ code: "custom", path: ["recovery", "replicaRegion"], input: replica, message: `${JSON.stringify(replica)} is the primary region; the replica must survive the loss of that region` });
      }
      const info = GCP_REGIONS[replica];
      if (info && !residencyAllows(value.jurisdiction as Jurisdiction, info)) {
        ctx.addIssue({ code: "custom", path: ["recovery", "replicaRegion"], input: replica, message: `${JSON.stringify(replica)} (${info.location}) cannot hold neuralLedger data under ${JSON.stringify(value.jurisdiction)}: ${residencyRule(value.jurisdiction as Jurisdiction)}` });
      }
    } else if (value.recovery.servingCluster === "replica") {
      ctx.addIssue({ code: "custom", path: ["recovery", "servingCluster"], input: "replica", message: `"replica" needs recovery.replicaRegion` });
    }
    for (const [region, suffix, path] of zones) {
      const problem = region in ZONE_SUFFIXES ? zoneProblem(region, suffix) : undefined;
      if (problem) ctx.addIssue({ code: "custom", path, input: suffix, message: problem });
    }
  });
export type NeuralLedgerConfig = z.infer<typeof neuralLedger>;

/**
 * Checks that span sections: production budgets (guide: "Set up budget alerts") need the
 * billing account of `alerting` unless the ledger's `budgetWaiver` says why not. Called from
 * stacks/schema.ts with possibly-invalid input.
 */
export function neuralLedgerCrossCheck(cfg: { environment?: unknown; alerting?: unknown; neuralLedger?: unknown }, ctx: z.RefinementCtx): void {
  const ledger = cfg.neuralLedger as { budgetWaiver?: unknown } | undefined;
  if (cfg.environment !== "production" || ledger === undefined) return;
  const account = (cfg.alerting as { billingAccount?: unknown } | undefined)?.billingAccount;
  if (account === undefined && ledger.budgetWaiver === undefined) {
    ctx.addIssue({ code: "custom", path: ["alerting", "billingAccount"], input: undefined, message: "is required in production for the Neural Ledger's budget alerts (or set neuralLedger.budgetWaiver with the reason)" });
  }
}

type Input = z.input<typeof neuralLedger>;
const staging: Omit<Input, "projectId"> = {
  region: "northamerica-northeast1",
  bigqueryLocation: "northamerica-northeast1",
  jurisdiction: "hipaa-us",
  bigtable: { nodes: 1, storageType: "SSD" },
  zones: { primary: "a", replica: "a" },
  // Guide, staging cost optimisation: "Shorter retention periods (7 days)".
  retention: { hotTierDays: 7, longTermDays: 7, monitoringDays: 30, auditLogDays: 30, backupDays: 7 },
  recovery: { servingCluster: "primary" },
  processor: { memoryMb: 512, timeoutSeconds: 540, maxInstances: 500, maxDeliveryAttempts: 10 },
  privateNetworking: false,
  connectorCidr: "10.8.0.0/28",
  auditLogs: false,
  hsmSigningKey: false,
  uptimeChecks: true,
};

/**
 * Six years: HIPAA's retention of required documentation (45 CFR 164.316(b)(2)(i)), the floor
 * for an audit trail under 21 CFR Part 11 (11.10(c), (e): records and audit trails kept for the
 * records' retention period). Finite, so personal data still has an end (GDPR Art. 5(1)(e)).
 */
export const AUDIT_TRAIL_DAYS = 2190;

/** Guide numbers per environment (project ids come from the stack file). */
export const neuralLedgerPresets = {
  staging,
  production: {
    ...staging,
    bigtable: { nodes: 3, storageType: "SSD" },
    // Guide production: monitoring_retention_days = 30, backup_retention_days = 365; the ledger
    // itself is the audit trail and is kept for AUDIT_TRAIL_DAYS in both tiers.
    retention: { hotTierDays: AUDIT_TRAIL_DAYS, longTermDays: AUDIT_TRAIL_DAYS, monitoringDays: 30, auditLogDays: AUDIT_TRAIL_DAYS, backupDays: 365 },
    // Cross-region replication within the jurisdiction: Toronto beside Montréal.
    recovery: { replicaRegion: "northamerica-northeast2", servingCluster: "primary" },
    processor: { memoryMb: 1024, timeoutSeconds: 540, maxInstances: 500, maxDeliveryAttempts: 10 },
    privateNetworking: true,
    auditLogs: true,
    hsmSigningKey: true,
  },
} satisfies Record<"staging" | "production", Omit<Input, "projectId">>;
