/**
 * Alert policy helpers: threshold conditions written as (metric, comparison, threshold,
 * window), so a policy reads like the runbook sentence it implements, e.g.
 * "p99 latency > 200 ms for 10 minutes".
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { Labels } from "../labels";

type Aggregation = gcp.types.input.monitoring.AlertPolicyConditionConditionThresholdAggregation;

export interface ThresholdConditionArgs {
  readonly displayName: string;
  /** Monitoring filter of the time series (numerator for ratios). */
  readonly filter: string;
  /** Denominator filter: makes the condition a ratio numerator / denominator. */
  readonly denominatorFilter?: string;
  readonly comparison: ">" | "<";
  readonly threshold: number;
  /** How long the comparison must hold, in seconds (0 = any single aligned point). */
  readonly durationSeconds: number;
  /** Alignment period in seconds. Default 60. */
  readonly alignmentSeconds?: number;
  /** Per-series aligner, e.g. ALIGN_RATE, ALIGN_DELTA, ALIGN_PERCENTILE_99. Default ALIGN_DELTA. */
  readonly aligner?: string;
  /** Cross-series reducer, e.g. REDUCE_SUM, REDUCE_PERCENTILE_99. Default REDUCE_SUM. */
  readonly reducer?: string;
  readonly groupBy?: readonly string[];
}

export function thresholdCondition(args: ThresholdConditionArgs): gcp.types.input.monitoring.AlertPolicyCondition {
  const aggregation: Aggregation = {
    alignmentPeriod: `${args.alignmentSeconds ?? 60}s`,
    perSeriesAligner: args.aligner ?? "ALIGN_DELTA",
    crossSeriesReducer: args.reducer ?? "REDUCE_SUM",
    groupByFields: args.groupBy ? [...args.groupBy] : undefined,
  };
  return {
    displayName: args.displayName,
    conditionThreshold: {
      filter: args.filter,
      aggregations: [aggregation],
      denominatorFilter: args.denominatorFilter,
      denominatorAggregations: args.denominatorFilter ? [aggregation] : undefined,
      comparison: args.comparison === ">" ? "COMPARISON_GT" : "COMPARISON_LT",
      thresholdValue: args.threshold,
      duration: `${args.durationSeconds}s`,
      trigger: { count: 1 },
      // No data is not an error for rare events (violations, failures): treat it as inactive.
      evaluationMissingData: "EVALUATION_MISSING_DATA_INACTIVE",
    },
  };
}

export interface AlertArgs {
  readonly project: pulumi.Input<string>;
  readonly displayName: string;
  readonly conditions: readonly gcp.types.input.monitoring.AlertPolicyCondition[];
  /** Notification channel names. */
  readonly channels: readonly pulumi.Input<string>[];
  readonly severity: "CRITICAL" | "ERROR" | "WARNING";
  /** Runbook text (Markdown) shown in the notification. */
  readonly runbook: string;
  /** Resource labels (userLabels) of the policy. */
  readonly userLabels: Labels;
  /** Default OR: any condition opens an incident. */
  readonly combiner?: "OR" | "AND";
}

/** An alert policy notifying `channels`; incidents auto-close after 30 minutes without data. */
export function alertPolicy(name: string, args: AlertArgs, opts: pulumi.CustomResourceOptions): gcp.monitoring.AlertPolicy {
  return new gcp.monitoring.AlertPolicy(name, {
    project: args.project,
    displayName: args.displayName,
    combiner: args.combiner ?? "OR",
    conditions: [...args.conditions],
    notificationChannels: [...args.channels],
    severity: args.severity,
    documentation: { content: args.runbook, mimeType: "text/markdown" },
    alertStrategy: { autoClose: "1800s" },
    userLabels: { ...args.userLabels },
    enabled: true,
  }, opts);
}
