/**
 * NCA's Grafana dashboard (guide "Monitoring and Observability"; the alerts of ./monitoring.ts
 * in pictures): API traffic, errors and latency, the worker queue, memory tiers and the pods'
 * resources, each panel on a series NCA (./metrics.ts) or the cluster's exporters produce.
 */
import type { Dashboard } from "@grafana/schema";
import { dashboard } from "../../k8s/grafana-dashboards";
import { NCA_METRICS as M } from "./metrics";
import { API_NAME, NAMESPACE, WORKER_NAME } from "./settings";

export function ncaDashboards(): Dashboard[] {
  const ns = `namespace="${NAMESPACE}"`;
  const api = `${ns}, app_kubernetes_io_component="api"`;
  const worker = `${ns}, app_kubernetes_io_component="worker"`;
  return [
    dashboard("nca-overview", "NCA / Overview", ["nca"], [
      { title: "API requests per second", kind: "timeseries", unit: "reqps", queries: [{ expr: `sum by (handler) (rate(${M.requests}{${api}}[5m]))`, legend: "{{handler}}" }] },
      { title: "API error ratio (5xx)", kind: "stat", unit: "percentunit", queries: [{ expr: `sum(rate(${M.requests}{${api}, status=~"5.."}[5m])) / sum(rate(${M.requests}{${api}}[5m]))` }] },
      { title: "API p95 latency", kind: "timeseries", unit: "s", queries: [{ expr: `histogram_quantile(0.95, sum by (le) (rate(${M.requestDuration}_bucket{${api}}[5m])))` }] },
      { title: "Worker queue depth", kind: "timeseries", queries: [{ expr: `sum by (queue) (${M.workerQueueDepth}{${worker}})`, legend: "{{queue}}" }] },
      { title: "Worker jobs per second", kind: "timeseries", unit: "ops", queries: [{ expr: `sum by (outcome) (rate(${M.workerJobs}{${worker}}[5m]))`, legend: "{{outcome}}" }] },
      { title: "Memory tiers", kind: "timeseries", queries: [{ expr: `max by (tier) (${M.memoryItems}{${ns}})`, legend: "{{tier}}" }] },
      { title: "Available replicas", kind: "timeseries", queries: [{ expr: `kube_deployment_status_replicas_available{${ns}, deployment=~"${API_NAME}|${WORKER_NAME}"}`, legend: "{{deployment}}" }] },
      { title: "CPU by pod", kind: "timeseries", unit: "cores", queries: [{ expr: `sum by (pod) (rate(container_cpu_usage_seconds_total{${ns}}[5m]))`, legend: "{{pod}}" }] },
      { title: "Memory by pod", kind: "timeseries", unit: "bytes", queries: [{ expr: `sum by (pod) (container_memory_working_set_bytes{${ns}})`, legend: "{{pod}}" }] },
      { title: "Backup jobs failed", kind: "stat", queries: [{ expr: `sum(kube_job_status_failed{${ns}})` }] },
    ]),
  ];
}
