/**
 * The ledger's log-based metrics, fed by the processor's structured logs (one JSON line per
 * event, fields from functions/ledger-processor/layout.ts LOG_FIELDS), and the Monitoring
 * filters the dashboard and alerts use. Pure data: no resources are created here.
 */
import { LOG_FIELDS, STORAGE_TIERS } from "../../../functions/ledger-processor/layout";
import { logMetricType, type LogMetricLabel } from "../../gcp/log-metric";
import { NAMES } from "./settings";

/** Gen2 functions log as their Cloud Run service. */
export const PROCESSOR_LOGS = `resource.type="cloud_run_revision" AND resource.labels.service_name="${NAMES.function}"`;

/** Latency histogram bounds in ms: fine around the 100 ms target and the 200 ms alert. */
export const LATENCY_BOUNDS_MS = [1, 2, 5, 10, 20, 35, 50, 75, 100, 150, 200, 300, 500, 1000, 2000, 5000, 10000] as const;

const outcomeLabel: LogMetricLabel = { key: "outcome", field: LOG_FIELDS.outcome, description: "accepted, duplicate, rejected or retry" };
const eventTypeLabel: LogMetricLabel = { key: "event_type", field: LOG_FIELDS.eventType, description: "Ledger event type" };
const tierLabel: LogMetricLabel = { key: "storage_tier", field: LOG_FIELDS.storageTier, description: "Storage tier (bigtable, firestore, pubsub)" };

export const METRIC_IDS = {
  latency: "neural_ledger/processing_latency",
  events: "neural_ledger/events",
  chainViolations: "neural_ledger/chain_violations",
  storageRetries: "neural_ledger/storage_retries",
  storageLatency: (tier: string) => `neural_ledger/storage_write_latency/${tier}`,
} as const;

export interface CounterSpec {
  readonly kind: "counter";
  readonly key: string;
  readonly metricId: string;
  readonly description: string;
  readonly filter: string;
  readonly labels: readonly LogMetricLabel[];
}
export interface DistributionSpec {
  readonly kind: "distribution";
  readonly key: string;
  readonly metricId: string;
  readonly description: string;
  readonly filter: string;
  readonly labels: readonly LogMetricLabel[];
  readonly valueField: string;
}
export type MetricSpec = CounterSpec | DistributionSpec;

export const LOG_METRICS: readonly MetricSpec[] = [
  {
    kind: "distribution",
    key: "latency",
    metricId: METRIC_IDS.latency,
    description: "Per-event processing latency of the ledger processor (ms)",
    filter: `${PROCESSOR_LOGS} AND jsonPayload.${LOG_FIELDS.latencyMs}:*`,
    labels: [outcomeLabel, eventTypeLabel],
    valueField: LOG_FIELDS.latencyMs,
  },
  {
    kind: "counter",
    key: "events",
    metricId: METRIC_IDS.events,
    description: "Events processed by the ledger processor, by outcome",
    filter: `${PROCESSOR_LOGS} AND jsonPayload.${LOG_FIELDS.outcome}:*`,
    labels: [outcomeLabel, eventTypeLabel],
  },
  {
    kind: "counter",
    key: "chain-violations",
    metricId: METRIC_IDS.chainViolations,
    description: "Hash-chain integrity violations detected by the ledger processor",
    filter: `${PROCESSOR_LOGS} AND jsonPayload.${LOG_FIELDS.chainViolation}=true`,
    labels: [eventTypeLabel],
  },
  {
    kind: "counter",
    key: "storage-retries",
    metricId: METRIC_IDS.storageRetries,
    description: "Events retried after a transient storage failure, by tier",
    filter: `${PROCESSOR_LOGS} AND jsonPayload.${LOG_FIELDS.outcome}="retry"`,
    labels: [tierLabel],
  },
  ...STORAGE_TIERS.map((tier): DistributionSpec => ({
    kind: "distribution",
    key: `storage-latency-${tier}`,
    metricId: METRIC_IDS.storageLatency(tier),
    description: `Write latency to ${tier} per event (ms)`,
    filter: `${PROCESSOR_LOGS} AND jsonPayload.${LOG_FIELDS.storageLatencyMs}.${tier}:*`,
    labels: [],
    valueField: `${LOG_FIELDS.storageLatencyMs}.${tier}`,
  })),
];

/** Monitoring filter of a log-based metric's time series. */
export function userMetric(metricId: string): string {
  return `metric.type="${logMetricType(metricId)}" AND resource.type="cloud_run_revision"`;
}

/** Cloud Run metrics of the processor's service. */
export function runMetric(type: string, extra = ""): string {
  return `metric.type="run.googleapis.com/${type}" AND resource.type="cloud_run_revision" AND resource.label.service_name="${NAMES.function}"${extra}`;
}

export function subscriptionMetric(type: string, subscription: string): string {
  return `metric.type="pubsub.googleapis.com/subscription/${type}" AND resource.type="pubsub_subscription" AND resource.label.subscription_id="${subscription}"`;
}
