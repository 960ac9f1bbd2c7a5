/**
 * Every Kubernetes workload both stacks create (Deployments, StatefulSets, CronJobs, Jobs, and
 * the objects around them) must validate against the official Kubernetes OpenAPI schema, through
 * the `kubernetes-models` package (JSON schemas generated from the Kubernetes OpenAPI spec).
 * The validator is shown to reject broken specs, and the hardened builders of components/k8s
 * are checked for the settings they promise.
 */
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { CronJob } from "kubernetes-models/batch/v1/CronJob";
import { Job } from "kubernetes-models/batch/v1/Job";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { PersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import { Pod } from "kubernetes-models/v1/Pod";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { planStack, resourceOf, type EngineResource, type Plan } from "./harness";
import { httpProbe, secureContainer, securePodSpec, writableVolumeName } from "../components/k8s/pod-security";
import { CRON_JOB_DEFAULTS, secureCronJob } from "../components/k8s/cron-job";

interface Validatable {
  validate(): void;
}
type Model = new (data: Record<string, unknown>) => Validatable;

const WORKLOADS: Record<string, Model> = {
  "kubernetes:apps/v1:Deployment": Deployment as unknown as Model,
  "kubernetes:apps/v1:StatefulSet": StatefulSet as unknown as Model,
  "kubernetes:batch/v1:CronJob": CronJob as unknown as Model,
  "kubernetes:batch/v1:Job": Job as unknown as Model,
};
const AROUND: Record<string, Model> = {
  "kubernetes:core/v1:Service": Service as unknown as Model,
  "kubernetes:core/v1:Namespace": Namespace as unknown as Model,
  "kubernetes:core/v1:ConfigMap": ConfigMap as unknown as Model,
  "kubernetes:core/v1:ServiceAccount": ServiceAccount as unknown as Model,
  "kubernetes:core/v1:PersistentVolumeClaim": PersistentVolumeClaim as unknown as Model,
  "kubernetes:networking.k8s.io/v1:Ingress": Ingress as unknown as Model,
  "kubernetes:networking.k8s.io/v1:NetworkPolicy": NetworkPolicy as unknown as Model,
  "kubernetes:policy/v1:PodDisruptionBudget": PodDisruptionBudget as unknown as Model,
  "kubernetes:autoscaling/v2:HorizontalPodAutoscaler": HorizontalPodAutoscaler as unknown as Model,
};

/** The manifest Pulumi would send (the recorded inputs: apiVersion, kind, metadata, spec/data...). */
function manifest(r: EngineResource): Record<string, unknown> {
  const { apiVersion, kind, metadata, spec, data, automountServiceAccountToken } = r.inputs as Record<string, unknown>;
  const out: Record<string, unknown> = { apiVersion, kind, metadata };
  if (spec !== undefined) out.spec = spec;
  if (data !== undefined) out.data = data;
  if (automountServiceAccountToken !== undefined) out.automountServiceAccountToken = automountServiceAccountToken;
  return out;
}

/** Validation error text, or undefined when the object is valid. */
function validationError(model: Model, data: Record<string, unknown>): string | undefined {
  try {
    new model(data).validate();
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

function namespaceOf(r: EngineResource): string | undefined {
  const md = (r.inputs as { metadata?: { namespace?: string } }).metadata;
  return md?.namespace;
}

describe.each(["staging", "production"])("Kubernetes OpenAPI validation (%s)", (stack) => {
  let plan: Plan;
  beforeAll(async () => {
    plan = await planStack(stack);
  });

  it("every Deployment, StatefulSet, CronJob and Job validates against the Kubernetes schema", () => {
    const workloads = plan.run.resources.filter((r) => r.type in WORKLOADS);
    const failures = workloads.map((r) => [r.name, validationError(WORKLOADS[r.type], manifest(r))]).filter(([, e]) => e !== undefined);
    expect(failures).toEqual([]);
    // Not vacuous: NCA (api, worker; create_schema, migrate, bootstrap Jobs; PVC dump, S3 dump and its
    // restore test) and ZKP (nodes, lb, grafana, per-node backups, database dump, verifications, bootstrap) are in the plan.
    const ours = workloads.filter((r) => ["neuroca", "zkp-ledger"].includes(namespaceOf(r) ?? ""));
    expect(ours.filter((r) => namespaceOf(r) === "neuroca").map((r) => r.type).sort()).toEqual(
      ["kubernetes:apps/v1:Deployment", "kubernetes:apps/v1:Deployment", "kubernetes:batch/v1:CronJob", "kubernetes:batch/v1:CronJob", "kubernetes:batch/v1:CronJob", "kubernetes:batch/v1:Job", "kubernetes:batch/v1:Job", "kubernetes:batch/v1:Job"],
    );
    const zkpStatefulSets = ours.filter((r) => namespaceOf(r) === "zkp-ledger" && r.type === "kubernetes:apps/v1:StatefulSet");
    expect(zkpStatefulSets.length).toBe(1 + plan.run.config.zkpLedger!.secondaryNodes);
    // Full and incremental per node, the database dump and its restore test, the node verification.
    expect(ours.filter((r) => r.type === "kubernetes:batch/v1:CronJob" && namespaceOf(r) === "zkp-ledger")).toHaveLength(2 * zkpStatefulSets.length + 3);
  });

  it("the objects around them (Services, Ingress, HPAs, PDBs, NetworkPolicies, PVCs, ...) validate too", () => {
    const objects = plan.run.resources.filter((r) => r.type in AROUND && ["neuroca", "zkp-ledger"].includes(namespaceOf(r) ?? (r.inputs as { metadata?: { name?: string } }).metadata?.name ?? ""));
    expect(objects.length).toBeGreaterThan(40);
    const failures = objects.map((r) => [r.type, r.name, validationError(AROUND[r.type], manifest(r))]).filter(([, , e]) => e !== undefined);
    expect(failures).toEqual([]);
  });
});

describe.each(["staging", "production"])("scheduled jobs use the one hardened CronJob builder (%s)", (stack) => {
  let plan: Plan;
  beforeAll(async () => {
    plan = await planStack(stack);
  });

  it("every NCA and ZKP CronJob has the secureCronJob settings, a run deadline and a hardened pod", () => {
    const crons = plan.run.resources.filter((r) => r.type === "kubernetes:batch/v1:CronJob" && ["neuroca", "zkp-ledger"].includes(namespaceOf(r) ?? ""));
    expect(crons).toHaveLength(3 + 2 * (1 + plan.run.config.zkpLedger!.secondaryNodes) + 3);
    const timeZone = (cluster: string) => plan.run.config.regions.find((r) => r.name === cluster)!.timezone;
    const zones: Record<string, string> = { neuroca: timeZone(plan.run.config.nca!.cluster), "zkp-ledger": timeZone(plan.run.config.zkpLedger!.cluster) };
    for (const c of crons) {
      const spec = (c.inputs as { spec: Record<string, unknown> }).spec;
      expect(spec).toMatchObject({
        concurrencyPolicy: "Forbid",
        startingDeadlineSeconds: CRON_JOB_DEFAULTS.startingDeadlineSeconds,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 5,
        timeZone: zones[namespaceOf(c)!],
      });
      const job = (spec.jobTemplate as { spec: { backoffLimit: number; activeDeadlineSeconds: number; template: { metadata: { labels: Record<string, string> }; spec: Record<string, unknown> } } }).spec;
      // Restore tests never retry into a pass: a failed check is a failed Job (the alert).
      const verification = (c.inputs as { metadata: { name: string } }).metadata.name.endsWith("-verify");
      expect(job.backoffLimit).toBe(verification ? 0 : 2);
      expect(job.activeDeadlineSeconds).toBeGreaterThan(0);
      expect(job.template.spec).toMatchObject({ restartPolicy: verification ? "Never" : "OnFailure", securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } } });
      for (const container of job.template.spec.containers as { securityContext: Record<string, unknown> }[]) {
        expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
      }
      // Labels on the CronJob, its Jobs and pods agree, and name the job.
      const name = (c.inputs as { metadata: { name: string; labels: Record<string, string> } }).metadata;
      expect(job.template.metadata.labels).toMatchObject({ "app.kubernetes.io/name": name.name });
      expect(name.labels).toMatchObject(job.template.metadata.labels);
    }
  });
});

describe("secureCronJob refuses what a Job cannot run", () => {
  const pod = { serviceAccountName: "sa", containers: [{ name: "x", image: "i", resources: { requests: { cpu: "1", memory: "1Mi" }, limits: { cpu: "1", memory: "1Mi" } } }] };
  it("refuses restartPolicy Always and a missing deadline before creating anything", () => {
    expect(() => secureCronJob("x", { name: "x", namespace: "ns", schedule: "0 2 * * *", timeZone: "UTC", activeDeadlineSeconds: 60, pod: { ...pod, restartPolicy: "Always" } }, {})).toThrow(/restartPolicy "Always"/);
    expect(() => secureCronJob("x", { name: "x", namespace: "ns", schedule: "0 2 * * *", timeZone: "UTC", activeDeadlineSeconds: 0, pod }, {})).toThrow(/activeDeadlineSeconds/);
  });
});

describe("the validator rejects broken specs", () => {
  let api: Record<string, unknown>;
  beforeAll(async () => {
    const plan = await planStack("staging");
    api = manifest(resourceOf(plan, "kubernetes:apps/v1:Deployment", "nca-api-deployment"));
  });
  const mutated = (mutate: (d: { spec: { replicas?: unknown; selector?: unknown; template: { spec: { containers: Record<string, unknown>[] } } } }) => void) => {
    const copy = JSON.parse(JSON.stringify(api));
    mutate(copy);
    return copy as Record<string, unknown>;
  };

  it("accepts the real NCA API Deployment", () => {
    expect(validationError(Deployment as unknown as Model, api)).toBeUndefined();
  });
  it.each([
    ["replicas as text", (d: Parameters<Parameters<typeof mutated>[0]>[0]) => (d.spec.replicas = "two"), /replicas must be integer/],
    ["a container without a name", (d: Parameters<Parameters<typeof mutated>[0]>[0]) => delete d.spec.template.spec.containers[0].name, /required property 'name'|required property name/],
    ["no selector", (d: Parameters<Parameters<typeof mutated>[0]>[0]) => delete d.spec.selector, /required property 'selector'|required property selector/],
    ["runAsNonRoot as text", (d: Parameters<Parameters<typeof mutated>[0]>[0]) => ((d.spec.template.spec.containers[0].securityContext as Record<string, unknown>).runAsNonRoot = "yes"), /runAsNonRoot must be boolean/],
    ["a port name as containerPort", (d: Parameters<Parameters<typeof mutated>[0]>[0]) => ((d.spec.template.spec.containers[0].ports as Record<string, unknown>[])[0].containerPort = "http"), /containerPort must be integer/],
  ])("rejects %s", (_label, mutate, message) => {
    const error = validationError(Deployment as unknown as Model, mutated(mutate));
    expect(error).toMatch(message);
  });
  it("rejects a CronJob without a schedule", () => {
    expect(validationError(CronJob as unknown as Model, { apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "x" }, spec: { jobTemplate: { spec: { template: { spec: { containers: [] } } } } } })).toMatch(/schedule/);
  });
});

