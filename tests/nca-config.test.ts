/**
 * NCA settings beyond the presets: the DSR concurrency rule (the SQS trigger must leave
 * executions for the HTTP API), the documented observability defaults, and what changes in the
 * plan with an existing hosted zone and with tracing turned off.
 */
import { ConfigError } from "../stacks/errors";
import { loadStackConfig, type RawConfig } from "../stacks/load";
import { MIN_DSR_RESERVED_CONCURRENCY, NCA_OBSERVABILITY_DEFAULTS } from "../stacks/sections/nca";
import { queueMaximumConcurrency } from "../components/systems/neuro-cognitive/data-subject-requests";
import { readStackFiles } from "../tools/engine/project";
import { rawConfigOf, PROJECT_DIR } from "../tools/engine/run";
import { planStack, resourceOf, resourcesOf, type Plan } from "./harness";

type Json = Record<string, unknown>;

function raw(edit: (nca: Json) => void): RawConfig {
  const base = rawConfigOf(readStackFiles(PROJECT_DIR, "staging"));
  const values = structuredClone(base.values) as Json;
  const nca = (values.nca ?? {}) as Json;
  edit(nca);
  values.nca = nca;
  return { ...base, values };
}

function problems(r: RawConfig): string[] {
  try {
    loadStackConfig(r);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => `${p.key}: ${p.rule}`);
    throw e;
  }
}

describe("DSR concurrency", () => {
  it.each([1, 2, 3])("rejects a reserved concurrency of %i (the queue would starve the HTTP API)", (n) => {
    expect(problems(raw((nca) => (nca.dataSubjectRequests = { reservedConcurrency: n })))).toEqual([
      `neurastack:nca.dataSubjectRequests.reservedConcurrency: ${n} is below 4; the SQS trigger needs 2 concurrent executions and the HTTP API must keep at least 2 while the queue is busy`,
    ]);
  });

  it("accepts 4 and more", () => {
    expect(problems(raw((nca) => (nca.dataSubjectRequests = { reservedConcurrency: MIN_DSR_RESERVED_CONCURRENCY })))).toEqual([]);
    expect(loadStackConfig(raw((nca) => (nca.dataSubjectRequests = { reservedConcurrency: 12 }))).nca!.dataSubjectRequests.reservedConcurrency).toBe(12);
  });

  it("keeps the SQS trigger's maximum concurrency two below the reserved concurrency, never below the AWS minimum of 2", () => {
    for (let reserved = MIN_DSR_RESERVED_CONCURRENCY; reserved <= 1000; reserved++) {
      const queue = queueMaximumConcurrency(reserved);
      expect(queue).toBeGreaterThanOrEqual(2);
      expect(reserved - queue).toBeGreaterThanOrEqual(2);
    }
    expect(queueMaximumConcurrency(4)).toBe(2);
    expect(() => queueMaximumConcurrency(3)).toThrow(/below 4/);
    expect(queueMaximumConcurrency(10)).toBe(8);
  });
});

describe("observability defaults (external Prometheus and OpenTelemetry collector)", () => {
  it("fills the documented defaults and keeps stack overrides", () => {
    expect(loadStackConfig(raw(() => undefined)).nca!.observability).toEqual({ ...NCA_OBSERVABILITY_DEFAULTS, samplingRatio: 1 });
    const custom = loadStackConfig(raw((nca) => (nca.observability = { otlpEndpoint: "http://collector.tracing.svc:4317", otelNamespace: "tracing" }))).nca!.observability;
    expect(custom).toMatchObject({ otlpEndpoint: "http://collector.tracing.svc:4317", otelNamespace: "tracing", prometheusNamespace: "monitoring", tracing: true });
  });

  it("rejects an endpoint without a port and a zone id that is not one", () => {
    expect(problems(raw((nca) => (nca.observability = { otlpEndpoint: "otel-collector" })))).toEqual(['neurastack:nca.observability.otlpEndpoint: "otel-collector" is not an http(s)://host:port endpoint']);
    expect(problems(raw((nca) => (nca.ingress = { zoneId: "my-zone" })))).toEqual(['neurastack:nca.ingress.zoneId: "my-zone" is not a Route53 hosted zone id (e.g. "Z0123456789ABCDEFGHIJ")']);
  });
});

describe("NCA with an existing hosted zone and tracing off", () => {
  const ZONE = "Z0EXISTINGZONE123456";
  let plan: Plan;
  beforeAll(async () => {
    plan = await planStack("staging", { overrides: { systems: ["nca"], nca: { ingress: { zoneId: ZONE }, observability: { tracing: false } } } });
  });

  it("creates no zone and puts the validation and alias records in the given one", () => {
    expect(resourcesOf(plan, "aws:route53/zone:Zone")).toEqual([]);
    const records = resourcesOf(plan, "aws:route53/record:Record");
    expect(records.map((r) => r.name).sort()).toEqual(["nca-edge-cert-validation", "nca-edge-record"]);
    for (const r of records) expect((r.inputs as Json).zoneId).toBe(ZONE);
    const ingress = resourceOf(plan, "kubernetes:networking.k8s.io/v1:Ingress", "nca-edge-ingress");
    const validated = resourceOf(plan, "aws:acm/certificateValidation:CertificateValidation", "nca-edge-cert-validated");
    expect((((ingress.inputs as Json).metadata as Json).annotations as Json)["alb.ingress.kubernetes.io/certificate-arn"]).toBe((validated.wireOutputs as Json).certificateArn);
    expect(plan.run.outputs.nca).toMatchObject({ hostedZoneId: ZONE, nameServers: [] });
  });

  it("exports no traces and opens no egress to the collector's namespace", () => {
    const data = ((resourceOf(plan, "kubernetes:core/v1:ConfigMap", "nca-config").inputs as Json).data ?? {}) as Record<string, string>;
    expect(data.OTEL_TRACES_EXPORTER).toBe("none");
    expect(Object.keys(data).filter((k) => /^OTEL_(EXPORTER_OTLP|TRACES_SAMPLER)/.test(k))).toEqual([]);
    const policies = JSON.stringify(resourcesOf(plan, "kubernetes:networking.k8s.io/v1:NetworkPolicy").map((r) => (r.inputs as Json).spec));
    expect(policies).not.toContain(`"kubernetes.io/metadata.name":"${NCA_OBSERVABILITY_DEFAULTS.otelNamespace}"`);
    // Prometheus still scrapes.
    expect(policies).toContain(`"kubernetes.io/metadata.name":"${NCA_OBSERVABILITY_DEFAULTS.prometheusNamespace}"`);
  });
});
