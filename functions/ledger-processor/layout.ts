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
  /**
   * Optional: Bigtable app profile of every data call. The chain head's CheckAndMutateRow needs
   * single-cluster routing with transactional writes, which a replicated instance's default
   * profile may not have; unset = the instance's default profile.
   */
  bigtableAppProfile: "BIGTABLE_APP_PROFILE",
  bigqueryDataset: "BIGQUERY_DATASET",
  kmsKeyring: "KMS_KEYRING",
  kmsKey: "KMS_KEY",
  firestoreDatabase: "FIRESTORE_DATABASE",
  /** Topic the processor republishes accepted (hashed, signed) events to; a BigQuery subscription drains it. */
  acceptedTopic: "ACCEPTED_TOPIC",
  logLevel: "LOG_LEVEL",
  /**
   * Topic malformed events are published to (with their rejection reasons as attributes) before
   * the message is acked, so a bad event never blocks its ordering key. The function's service
   * account needs roles/pubsub.publisher on it. Unset: the handler throws instead and the
   * subscription's dead-letter policy moves the message after max delivery attempts.
   */
  deadLetterTopic: "DEAD_LETTER_TOPIC",
  /** Optional: the signing key's version number; unset = newest ENABLED version, resolved once per instance. */
  kmsKeyVersion: "KMS_KEY_VERSION",
  /** Optional: location of the key ring when it differs from GCP_REGION (e.g. "global"). */
  kmsLocation: "KMS_LOCATION",
} as const;

/** Bigtable tables and column families. */
export const BIGTABLE = {
  /** Events keyed `<stream>#<sequence, zero-padded>`. */
  eventsTable: "ledger-events",
  eventsFamily: "e",
  /** One row per stream holding the chain head (sequence + hash), updated by conditional write; plus the event-id index rows. */
  headsTable: "chain-heads",
  headsFamily: "h",
  /**
   * Event-id index rows (`<stream>@<event_id>` -> sequence) in the heads table: the dedup window
   * for redeliveries. Its own family so it can age out with the events while heads (family
   * `headsFamily`, one version, never aged) keep every chain anchored however long it idles.
   */
  indexFamily: "i",
  /**
   * Event-id index rows live in the heads table, keyed `<stream>@<event_id>` (column i:seq = the
   * sequence), next to their stream's head row so one read fetches both; they make redelivered
   * events idempotent. `#` and `@` are not allowed in stream ids, so a prefix scan of `<stream>#`
   * in the events table returns exactly the chain.
   */
  eventIndexSeparator: "@",
  sequenceSeparator: "#",
  /** Sequences are zero-padded to this many digits so row keys sort in chain order. */
  sequenceDigits: 12,
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

/** Storage tiers a processed event is written to (keys of the storage_write_latency_ms object). */
export const STORAGE_TIERS = ["bigtable", "firestore", "pubsub"] as const;

/**
 * Structured log fields the log-based metrics read (jsonPayload.<field>). The handler writes ONE
 * JSON line per event. `storage_write_latency_ms` is an object keyed by STORAGE_TIERS (milliseconds
 * spent writing to that tier for this event), so a per-tier distribution metric extracts
 * `EXTRACT(jsonPayload.storage_write_latency_ms.bigtable)`; `storage_tier` names the slowest tier of
 * the event (a label). `chain_violation` is a boolean, true only when stored chain state is
 * inconsistent (alert on any occurrence).
 */
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
  eventId: "event_id",
  sequence: "sequence",
  rejectionReasons: "rejection_reasons",
  attempts: "attempts",
} as const;

/** Values of the `outcome` log field. */
export const OUTCOMES = ["accepted", "duplicate", "rejected", "retry"] as const;

/** Cloud Functions entry point (exported name of functions/ledger-processor/cloud-function.ts). */
export const ENTRY_POINT = "processLedgerEvent";
