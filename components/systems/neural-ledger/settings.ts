/**
 * Names and derived numbers of the Neural Ledger: the guide's resource names, and the limits
 * of each Google service applied to the configured retention (documented where a configured
 * value cannot be met by a service, so the effective value is visible and exported).
 */
import type { NeuralLedgerConfig } from "../../../stacks/sections/neural-ledger";

/**
 * Physical names from the guide (one project per environment, so no environment suffix). The
 * key ring and the audit log bucket are names GCP never frees (key rings cannot be deleted;
 * a deleted log bucket holds its id for 7 days), so they carry the deployment suffix
 * (components/gcp/deployment-suffix.ts): `<keyRing>-<suffix>`.
 */
export const NAMES = {
  keyRing: "neural-ledger",
  auditLogBucket: "neural-ledger-audit",
  appProfile: "neural-ledger-processor",
  snapshotDataset: "neural_ledger_snapshots",
  replicaDataset: "neural_ledger_replica",
  replicaSubscription: "neural-ledger-accepted-bigquery-replica",
  snapshotAccount: "neural-ledger-snapshots",
  snapshotConfig: "neural-ledger-daily-snapshot",
  signingKey: "signing-key",
  eventsTopic: "neural-ledger-events",
  acceptedTopic: "neural-ledger-accepted",
  deadLetterTopic: "neural-ledger-dead-letter",
  /** The guide's `gcloud pubsub subscriptions describe neural-ledger-processor`. */
  processorSubscription: "neural-ledger-processor",
  bigquerySubscription: "neural-ledger-accepted-bigquery",
  deadLetterSubscription: "neural-ledger-dead-letter",
  bigtableInstance: "neural-ledger",
  firestoreDatabase: "neural-ledger",
  dataset: "neural_ledger",
  function: "neural-ledger-processor",
  functionAccount: "neural-ledger-processor",
  pushAccount: "neural-ledger-push",
  buildAccount: "neural-ledger-build",
  repository: "neural-ledger-functions",
  network: "neural-ledger",
  connector: "neural-ledger-connector",
} as const;

/** One CMEK key per store (key ids in the `neural-ledger` ring). */
export const CMEK_KEYS = {
  pubsub: "pubsub-cmek",
  bigtable: "bigtable-cmek",
  firestore: "firestore-cmek",
  bigquery: "bigquery-cmek",
  source: "source-cmek",
  functions: "functions-cmek",
} as const;

/** Service limits (Google Cloud documentation). */
export const LIMITS = {
  /** Pub/Sub topic message retention: 10 minutes to 31 days. */
  topicRetentionDays: 31,
  /** Pub/Sub subscription message retention: at most 7 days. */
  subscriptionRetentionDays: 7,
  /** Bigtable backups are kept at most 90 days. */
  bigtableBackupDays: 90,
  /** Firestore daily backups are kept at most 7 days, weekly ones at most 14 weeks. */
  firestoreDailyBackupDays: 7,
  firestoreWeeklyBackupDays: 98,
  /** Pub/Sub push acknowledgement deadline: at most 600 s. */
  ackDeadlineSeconds: 600,
} as const;

/** Exponential redelivery backoff of the processor's subscription. */
export const RETRY_BACKOFF = { minimumSeconds: 10, maximumSeconds: 600 } as const;

export const DAY_SECONDS = 86_400;
export const seconds = (days: number): string => `${days * DAY_SECONDS}s`;

/** What each store actually keeps, given the configured retention and the service limits. */
export interface EffectiveRetention {
  /** Pub/Sub topics: the replay window (hot tier, at most 31 days). */
  readonly topicDays: number;
  readonly subscriptionDays: number;
  /** Bigtable events and their redelivery index (hot tier). */
  readonly bigtableGcDays: number;
  /** BigQuery `events` partitions, primary and replica dataset (long-term). */
  readonly bigqueryPartitionDays: number;
  /** BigQuery table snapshots (backups; the full configured period). */
  readonly bigquerySnapshotDays: number;
  readonly bigtableBackupDays: number;
  readonly firestoreDailyBackupDays: number;
  /** 0 when the configured backup retention fits the daily schedule. */
  readonly firestoreWeeklyBackupDays: number;
  /** The project's `_Default` log bucket (monitoring data), at least the compliance minimum. */
  readonly monitoringLogDays: number;
  /** The Data Access audit log bucket, at least the compliance minimum. */
  readonly auditLogDays: number;
}

/**
 * Effective retention per store. `minLogRetentionDays` is the stack's compliance minimum
 * (compliance.minLogRetentionDays): the guide's 30 monitoring days are raised to it, as the AWS
 * log groups are.
 */
export function effectiveRetention(settings: NeuralLedgerConfig, minLogRetentionDays: number): EffectiveRetention {
  const r = settings.retention;
  return {
    topicDays: Math.min(r.hotTierDays, LIMITS.topicRetentionDays),
    subscriptionDays: Math.min(r.hotTierDays, LIMITS.subscriptionRetentionDays),
    bigtableGcDays: r.hotTierDays,
    bigqueryPartitionDays: r.longTermDays,
    bigquerySnapshotDays: r.backupDays,
    bigtableBackupDays: Math.min(r.backupDays, LIMITS.bigtableBackupDays),
    firestoreDailyBackupDays: Math.min(r.backupDays, LIMITS.firestoreDailyBackupDays),
    firestoreWeeklyBackupDays: r.backupDays > LIMITS.firestoreDailyBackupDays ? Math.min(r.backupDays, LIMITS.firestoreWeeklyBackupDays) : 0,
    monitoringLogDays: Math.max(r.monitoringDays, minLogRetentionDays),
    auditLogDays: Math.max(r.auditLogDays, minLogRetentionDays),
  };
}

/**
 * A duration as Go's time.Duration prints it ("24h0m0s"). The provider reads Bigtable's
 * automated backup policy back in this form (resource_bigtable_table.go flattens with
 * Duration.String()), so any other spelling ("24h", "86400s") is a diff on every preview.
 */
export function goHours(hours: number): string {
  if (!Number.isInteger(hours) || hours < 0) throw new Error(`goHours: ${hours} is not a whole number of hours`);
  return hours === 0 ? "0s" : `${hours}h0m0s`;
}

/**
 * KMS location holding the BigQuery key: the dataset location (a CMEK key must be in the
 * dataset's location; BigQuery's EU multi-region uses KMS "europe").
 */
export function kmsLocationFor(bigqueryLocation: string): string {
  const upper = bigqueryLocation.toUpperCase();
  if (upper === "US") return "us";
  if (upper === "EU") return "europe";
  return bigqueryLocation.toLowerCase();
}
