/**
 * The metric series the platform's exporters and the systems' processes produce, by producer:
 * what a dashboard panel or an alert expression may query. A query naming anything else would
 * show "No data" forever (tests/dashboards.test.ts checks every dashboard and rule against it).
 *
 * Exporters are those kube-prometheus-stack installs on every cluster (components/aws/monitoring.ts):
 * Prometheus itself (`up`), kube-state-metrics, the kubelet's cAdvisor and volume stats, and
 * node-exporter. Application series come from each system's metrics contract.
 */
import { NCA_SERIES } from "../systems/neuro-cognitive/metrics";
import { ZKP_SERIES } from "../systems/zkp-ledger/metrics";

export const METRIC_CATALOG: Readonly<Record<string, readonly string[]>> = {
  prometheus: ["up"],
  "kube-state-metrics": [
    "kube_deployment_spec_replicas",
    "kube_deployment_status_replicas_available",
    "kube_statefulset_status_replicas_ready",
    "kube_statefulset_replicas",
    "kube_pod_container_status_restarts_total",
    "kube_pod_status_ready",
    "kube_job_status_failed",
    "kube_job_status_succeeded",
    "kube_cronjob_info",
    "kube_cronjob_status_last_successful_time",
    "kube_horizontalpodautoscaler_status_current_replicas",
  ],
  "kubelet/cadvisor": ["container_cpu_usage_seconds_total", "container_memory_working_set_bytes", "container_network_receive_bytes_total", "container_network_transmit_bytes_total"],
  "kubelet/volumes": ["kubelet_volume_stats_used_bytes", "kubelet_volume_stats_capacity_bytes"],
  "node-exporter": ["node_cpu_seconds_total", "node_memory_MemAvailable_bytes", "node_memory_MemTotal_bytes"],
  nca: NCA_SERIES,
  "zkp-ledger": ZKP_SERIES,
};

export const KNOWN_SERIES: ReadonlySet<string> = new Set(Object.values(METRIC_CATALOG).flat());

const KEYWORDS = new Set(["by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan"]);

/** Metric names a PromQL expression selects (label matchers, ranges, grouping labels, strings and functions removed). */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, "")
    .replace(/\[[^\]]*\]/g, "")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, "");
  const names = new Set<string>();
  for (const m of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const token = m[0];
    const after = stripped.slice((m.index ?? 0) + token.length).trimStart();
    if (after.startsWith("(") || KEYWORDS.has(token.toLowerCase()) || /^\d/.test(token)) continue;
    names.add(token);
  }
  return [...names];
}
