import { z } from "zod";
import { days, gcpLocation, gcpProjectId, gcpRegionName, jurisdiction, positiveInt } from "./common";

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
      /** Nodes of the Bigtable cluster (guide: staging 1, production 3). */
      nodes: positiveInt,
      storageType: z.enum(["SSD", "HDD"]),
    }),
    /** Event retention in days: Pub/Sub, BigQuery partitions, Bigtable GC (guide: 7 / 30). */
    retentionDays: days,
    /**
     * Backup retention in days (guide: backup_retention_days = 365). Each store keeps backups up
     * to its service maximum (Bigtable 90 days; Firestore daily 7 days plus weekly 14 weeks);
     * the effective values are exported as neuralLedger.retentionDays.
     */
    backupRetentionDays: days,
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
    connectorCidr: z.string().regex(/^(\d{1,3}\.){3}\d{1,3}\/28$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a /28 CIDR (required by Serverless VPC Access)` }),
    /** Data-access audit logs and VPC flow logs (guide: on in production). */
    auditLogs: z.boolean(),
    /** Use an HSM protection level for the signing key. */
    hsmSigningKey: z.boolean(),
  });
export type NeuralLedgerConfig = z.infer<typeof neuralLedger>;

type Input = z.input<typeof neuralLedger>;
const staging: Omit<Input, "projectId"> = {
  region: "northamerica-northeast1",
  bigqueryLocation: "northamerica-northeast1",
  jurisdiction: "hipaa-us",
  bigtable: { nodes: 1, storageType: "SSD" },
  retentionDays: 7,
  backupRetentionDays: 7,
  processor: { memoryMb: 512, timeoutSeconds: 540, maxInstances: 500, maxDeliveryAttempts: 10 },
  privateNetworking: false,
  connectorCidr: "10.8.0.0/28",
  auditLogs: false,
  hsmSigningKey: false,
};
/** Guide numbers per environment (project ids come from the stack file). */
export const neuralLedgerPresets = {
  staging,
  production: {
    ...staging,
    bigtable: { nodes: 3, storageType: "SSD" },
    retentionDays: 30,
    backupRetentionDays: 365,
    processor: { memoryMb: 1024, timeoutSeconds: 540, maxInstances: 500, maxDeliveryAttempts: 10 },
    privateNetworking: true,
    auditLogs: true,
    hsmSigningKey: true,
  },
} satisfies Record<"staging" | "production", Omit<Input, "projectId">>;
