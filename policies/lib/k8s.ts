/** Reading Kubernetes objects: pod templates of workloads, their containers, namespaces. */
import { get, isRecord, rec, records, str, type Props } from "./values";

/** The pod spec of a workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod). */
export function podSpecOf(type: string, props: Props): Props | undefined {
  const kind = type.split(":")[2];
  const spec = kind === "Pod" ? props.spec : kind === "CronJob" ? get(props, "spec", "jobTemplate", "spec", "template", "spec") : get(props, "spec", "template", "spec");
  return isRecord(spec) ? spec : undefined;
}

export interface ContainerView {
  readonly name: string;
  /** "container", "initContainer" or "ephemeralContainer". */
  readonly role: string;
  readonly spec: Props;
}

/** Every container of a pod spec, init containers included. */
export function containersOf(pod: Props): ContainerView[] {
  const out: ContainerView[] = [];
  for (const [key, role] of [["containers", "container"], ["initContainers", "initContainer"], ["ephemeralContainers", "ephemeralContainer"]] as const) {
    for (const c of records(pod[key])) out.push({ name: str(c.name) ?? "(unnamed)", role, spec: c });
  }
  return out;
}

/** A container's effective security setting: its own securityContext, else the pod's. */
export function effectiveSecurity(pod: Props, container: Props, key: "runAsNonRoot" | "runAsUser"): unknown {
  const own = get(container, "securityContext", key);
  return own !== undefined ? own : get(pod, "securityContext", key);
}

export function namespaceOf(props: Props): string {
  return str(get(props, "metadata", "namespace")) ?? "default";
}

export function nameOf(props: Props): string | undefined {
  return str(get(props, "metadata", "name"));
}

export function annotationsOf(props: Props): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(rec(get(props, "metadata", "annotations")))) if (typeof v === "string") out[k] = v;
  return out;
}
