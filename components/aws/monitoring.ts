/**
 * Values of the cluster's monitoring stack (prometheus-community/kube-prometheus-stack): the
 * Prometheus Operator, whose CRDs the systems' PrometheusRule objects need, one Prometheus and
 * one Alertmanager on the general pool with requests, limits and encrypted volumes.
 * Plain data, no resources (ClusterAddons installs the release).
 *
 * Grafana is off: ZKP Ledger runs the guide's Grafana with its own admin secret and provisions
 * this Prometheus as its data source, so a second, chart-managed Grafana would only add an
 * unmanaged admin password. Names follow from the release name: with release
 * `kube-prometheus-stack` the Prometheus Service is `kube-prometheus-stack-prometheus`
 * (port 9090), which is what the systems' settings point at.
 */

/** Release name and namespace the systems' settings refer to. */
export const MONITORING_RELEASE = "kube-prometheus-stack";
export const MONITORING_NAMESPACE = "monitoring";
/** In-cluster address of Prometheus. */
export const PROMETHEUS_URL = `http://${MONITORING_RELEASE}-prometheus.${MONITORING_NAMESPACE}.svc.cluster.local:9090`;

export interface MonitoringValuesArgs {
  /** Node selector of the general pool (operator, Prometheus, Alertmanager, kube-state-metrics). */
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** StorageClass of the Prometheus and Alertmanager volumes (the encrypted gp3 class). */
  readonly storageClassName: string;
  /** Days Prometheus keeps samples. Default 15. */
  readonly retentionDays?: number;
  /** Prometheus volume size in GiB. Default 50. */
  readonly prometheusVolumeGb?: number;
}

/**
 * The common `kubernetes-pods` job: scrapes pods annotated `prometheus.io/scrape: "true"` at
 * `prometheus.io/port` / `prometheus.io/path` (components/k8s/prometheus.ts `scrapeAnnotations`),
 * which the operator does not do by itself (it only follows ServiceMonitors and PodMonitors).
 */
export const ANNOTATED_PODS_SCRAPE_CONFIG = {
  job_name: "kubernetes-pods",
  kubernetes_sd_configs: [{ role: "pod" }],
  relabel_configs: [
    { source_labels: ["__meta_kubernetes_pod_annotation_prometheus_io_scrape"], action: "keep", regex: "true" },
    { source_labels: ["__meta_kubernetes_pod_annotation_prometheus_io_scheme"], action: "replace", regex: "(https?)", target_label: "__scheme__" },
    { source_labels: ["__meta_kubernetes_pod_annotation_prometheus_io_path"], action: "replace", regex: "(.+)", target_label: "__metrics_path__" },
    { source_labels: ["__address__", "__meta_kubernetes_pod_annotation_prometheus_io_port"], action: "replace", regex: "([^:]+)(?::\\d+)?;(\\d+)", replacement: "$1:$2", target_label: "__address__" },
    { action: "labelmap", regex: "__meta_kubernetes_pod_label_(.+)" },
    { source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace" },
    { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" },
    { source_labels: ["__meta_kubernetes_pod_phase"], regex: "Pending|Succeeded|Failed", action: "drop" },
  ],
} as const;

export function kubePrometheusStackValues(args: MonitoringValuesArgs): Record<string, unknown> {
  const nodeSelector = { ...args.nodeSelector };
  const volume = (gb: number) => ({ volumeClaimTemplate: { spec: { storageClassName: args.storageClassName, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: `${gb}Gi` } } } } });
  const prometheusGb = args.prometheusVolumeGb ?? 50;
  return {
    crds: { enabled: true },
    grafana: { enabled: false },
    // The EKS control plane (etcd, controller manager, scheduler) is not scrapable, and
    // kube-proxy binds its metrics to localhost: their jobs and rules would only report down.
    kubeEtcd: { enabled: false },
    kubeControllerManager: { enabled: false },
    kubeScheduler: { enabled: false },
    kubeProxy: { enabled: false },
    defaultRules: { rules: { etcd: false, kubeControllerManager: false, kubeSchedulerAlerting: false, kubeSchedulerRecording: false, kubeProxy: false } },
    prometheusOperator: {
      nodeSelector,
      resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
      admissionWebhooks: { patch: { nodeSelector } },
    },
    prometheus: {
      prometheusSpec: {
        nodeSelector,
        retention: `${args.retentionDays ?? 15}d`,
        // Stay below the volume so compaction never fills it.
        retentionSize: `${Math.floor(prometheusGb * 0.9)}GB`,
        resources: { requests: { cpu: "500m", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } },
        storageSpec: volume(prometheusGb),
        // PrometheusRules, ServiceMonitors and PodMonitors labelled `release: kube-prometheus-stack`, in any namespace.
        ruleSelectorNilUsesHelmValues: true,
        serviceMonitorSelectorNilUsesHelmValues: true,
        podMonitorSelectorNilUsesHelmValues: true,
        additionalScrapeConfigs: [ANNOTATED_PODS_SCRAPE_CONFIG],
      },
    },
    alertmanager: {
      alertmanagerSpec: {
        nodeSelector,
        resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { cpu: "200m", memory: "256Mi" } },
        storage: volume(10),
      },
    },
    "kube-state-metrics": {
      nodeSelector,
      resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { cpu: "200m", memory: "512Mi" } },
    },
    "prometheus-node-exporter": {
      resources: { requests: { cpu: "20m", memory: "32Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
    },
  };
}
