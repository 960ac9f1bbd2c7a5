/**
 * The guide's five Grafana dashboards ("Dashboards": System Overview, Application Performance,
 * Cryptographic Operations, Database Performance, Security Dashboard), each panel on a series
 * the ledger nodes (./metrics.ts) or the cluster's exporters produce.
 */
import type { Dashboard } from "@grafana/schema";
import { dashboard } from "../../k8s/grafana-dashboards";
import { ZKP_METRICS as M } from "./metrics";
import { NAMESPACE } from "./layout";

const ns = `namespace="${NAMESPACE}"`;
const nodes = `${ns}, app_kubernetes_io_component="ledger-node"`;
const rate = (metric: string, extra = "") => `sum(rate(${metric}{${nodes}${extra}}[5m]))`;
const p95 = (metric: string, by = "") => `histogram_quantile(0.95, sum by (le${by}) (rate(${metric}_bucket{${nodes}}[5m])))`;

export function ledgerDashboards(): Dashboard[] {
  return [
    dashboard("zkp-system-overview", "ZKP Ledger / System Overview", ["zkp-ledger"], [
      { title: "Nodes up", kind: "stat", queries: [{ expr: `sum(up{${nodes}})` }] },
      { title: "Raft leader", kind: "stat", queries: [{ expr: `max by (pod) (${M.raftLeader}{${nodes}})`, legend: "{{pod}}" }] },
      { title: "CPU per node", kind: "timeseries", unit: "cores", queries: [{ expr: `sum by (pod) (rate(container_cpu_usage_seconds_total{${ns}, container="zkp-ledger"}[5m]))`, legend: "{{pod}}" }] },
      { title: "Memory per node", kind: "timeseries", unit: "bytes", queries: [{ expr: `sum by (pod) (container_memory_working_set_bytes{${ns}, container="zkp-ledger"})`, legend: "{{pod}}" }] },
      { title: "Memory use (of max_memory_usage_mb)", kind: "timeseries", unit: "percent", queries: [{ expr: `max by (pod) (${M.memory}{${nodes}})`, legend: "{{pod}}" }] },
      { title: "Volume used", kind: "timeseries", unit: "percentunit", queries: [{ expr: `kubelet_volume_stats_used_bytes{${ns}} / kubelet_volume_stats_capacity_bytes{${ns}}`, legend: "{{persistentvolumeclaim}}" }] },
      { title: "Container restarts", kind: "timeseries", queries: [{ expr: `sum by (pod) (increase(kube_pod_container_status_restarts_total{${ns}}[1h]))`, legend: "{{pod}}" }] },
      { title: "Raft term", kind: "stat", queries: [{ expr: `max(${M.raftTerm}{${nodes}})` }] },
    ]),
    dashboard("zkp-application-performance", "ZKP Ledger / Application Performance", ["zkp-ledger"], [
      { title: "Requests per second", kind: "timeseries", unit: "reqps", queries: [{ expr: `sum by (route) (rate(${M.requests}{${nodes}}[5m]))`, legend: "{{route}}" }] },
      { title: "5xx per second", kind: "timeseries", unit: "reqps", queries: [{ expr: rate(M.requests, ', status=~"5.."') }] },
      { title: "Error ratio", kind: "stat", unit: "percentunit", queries: [{ expr: `${rate(M.requests, ', status=~"5.."')} / ${rate(M.requests)}` }] },
      { title: "p95 latency by route", kind: "timeseries", unit: "s", queries: [{ expr: p95(M.requestDuration, ", route"), legend: "{{route}}" }] },
    ]),
    dashboard("zkp-cryptographic-operations", "ZKP Ledger / Cryptographic Operations", ["zkp-ledger"], [
      { title: "Proof generation p95", kind: "timeseries", unit: "s", queries: [{ expr: p95(M.proofGeneration) }] },
      { title: "Proofs generated per second", kind: "timeseries", unit: "ops", queries: [{ expr: `sum by (outcome) (rate(${M.proofsGenerated}{${nodes}}[5m]))`, legend: "{{outcome}}" }] },
      { title: "Proof success rate", kind: "stat", unit: "percentunit", queries: [{ expr: `${rate(M.proofsGenerated, ', outcome="success"')} / ${rate(M.proofsGenerated)}` }] },
      { title: "Verifications per second", kind: "timeseries", unit: "ops", queries: [{ expr: `sum by (result) (rate(${M.proofVerifications}{${nodes}}[5m]))`, legend: "{{result}}" }] },
      { title: "Dataset entries", kind: "stat", queries: [{ expr: `max(${M.datasetEntries}{${nodes}})` }] },
    ]),
    dashboard("zkp-database-performance", "ZKP Ledger / Database Performance", ["zkp-ledger"], [
      { title: "Pool connections", kind: "timeseries", queries: [{ expr: `sum by (state) (${M.dbPoolConnections}{${nodes}})`, legend: "{{state}}" }, { expr: `sum(${M.dbPoolMax}{${nodes}})`, legend: "max" }] },
      { title: "Pool use", kind: "gauge", unit: "percentunit", queries: [{ expr: `sum(${M.dbPoolConnections}{${nodes}, state="active"}) / sum(${M.dbPoolMax}{${nodes}})` }] },
      { title: "Query p95 by operation", kind: "timeseries", unit: "s", queries: [{ expr: p95(M.dbQueryDuration, ", operation"), legend: "{{operation}}" }] },
      { title: "Queries per second", kind: "timeseries", unit: "ops", queries: [{ expr: `sum by (operation) (rate(${M.dbQueryDuration}_count{${nodes}}[5m]))`, legend: "{{operation}}" }] },
    ]),
    dashboard("zkp-security", "ZKP Ledger / Security", ["zkp-ledger", "security"], [
      { title: "Authentication failures per second", kind: "timeseries", unit: "reqps", queries: [{ expr: `sum by (method) (rate(${M.authEvents}{${nodes}, outcome="failure"}[5m]))`, legend: "{{method}}" }] },
      { title: "Authentications per second", kind: "timeseries", unit: "reqps", queries: [{ expr: `sum by (outcome) (rate(${M.authEvents}{${nodes}}[5m]))`, legend: "{{outcome}}" }] },
      { title: "Rate-limited requests per second", kind: "timeseries", unit: "reqps", queries: [{ expr: rate(M.rateLimited) }] },
      { title: "401/403 responses per second", kind: "timeseries", unit: "reqps", queries: [{ expr: rate(M.requests, ', status=~"401|403"') }] },
      { title: "Failed backup jobs", kind: "stat", queries: [{ expr: `sum(kube_job_status_failed{${ns}})` }] },
    ]),
  ];
}
