/**
 * Observability every platform cluster gets beside kube-prometheus-stack (issue #20):
 *
 *  - Grafana from the kube-prometheus-stack chart (through the monitoring overlay hook) with its
 *    dashboard sidecar watching every namespace for ConfigMaps labelled `grafana_dashboard: "1"`
 *    (components/k8s/grafana-dashboards.ts), the chart's generated admin password, no anonymous
 *    access;
 *  - tracing (ZKP guide: Jaeger; SNN guide: request tracing; NCA guide: OpenTelemetry with
 *    Jaeger or Zipkin): an OpenTelemetry Collector (`otel-collector.observability:4317/4318`,
 *    what NCA and SNN-Fusion export to) forwarding OTLP to Jaeger (`jaeger-collector.observability
 *    :4317`, where the ZKP nodes export directly). Jaeger is the trace backend because two of the
 *    three guides name it and it takes OTLP natively; all-in-one with in-memory storage bounded
 *    by `maxTraces` (traces are diagnostics, not records: nothing is kept that must outlive a
 *    restart);
 *  - prometheus-adapter serving the custom metrics API (`custom.metrics.k8s.io`) from Prometheus,
 *    for the HPA's custom metrics (SNN guide: "HPA: CPU (70%), Memory (80%), Custom metrics"); it
 *    serves no resource metrics, which metrics-server already registers.
 *
 * Every release waits for the platform's `ready` set, which holds the load balancer controller:
 * nothing here installs before its Service webhook is serving.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { MonitoringOverlayHook } from "../aws/monitoring-hook";
import { PROMETHEUS_URL } from "../aws/monitoring";
import type { RegionalPlatform } from "../aws/platform-contract";
import { DASHBOARD_LABEL, FOLDER_ANNOTATION } from "./grafana-dashboards";

/** Chart sources and pinned versions of the releases. */
export const OBSERVABILITY_CHARTS = {
  otelCollector: { chart: "opentelemetry-collector", repo: "https://open-telemetry.github.io/opentelemetry-helm-charts", version: "0.108.0" },
  jaeger: { chart: "jaeger", repo: "https://jaegertracing.github.io/helm-charts", version: "3.4.1" },
  prometheusAdapter: { chart: "prometheus-adapter", repo: "https://prometheus-community.github.io/helm-charts", version: "4.11.0" },
} as const;

export const OBSERVABILITY_NAMESPACE = "observability";
/** In-cluster endpoints the systems' defaults point at. */
export const OTLP_GRPC_ENDPOINT = `http://otel-collector.${OBSERVABILITY_NAMESPACE}.svc.cluster.local:4317`;
export const JAEGER_OTLP_ENDPOINT = `jaeger-collector.${OBSERVABILITY_NAMESPACE}.svc.cluster.local:4317`;

/** Custom metrics the adapter serves (per pod): HTTP requests per second and NCA's worker queue depth. */
export const CUSTOM_METRICS = {
  httpRequestsPerSecond: "http_requests_per_second",
  workerQueueDepth: "neuroca_worker_queue_depth",
} as const;

export function prometheusAdapterRules(): Record<string, unknown> {
  const resources = { overrides: { namespace: { resource: "namespace" }, pod: { resource: "pod" } } };
  return {
    default: false,
    custom: [
      {
        seriesQuery: 'http_requests_total{namespace!="",pod!=""}',
        resources,
        name: { matches: "^http_requests_total$", as: CUSTOM_METRICS.httpRequestsPerSecond },
        metricsQuery: "sum(rate(<<.Series>>{<<.LabelMatchers>>}[2m])) by (<<.GroupBy>>)",
      },
      {
        seriesQuery: 'neuroca_worker_queue_depth{namespace!="",pod!=""}',
        resources,
        name: { matches: "^neuroca_worker_queue_depth$", as: CUSTOM_METRICS.workerQueueDepth },
        metricsQuery: "max(<<.Series>>{<<.LabelMatchers>>}) by (<<.GroupBy>>)",
      },
    ],
  };
}

export interface ClusterObservabilityArgs {
  /** Node selector of the general pool. */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** Jaeger in-memory trace limit. Default 100000. */
  readonly maxTraces?: number;
}

export class ClusterObservability extends pulumi.ComponentResource {
  constructor(
    private readonly componentName: string,
    private readonly args: ClusterObservabilityArgs = {},
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("neurastack:k8s:ClusterObservability", componentName, {}, opts);
  }

