/**
 * The guide's alerting policies (Monitoring and Alerting > Alerting Policies), as data:
 *  - high error rate: > 1% for 5 minutes
 *  - high latency: p99 > 200 ms for 10 minutes
 *  - chain integrity violation: any occurrence
 *  - function failures: > 5 in 1 minute
 *  - storage unavailability
 * plus dead letters waiting (a rejected or undeliverable event needs a person), and, with the
 * guide's `enable_uptime_checks = true`, the availability of the ingestion path.
 *
 * Why no HTTP uptime check on the processor: it is reachable only from inside the project
 * (ingress ALLOW_INTERNAL_ONLY; Pub/Sub push is internal traffic), and uptime checkers probe
 * from the internet, so a probe would always fail (Cloud Run, "Restricting ingress": requests
 * from the internet get 404). Its availability is what the push subscription sees: while the
 * processor is down, the oldest unacknowledged event only gets older.
 */
import type * as gcp from "@pulumi/gcp";
import { thresholdCondition } from "../../gcp/alert-policy";
import { METRIC_IDS, runMetric, subscriptionMetric, userMetric } from "./metrics";
import { NAMES } from "./settings";

export const ALERT_THRESHOLDS = {
  errorRate: 0.01,
  errorRateWindowSeconds: 300,
  p99LatencyMs: 200,
  p99LatencyWindowSeconds: 600,
  chainViolations: 0,
  functionFailuresPerMinute: 5,
  storageRetryWindowSeconds: 300,
  deadLetterWindowSeconds: 300,
  /** Ingestion stalled: the oldest undelivered event is older than this, for as long. */
  oldestUnackedSeconds: 300,
  oldestUnackedWindowSeconds: 300,
} as const;

export interface AlertSpec {
  readonly key: string;
  readonly displayName: string;
  readonly severity: "CRITICAL" | "ERROR" | "WARNING";
  readonly conditions: readonly gcp.types.input.monitoring.AlertPolicyCondition[];
  readonly runbook: string;
}

const failed = ` AND metric.label.response_code_class="5xx"`;
const notOk = ` AND metric.label.response_code_class=one_of("4xx","5xx")`;

export interface LedgerAlertOptions {
  /** The availability alert of the ingestion path (guide: enable_uptime_checks). Default true. */
  readonly uptime?: boolean;
}

