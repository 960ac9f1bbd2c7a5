/**
 * Names and derived numbers of the Neural Ledger: the guide's resource names, and the limits
 * of each Google service applied to the configured retention (documented where a configured
 * value cannot be met by a service, so the effective value is visible and exported).
 */
import type { NeuralLedgerConfig } from "../../../stacks/sections/neural-ledger";

/** Physical names from the guide (one project per environment, so no environment suffix). */
export const NAMES = {
  keyRing: "neural-ledger",
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
  readonly topicDays: number;
  readonly subscriptionDays: number;
  readonly bigtableGcDays: number;
  readonly bigqueryPartitionDays: number;
  readonly bigtableBackupDays: number;
  readonly firestoreDailyBackupDays: number;
  /** 0 when the configured backup retention fits the daily schedule. */
  readonly firestoreWeeklyBackupDays: number;
}

export function effectiveRetention(settings: NeuralLedgerConfig): EffectiveRetention {
  const backup = settings.backupRetentionDays;
  return {
    topicDays: Math.min(settings.retentionDays, LIMITS.topicRetentionDays),
    subscriptionDays: Math.min(settings.retentionDays, LIMITS.subscriptionRetentionDays),
    bigtableGcDays: settings.retentionDays,
    bigqueryPartitionDays: settings.retentionDays,
    bigtableBackupDays: Math.min(backup, LIMITS.bigtableBackupDays),
    firestoreDailyBackupDays: Math.min(backup, LIMITS.firestoreDailyBackupDays),
    firestoreWeeklyBackupDays: backup > LIMITS.firestoreDailyBackupDays ? Math.min(backup, LIMITS.firestoreWeeklyBackupDays) : 0,
  };
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