describe("hardened pod builders (components/k8s/pod-security.ts)", () => {
  const pod = securePodSpec({
    serviceAccountName: "sa",
    containers: [{ name: "app", image: "example/app:1", resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "256Mi" } }, writablePaths: ["/tmp", "/var/cache/app"], readinessProbe: httpProbe("/health", 8080) }],
    spreadSelector: { app: "x" },
  });
  const container = (pod.containers as unknown as Record<string, unknown>[])[0] as { securityContext: Record<string, unknown>; resources: unknown; volumeMounts: { name: string; mountPath: string }[] };

  it("builds a pod the schema accepts", () => {
    expect(validationError(Pod as unknown as Model, { apiVersion: "v1", kind: "Pod", metadata: { name: "x" }, spec: pod })).toBeUndefined();
  });
  it("runs non-root with a read-only root filesystem, no escalation, no capabilities and RuntimeDefault seccomp", () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: "RuntimeDefault" } });
    expect(container.securityContext).toEqual(
      expect.objectContaining({ runAsNonRoot: true, allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } }),
    );
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(container.resources).toEqual({ requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "256Mi" } });
  });
  it("backs each writable path with its own emptyDir", () => {
    expect(container.volumeMounts).toEqual([
      { name: "writable-tmp", mountPath: "/tmp" },
      { name: "writable-var-cache-app", mountPath: "/var/cache/app" },
    ]);
    expect((pod.volumes as { name: string; emptyDir?: unknown }[]).map((v) => v.name)).toEqual(["writable-tmp", "writable-var-cache-app"]);
    expect(writableVolumeName("/")).toBe("writable-root");
  });
  it("refuses root", () => {
    expect(() => secureContainer({ name: "x", image: "i", runAsUser: 0, resources: { requests: { cpu: "1", memory: "1Mi" }, limits: { cpu: "1", memory: "1Mi" } } })).toThrow(/root/);
    expect(() => securePodSpec({ serviceAccountName: "sa", runAsUser: 0, containers: [] })).toThrow(/root/);
  });
});
