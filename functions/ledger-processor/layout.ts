/**
 * The contract between the ledger processor and the infrastructure that hosts it: environment
 * variable names, storage layout and structured-log fields. The NeuralLedger component reads
 * these constants, so a rename cannot drift between code and infrastructure.
 */

/** Environment variables (guide: Configuration > Environment Variables, plus the stores added here). */
export const ENV = {
  projectId: "GCP_PROJECT_ID",
  region: "GCP_REGION",
  environment: "ENVIRONMENT",
  bigtableInstance: "BIGTABLE_INSTANCE",
  bigqueryDataset: "BIGQUERY_DATASET",
  kmsKeyring: "KMS_KEYRING",
  kmsKey: "KMS_KEY",
  firestoreDatabase: "FIRESTORE_DATABASE",
  /** Topic the processor republishes accepted (hashed, signed) events to; a BigQuery subscription drains it. */
  acceptedTopic: "ACCEPTED_TOPIC",
  logLevel: "LOG_LEVEL",
} as const;

/** Bigtable tables and column families. */
export const BIGTABLE = {
  /** Events keyed `<stream>#<sequence, zero-padded>`. */
  eventsTable: "ledger-events",
  eventsFamily: "e",
  /** One row per stream holding the chain head (sequence + hash), updated by conditional write. */
  headsTable: "chain-heads",
  headsFamily: "h",
} as const;

export const FIRESTORE = {
  /** Latest state per stream, for real-time queries. */
  streamsCollection: "ledger-streams",
} as const;

export const BIGQUERY = {
  eventsTable: "events",
  /** Row schema of `events`: the JSON the processor publishes to the accepted topic. */
  schema: [
    { name: "event_id", type: "STRING", mode: "REQUIRED" },
    { name: "stream_id", type: "STRING", mode: "REQUIRED" },
    { name: "sequence", type: "INT64", mode: "REQUIRED" },
    { name: "event_type", type: "STRING", mode: "REQUIRED" },
    { name: "timestamp", type: "TIMESTAMP", mode: "REQUIRED" },
    { name: "payload", type: "JSON", mode: "NULLABLE" },
    { name: "hash", type: "STRING", mode: "REQUIRED" },
    { name: "prev_hash", type: "STRING", mode: "REQUIRED" },
    { name: "signature", type: "STRING", mode: "NULLABLE" },
    { name: "signing_key_version", type: "STRING", mode: "NULLABLE" },
  ],
  partitionField: "timestamp",
  clusterFields: ["stream_id", "event_type"],
} as const;

/** Structured log fields the log-based metrics read (jsonPayload.<field>). */
export const LOG_FIELDS = {
  message: "message",
  severity: "severity",
  latencyMs: "processing_latency_ms",
  storageLatencyMs: "storage_write_latency_ms",
  storageTier: "storage_tier",
  chainViolation: "chain_violation",
  outcome: "outcome",
  streamId: "stream_id",
  eventType: "event_type",
} as const;

/** Values of the `outcome` log field. */
export const OUTCOMES = ["accepted", "duplicate", "rejected", "retry"] as const;

/** Cloud Functions entry point (exported name of functions/ledger-processor/cloud-function.ts). */
export const ENTRY_POINT = "processLedgerEvent";