export function ledgerAlerts(options: LedgerAlertOptions = {}): AlertSpec[] {
  const t = ALERT_THRESHOLDS;
  const uptime: AlertSpec[] = options.uptime === false ? [] : [{
    key: "ingestion-stalled",
    displayName: "Neural Ledger: ingestion stalled (oldest event undelivered > 5 min)",
    severity: "CRITICAL",
    conditions: [thresholdCondition({
      displayName: "oldest unacked event on neural-ledger-processor > 300 s for 5 min",
      filter: subscriptionMetric("oldest_unacked_message_age", NAMES.processorSubscription),
      aligner: "ALIGN_MAX",
      reducer: "REDUCE_MAX",
      comparison: ">",
      threshold: t.oldestUnackedSeconds,
      durationSeconds: t.oldestUnackedWindowSeconds,
    })],
    runbook: "The processor is not taking events off neural-ledger-processor (down, failing every delivery, or unreachable). Events are kept by Pub/Sub; check the function's state, its revision logs and the Bigtable/Firestore status.",
  }];
  return [
    {
      key: "error-rate",
      displayName: "Neural Ledger: error rate > 1% for 5 min",
      severity: "ERROR",
      conditions: [thresholdCondition({
        displayName: "non-2xx responses / all responses > 1%",
        filter: runMetric("request_count", notOk),
        denominatorFilter: runMetric("request_count"),
        aligner: "ALIGN_RATE",
        reducer: "REDUCE_SUM",
        comparison: ">",
        threshold: t.errorRate,
        durationSeconds: t.errorRateWindowSeconds,
      })],
      runbook: "Processor requests are failing. Check `gcloud functions logs read neural-ledger-processor`, storage errors and IAM permissions (guide: Troubleshooting > Storage Errors).",
    },
    {
      key: "p99-latency",
      displayName: "Neural Ledger: p99 processing latency > 200 ms for 10 min",
      severity: "WARNING",
      conditions: [thresholdCondition({
        displayName: "p99 of processing_latency_ms > 200",
        filter: userMetric(METRIC_IDS.latency),
        aligner: "ALIGN_DELTA",
        reducer: "REDUCE_PERCENTILE_99",
        comparison: ">",
        threshold: t.p99LatencyMs,
        durationSeconds: t.p99LatencyWindowSeconds,
      })],
      runbook: "Event processing is slow (target < 100 ms). Check storage write latency by tier on the dashboard and Bigtable CPU.",
    },
    {
      key: "chain-violation",
      displayName: "Neural Ledger: chain integrity violation",
      severity: "CRITICAL",
      conditions: [thresholdCondition({
        displayName: "any chain_violation",
        filter: userMetric(METRIC_IDS.chainViolations),
        aligner: "ALIGN_DELTA",
        reducer: "REDUCE_SUM",
        comparison: ">",
        threshold: t.chainViolations,
        durationSeconds: 0,
      })],
      runbook: "A ledger stream's stored chain is inconsistent. Check for concurrent writes, verify hash computation, review event ordering (guide: Chain Integrity Violations).",
    },
    {
      key: "function-failures",
      displayName: "Neural Ledger: > 5 function failures in 1 min",
      severity: "ERROR",
      conditions: [thresholdCondition({
        displayName: "5xx responses per minute > 5",
        filter: runMetric("request_count", failed),
        aligner: "ALIGN_DELTA",
        reducer: "REDUCE_SUM",
        alignmentSeconds: 60,
        comparison: ">",
        threshold: t.functionFailuresPerMinute,
        durationSeconds: 0,
      })],
      runbook: "The processor is failing (timeouts, crashes, unhandled errors). Check the function logs and its memory on the dashboard.",
    },
    {
      key: "storage-unavailable",
      displayName: "Neural Ledger: storage unavailable",
      severity: "CRITICAL",
      conditions: [
        thresholdCondition({
          displayName: "events retried on storage failures for 5 min",
          filter: userMetric(METRIC_IDS.storageRetries),
          aligner: "ALIGN_DELTA",
          reducer: "REDUCE_SUM",
          groupBy: ["metric.label.storage_tier"],
          comparison: ">",
          threshold: 0,
          durationSeconds: t.storageRetryWindowSeconds,
        }),
        thresholdCondition({
          displayName: "Bigtable UNAVAILABLE errors for 5 min",
          filter: `metric.type="bigtable.googleapis.com/server/error_count" AND resource.type="bigtable_table" AND resource.label.instance="${NAMES.bigtableInstance}" AND metric.label.error_code="UNAVAILABLE"`,
          aligner: "ALIGN_DELTA",
          reducer: "REDUCE_SUM",
          comparison: ">",
          threshold: 0,
          durationSeconds: t.storageRetryWindowSeconds,
        }),
      ],
      runbook: "A storage tier is failing writes; events are being retried (none are lost while Pub/Sub retains them). Check Bigtable / Firestore / Pub/Sub status and quotas.",
    },
    {
      key: "dead-letters",
      displayName: "Neural Ledger: events in the dead-letter topic",
      severity: "WARNING",
      conditions: [thresholdCondition({
        displayName: "undelivered dead letters > 0 for 5 min",
        filter: subscriptionMetric("num_undelivered_messages", NAMES.deadLetterSubscription),
        aligner: "ALIGN_MAX",
        reducer: "REDUCE_SUM",
        comparison: ">",
        threshold: 0,
        durationSeconds: t.deadLetterWindowSeconds,
      })],
      runbook: "Rejected or undeliverable events are waiting in the neural-ledger-dead-letter subscription (kept 7 days). Inspect their rejection reasons, fix, and republish.",
    },
    ...uptime,
  ];
}