  /**
   * Grafana (chart) with the dashboard sidecar, for the monitoring overlay hook. The chart
   * generates the admin password into its own Secret (`kube-prometheus-stack-grafana`), so it is
   * in neither Pulumi state nor the release's values; read it with kubectl when needed.
   */
  grafanaOverlay(): MonitoringOverlayHook {
    return () => ({
      values: {
        grafana: {
          enabled: true,
          nodeSelector: { ...(this.args.nodeSelector ?? {}) },
          "grafana.ini": { analytics: { reporting_enabled: false, check_for_updates: false }, "auth.anonymous": { enabled: false }, security: { cookie_secure: true, disable_gravatar: true } },
          sidecar: { dashboards: { enabled: true, label: DASHBOARD_LABEL.key, labelValue: DASHBOARD_LABEL.value, searchNamespace: "ALL", folderAnnotation: FOLDER_ANNOTATION, provider: { foldersFromFilesStructure: true } } },
        },
      },
    });
  }

  /** The cluster's tracing pipeline and custom-metrics adapter. */
  addCluster(regional: RegionalPlatform): readonly k8s.helm.v3.Release[] {
    const name = `${this.componentName}-${regional.region.name}`;
    const nodeSelector = { ...(regional.pools.general?.labels ?? this.args.nodeSelector ?? {}) };
    const ready = [...(regional.ready ?? [])];
    const release = (suffix: string, source: (typeof OBSERVABILITY_CHARTS)[keyof typeof OBSERVABILITY_CHARTS], releaseName: string, namespace: string, values: Record<string, unknown>, dependsOn: pulumi.Resource[] = []) =>
      new k8s.helm.v3.Release(
        `${name}-${suffix}`,
        { name: releaseName, chart: source.chart, version: source.version, repositoryOpts: { repo: source.repo }, namespace, createNamespace: namespace !== "monitoring", atomic: true, cleanupOnFail: true, values },
        { parent: this, provider: regional.kubernetes, dependsOn: [...ready, ...dependsOn] },
      );
    const jaeger = release("jaeger", OBSERVABILITY_CHARTS.jaeger, "jaeger", OBSERVABILITY_NAMESPACE, {
      provisionDataStore: { cassandra: false, elasticsearch: false, kafka: false },
      storage: { type: "memory" },
      allInOne: {
        enabled: true,
        nodeSelector,
        extraEnv: [{ name: "COLLECTOR_OTLP_ENABLED", value: "true" }],
        args: [`--memory.max-traces=${this.args.maxTraces ?? 100000}`],
        resources: { requests: { cpu: "100m", memory: "512Mi" }, limits: { cpu: "1", memory: "2Gi" } },
      },
      agent: { enabled: false },
      collector: { enabled: false },
      query: { enabled: false },
    });
    const collector = release(
      "otel-collector",
      OBSERVABILITY_CHARTS.otelCollector,
      "otel-collector",
      OBSERVABILITY_NAMESPACE,
      {
        mode: "deployment",
        fullnameOverride: "otel-collector",
        image: { repository: "otel/opentelemetry-collector-k8s" },
        replicaCount: 2,
        nodeSelector,
        resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
        config: {
          receivers: { otlp: { protocols: { grpc: { endpoint: "0.0.0.0:4317" }, http: { endpoint: "0.0.0.0:4318" } } } },
          processors: { memory_limiter: { check_interval: "5s", limit_percentage: 80, spike_limit_percentage: 25 }, batch: {} },
          exporters: { "otlp/jaeger": { endpoint: JAEGER_OTLP_ENDPOINT, tls: { insecure: true } } },
          service: { pipelines: { traces: { receivers: ["otlp"], processors: ["memory_limiter", "batch"], exporters: ["otlp/jaeger"] } } },
        },
      },
      [jaeger],
    );
    const adapter = release("prometheus-adapter", OBSERVABILITY_CHARTS.prometheusAdapter, "prometheus-adapter", "monitoring", {
      prometheus: { url: PROMETHEUS_URL.replace(/:9090$/, ""), port: 9090 },
      rules: prometheusAdapterRules(),
      nodeSelector,
      resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
    });
    return [jaeger, collector, adapter];
  }

  finish(): void {
    this.registerOutputs({});
  }
}
