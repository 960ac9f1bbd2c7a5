/**
 * The guide's dashboard as Cloud Monitoring dashboard JSON: processing latency (p50/p95/p99),
 * events per minute, storage write latency by tier, chain violations, and function metrics
 * (requests, latency, instances, memory), plus the subscription backlogs.
 */
import { STORAGE_TIERS } from "../../../functions/ledger-processor/layout";
import { METRIC_IDS, runMetric, subscriptionMetric, userMetric } from "./metrics";
import { NAMES } from "./settings";
import { ALERT_THRESHOLDS } from "./alerts";

interface DataSet {
  readonly filter: string;
  readonly aligner: string;
  readonly reducer: string;
  readonly groupBy?: readonly string[];
  readonly legend?: string;
  readonly plotType?: "LINE" | "STACKED_BAR" | "STACKED_AREA";
}

function dataSet(d: DataSet): Record<string, unknown> {
  return {
    plotType: d.plotType ?? "LINE",
    legendTemplate: d.legend,
    minAlignmentPeriod: "60s",
    timeSeriesQuery: {
      timeSeriesFilter: {
        filter: d.filter,
        aggregation: { alignmentPeriod: "60s", perSeriesAligner: d.aligner, crossSeriesReducer: d.reducer, groupByFields: d.groupBy ? [...d.groupBy] : [] },
      },
    },
  };
}

function chart(title: string, sets: readonly DataSet[], yLabel: string, thresholds: readonly { value: number; label: string }[] = []): Record<string, unknown> {
  return {
    title,
    xyChart: {
      dataSets: sets.map(dataSet),
      thresholds: thresholds.map((t) => ({ value: t.value, label: t.label, color: "RED", direction: "ABOVE" })),
      yAxis: { label: yLabel, scale: "LINEAR" },
    },
  };
}

const percentiles = (filter: string, which: readonly number[]): DataSet[] =>
  which.map((p) => ({ filter, aligner: "ALIGN_DELTA", reducer: `REDUCE_PERCENTILE_${p}`, legend: `p${p}` }));

/** The widgets, in display order (two per row). */
export function dashboardWidgets(): Record<string, unknown>[] {
  const latency = userMetric(METRIC_IDS.latency);
  return [
    chart("Event processing latency (p50 / p95 / p99)", percentiles(latency, [50, 95, 99]), "ms", [
      { value: ALERT_THRESHOLDS.p99LatencyMs, label: "p99 alert" },
    ]),
    chart("Events processed per minute", [
      { filter: userMetric(METRIC_IDS.events), aligner: "ALIGN_DELTA", reducer: "REDUCE_SUM", groupBy: ["metric.label.outcome"], plotType: "STACKED_BAR" },
    ], "events / min"),
    chart("Storage write latency by tier (p95)", STORAGE_TIERS.map((tier) => ({
      filter: userMetric(METRIC_IDS.storageLatency(tier)), aligner: "ALIGN_DELTA", reducer: "REDUCE_PERCENTILE_95", legend: tier,
    })), "ms"),
    {
      title: "Chain integrity violations",
      scorecard: {
        timeSeriesQuery: { timeSeriesFilter: { filter: userMetric(METRIC_IDS.chainViolations), aggregation: { alignmentPeriod: "60s", perSeriesAligner: "ALIGN_DELTA", crossSeriesReducer: "REDUCE_SUM" } } },
        sparkChartView: { sparkChartType: "SPARK_BAR" },
        thresholds: [{ value: 0.5, color: "RED", direction: "ABOVE", label: "any violation" }],
      },
    },
    chart("Function requests by response class", [
      { filter: runMetric("request_count"), aligner: "ALIGN_RATE", reducer: "REDUCE_SUM", groupBy: ["metric.label.response_code_class"], plotType: "STACKED_AREA" },
    ], "requests / s"),
    chart("Function request latency", percentiles(runMetric("request_latencies"), [50, 99]), "ms"),
    chart("Function instances", [
      { filter: runMetric("container/instance_count"), aligner: "ALIGN_MAX", reducer: "REDUCE_SUM", groupBy: ["metric.label.state"], plotType: "STACKED_AREA" },
    ], "instances"),
    chart("Function memory utilisation (p99)", [
      { filter: runMetric("container/memory/utilizations"), aligner: "ALIGN_DELTA", reducer: "REDUCE_PERCENTILE_99" },
    ], "fraction"),
    chart("Subscription backlog", [NAMES.processorSubscription, NAMES.bigquerySubscription, NAMES.deadLetterSubscription].map((s) => ({
      filter: subscriptionMetric("num_undelivered_messages", s), aligner: "ALIGN_MAX", reducer: "REDUCE_SUM", legend: s,
    })), "messages"),
  ];
}

/** Dashboard JSON (mosaic layout, 48 columns, two 24-wide tiles per row). */
export function dashboardJson(displayName: string): string {
  const widgets = dashboardWidgets();
  return JSON.stringify({
    displayName,
    mosaicLayout: {
      columns: 48,
      tiles: widgets.map((widget, i) => ({ xPos: (i % 2) * 24, yPos: Math.floor(i / 2) * 16, width: 24, height: 16, widget })),
    },
    labels: {},
  });
}
