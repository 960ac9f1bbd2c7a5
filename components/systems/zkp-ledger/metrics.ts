/**
 * The metrics the ZKP ledger nodes expose on :9090/metrics (guide "Metrics Collection": system,
 * application, cryptographic, database and business metrics; the alert expressions name
 * `http_requests_total`, `memory_usage_percent`, `proof_generation_duration_seconds`), as the
 * contract the dashboards and alerts are written against. Scraped through the `prometheus.io/*`
 * annotations: every series carries `namespace`, `pod` and the pod labels (e.g.
 * `zkp_ledger_io_role`).
 */
export const ZKP_METRICS = {
  /** Counter by `method`, `route`, `status`. */
  requests: "http_requests_total",
  /** Histogram by `route`, seconds. */
  requestDuration: "http_request_duration_seconds",
  /** Gauge: process memory in percent of max_memory_usage_mb. */
  memory: "memory_usage_percent",
  /** Histogram, seconds. */
  proofGeneration: "proof_generation_duration_seconds",
  /** Counter by `result` ("valid" | "invalid" | "error"). */
  proofVerifications: "proof_verifications_total",
  /** Counter by `outcome` ("success" | "failure"). */
  proofsGenerated: "proofs_generated_total",
  /** Gauge: datasets recorded in the ledger. */
  datasetEntries: "dataset_entries",
  /** Gauges of the database pool, by `state` ("active" | "idle") and its maximum. */
  dbPoolConnections: "db_pool_connections",
  dbPoolMax: "db_pool_max_connections",
  /** Histogram by `operation`, seconds. */
  dbQueryDuration: "db_query_duration_seconds",
  /** Counter by `outcome` ("success" | "failure") and `method` ("jwt" | "api_key"). */
  authEvents: "auth_events_total",
  /** Counter: requests refused by the rate limiter. */
  rateLimited: "rate_limited_requests_total",
  /** Gauge: 1 on the raft leader; and the raft term. */
  raftLeader: "raft_is_leader",
  raftTerm: "raft_term",
} as const;

const HISTOGRAMS = [ZKP_METRICS.requestDuration, ZKP_METRICS.proofGeneration, ZKP_METRICS.dbQueryDuration];

/** Series names a ZKP query may use, including histogram parts. */
export const ZKP_SERIES: readonly string[] = [...Object.values(ZKP_METRICS), ...HISTOGRAMS.flatMap((h) => [`${h}_bucket`, `${h}_sum`, `${h}_count`])];
