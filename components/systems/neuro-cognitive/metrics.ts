/**
 * The metrics NCA's processes expose on `/metrics` (guide: "Application health endpoints:
 * /health, /metrics"; "Configure metrics exporters for each component"), as the contract its
 * alerts and dashboard are written against. The API and worker are Python services
 * instrumented with prometheus_client's HTTP conventions; the worker adds its queue gauges.
 * Scraped through the `prometheus.io/*` annotations, so every series carries the pod's labels
 * (`app_kubernetes_io_component`, `namespace`, `pod`).
 */
export const NCA_METRICS = {
  /** Counter by `method`, `handler`, `status` (API). */
  requests: "http_requests_total",
  /** Histogram by `method`, `handler` (API), seconds. */
  requestDuration: "http_request_duration_seconds",
  /** Gauge: jobs waiting in the worker queue, by `queue`. */
  workerQueueDepth: "neuroca_worker_queue_depth",
  /** Counter: jobs the worker finished, by `queue` and `outcome` ("success" | "failure"). */
  workerJobs: "neuroca_worker_jobs_total",
  /** Gauges of the memory tiers, by `tier` (short_term, working, long_term). */
  memoryItems: "neuroca_memory_items",
} as const;

/** Series names an NCA query may use, including histogram parts. */
export const NCA_SERIES: readonly string[] = [
  NCA_METRICS.requests,
  `${NCA_METRICS.requestDuration}_bucket`,
  `${NCA_METRICS.requestDuration}_sum`,
  `${NCA_METRICS.requestDuration}_count`,
  NCA_METRICS.workerQueueDepth,
  NCA_METRICS.workerJobs,
  NCA_METRICS.memoryItems,
];
