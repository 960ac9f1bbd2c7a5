/**
 * Log-based metrics: counters and distributions computed by Cloud Logging from structured
 * (jsonPayload) log fields, so a handler exports metrics by logging, with no metrics client.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";

/** A label copied from a jsonPayload field. */
export interface LogMetricLabel {
  readonly key: string;
  /** jsonPayload field the label is extracted from. */
  readonly field: string;
  readonly description: string;
}

interface CommonArgs {
  readonly project: pulumi.Input<string>;
  /** Metric id, e.g. "neural_ledger/events" (the type becomes logging.googleapis.com/user/<id>). */
  readonly metricId: string;
  readonly description: string;
  /** Logging filter selecting the entries to count / measure. */
  readonly filter: string;
  readonly labels?: readonly LogMetricLabel[];
}

export type LogCounterArgs = CommonArgs;

export interface LogDistributionArgs extends CommonArgs {
  /** jsonPayload field holding the measured value. */
  readonly valueField: string;
  /** Unit, e.g. "ms". */
  readonly unit: string;
  /** Histogram bucket upper bounds, increasing. */
  readonly bounds: readonly number[];
}

/** The Cloud Monitoring metric type of a user-defined log-based metric. */
export function logMetricType(metricId: string): string {
  return `logging.googleapis.com/user/${metricId}`;
}

function labelParts(labels: readonly LogMetricLabel[] | undefined) {
  const list = labels ?? [];
  return {
    descriptorLabels: list.map((l) => ({ key: l.key, valueType: "STRING", description: l.description })),
    labelExtractors: Object.fromEntries(list.map((l) => [l.key, `EXTRACT(jsonPayload.${l.field})`])),
  };
}

/** A DELTA INT64 counter of matching log entries. */
export function logCounterMetric(name: string, args: LogCounterArgs, opts: pulumi.CustomResourceOptions): gcp.logging.Metric {
  const { descriptorLabels, labelExtractors } = labelParts(args.labels);
  return new gcp.logging.Metric(name, {
    project: args.project,
    name: args.metricId,
    description: args.description,
    filter: args.filter,
    metricDescriptor: { metricKind: "DELTA", valueType: "INT64", unit: "1", labels: descriptorLabels },
    labelExtractors,
  }, opts);
}

/** A DELTA DISTRIBUTION of a numeric jsonPayload field, for percentiles (p50/p95/p99). */
export function logDistributionMetric(name: string, args: LogDistributionArgs, opts: pulumi.CustomResourceOptions): gcp.logging.Metric {
  const sorted = [...args.bounds].every((b, i, a) => i === 0 || a[i - 1] < b);
  if (!sorted || args.bounds.length === 0) throw new Error(`${name}: bounds must be non-empty and strictly increasing`);
  const { descriptorLabels, labelExtractors } = labelParts(args.labels);
  return new gcp.logging.Metric(name, {
    project: args.project,
    name: args.metricId,
    description: args.description,
    filter: args.filter,
    metricDescriptor: { metricKind: "DELTA", valueType: "DISTRIBUTION", unit: args.unit, labels: descriptorLabels },
    valueExtractor: `EXTRACT(jsonPayload.${args.valueField})`,
    labelExtractors,
    bucketOptions: { explicitBuckets: { bounds: [...args.bounds] } },
  }, opts);
}
