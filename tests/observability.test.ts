/**
 * Per-cluster observability (components/k8s/cluster-observability.ts) and autoscaling objects in
 * the production plan: the tracing pipeline and custom-metrics adapter on every cluster, after
 * the load balancer controller; Grafana with the dashboard sidecar; the guide's VPAs and the
 * HPA's custom metric.
 */
import { planStack, resourcesOf, type EngineResource, type Plan } from "./harness";

type Json = Record<string, unknown>;
let p: Plan;
beforeAll(async () => {
  p = await planStack("production");
});
const releases = () => resourcesOf(p, "kubernetes:helm.sh/v3:Release");
const releaseName = (r: EngineResource) => String(r.inputs.name);

describe("observability on every cluster", () => {
  test("an OpenTelemetry Collector, Jaeger and prometheus-adapter per cluster, installed after the load balancer controller", () => {
    const clusters = new Set(releases().filter((r) => releaseName(r) === "aws-load-balancer-controller").map((r) => r.provider));
    expect(clusters.size).toBe(p.run.config.regions.length);
    for (const provider of clusters) {
      const lbc = releases().find((r) => r.provider === provider && releaseName(r) === "aws-load-balancer-controller")!;
      for (const name of ["otel-collector", "jaeger", "prometheus-adapter"]) {
        const release = releases().find((r) => r.provider === provider && releaseName(r) === name);
        expect([name, release?.inputs.version]).toEqual([name, expect.stringMatching(/^\d+\.\d+\.\d+$/)]);
        expect(release!.dependencies).toContain(lbc.urn);
      }
      const collector = releases().find((r) => r.provider === provider && releaseName(r) === "otel-collector")!;
      const exporters = ((collector.inputs.values as Json).config as Json).exporters as Json;
      expect((exporters["otlp/jaeger"] as Json).endpoint).toBe("jaeger-collector.observability.svc.cluster.local:4317");
      const adapter = releases().find((r) => r.provider === provider && releaseName(r) === "prometheus-adapter")!;
      expect(JSON.stringify((adapter.inputs.values as Json).rules)).toContain("http_requests_per_second");
    }
  });

  test("the systems export traces to that pipeline: NCA and SNN-Fusion to the collector, ZKP to Jaeger", () => {
    const config = resourcesOf(p, "kubernetes:core/v1:ConfigMap");
    const data = (name: string) => config.filter((c) => (c.inputs.metadata as Json).name === name).map((c) => c.inputs.data as Json);
    expect(data("neuroca-config")[0].OTEL_EXPORTER_OTLP_ENDPOINT).toBe("http://otel-collector.observability.svc.cluster.local:4317");
    for (const d of data("snn-fusion-config")) expect(d.OTEL_EXPORTER_OTLP_ENDPOINT).toBe("http://otel-collector.observability.svc.cluster.local:4317");
    expect(p.run.config.zkpLedger!.monitoring.jaegerEndpoint).toBe("http://jaeger-collector.observability.svc.cluster.local:4317");
  });

  test("Grafana runs from the chart with the dashboard sidecar on every namespace, no admin password in values", () => {
    for (const release of releases().filter((r) => releaseName(r) === "kube-prometheus-stack")) {
      const grafana = (release.inputs.values as Json).grafana as Json;
      expect(grafana).toMatchObject({ enabled: true, sidecar: { dashboards: { enabled: true, label: "grafana_dashboard", labelValue: "1", searchNamespace: "ALL" } } });
      expect(JSON.stringify(grafana)).not.toMatch(/adminPassword/);
    }
  });
});

describe("autoscaling the guides ask for", () => {
  const vpas = () => resourcesOf(p, "kubernetes:autoscaling.k8s.io/v1:VerticalPodAutoscaler");
  test("VPAs: SNN-Fusion's API recommends (its HPA scales on CPU/memory), its worker is resized, ZKP nodes recommend", () => {
    const mode = (name: string) => vpas().filter((v) => (v.inputs.metadata as Json).name === name).map((v) => ((v.inputs.spec as Json).updatePolicy as Json).updateMode);
    expect(mode("snn-fusion-api")).toEqual(Array(6).fill("Off"));
    expect(mode("snn-fusion-neuromorphic-worker")).toEqual(Array(6).fill("Recreate"));
    expect(mode("zkp-ledger-primary")).toEqual(["Off"]);
    const bounds = (vpas().find((v) => (v.inputs.metadata as Json).name === "snn-fusion-api")!.inputs.spec as { resourcePolicy: { containerPolicies: Json[] } }).resourcePolicy.containerPolicies[0];
    expect(bounds).toMatchObject({ minAllowed: { cpu: "500m", memory: "2Gi" }, maxAllowed: { cpu: "4", memory: "8Gi" } });
  });

  test("the SNN-Fusion API HPA scales on CPU 70%, memory 80% and requests per second per pod (custom metric)", () => {
    const hpa = resourcesOf(p, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler").find((h) => (h.inputs.metadata as Json).name === "snn-fusion-api")!;
    const metrics = (hpa.inputs.spec as { metrics: Json[] }).metrics;
    expect(metrics).toContainEqual({ type: "Pods", pods: { metric: { name: "http_requests_per_second" }, target: { type: "AverageValue", averageValue: "50" } } });
    expect(metrics.filter((m) => m.type === "Resource")).toHaveLength(2);
  });
});
