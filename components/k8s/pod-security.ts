/**
 * Hardened pod and container specs (Pod Security Standard "restricted" and then some): every
 * container runs as a non-root user, with a read-only root filesystem, no privilege escalation,
 * every Linux capability dropped, the runtime's default seccomp profile, and explicit resource
 * requests and limits (the type makes them mandatory). Paths the process must write to are
 * listed and backed by emptyDir volumes, so the read-only root costs the caller one line.
 *
 * These are plain functions returning spec inputs (not resources): Deployments, StatefulSets,
 * Jobs and CronJobs all embed the same PodSpec, and a builder composes into each of them.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

type Input<T> = pulumi.Input<T>;
export type Container = k8s.types.input.core.v1.Container;
export type PodSpec = k8s.types.input.core.v1.PodSpec;
export type Volume = k8s.types.input.core.v1.Volume;
export type VolumeMount = k8s.types.input.core.v1.VolumeMount;
export type EnvVar = k8s.types.input.core.v1.EnvVar;
export type EnvFromSource = k8s.types.input.core.v1.EnvFromSource;
export type Probe = k8s.types.input.core.v1.Probe;

/** CPU and memory, e.g. `{ cpu: "500m", memory: "1Gi" }`. */
export interface ResourceAmounts {
  readonly cpu: string;
  readonly memory: string;
}

/** Requests and limits: required on every container (scheduling, QoS, HPA utilisation). */
export interface ContainerResources {
  readonly requests: ResourceAmounts;
  readonly limits: ResourceAmounts;
}

/** Default non-root identity (above the host's system range, so it maps to no host user). */
export const DEFAULT_UID = 10001;

/** Pod Security Admission labels for a namespace that only admits "restricted" pods. */
export const RESTRICTED_NAMESPACE_LABELS: Readonly<Record<string, string>> = {
  "pod-security.kubernetes.io/enforce": "restricted",
  "pod-security.kubernetes.io/enforce-version": "latest",
  "pod-security.kubernetes.io/audit": "restricted",
  "pod-security.kubernetes.io/warn": "restricted",
};

export interface SecureContainerArgs {
  readonly name: string;
  readonly image: Input<string>;
  readonly command?: Input<string>[];
  readonly args?: Input<string>[];
  readonly ports?: readonly { readonly name: string; readonly containerPort: number; readonly protocol?: "TCP" | "UDP" }[];
  readonly env?: Input<EnvVar>[];
  readonly envFrom?: Input<EnvFromSource>[];
  /** Required: requests and limits. */
  readonly resources: ContainerResources;
  readonly livenessProbe?: Probe;
  readonly readinessProbe?: Probe;
  readonly startupProbe?: Probe;
  /** Mounts of volumes the pod declares (ConfigMaps, Secrets, PVCs). */
  readonly volumeMounts?: Input<VolumeMount>[];
  /**
   * Paths the process writes to, each backed by its own emptyDir (the root FS is read-only).
   * Default ["/tmp"]. Pass [] for none.
   */
  readonly writablePaths?: readonly string[];
  /** Size cap of each writable emptyDir. Default "1Gi". */
  readonly writableSizeLimit?: string;
  /** User id; default the pod's (DEFAULT_UID unless the pod says otherwise). Must not be 0. */
  readonly runAsUser?: number;
  readonly imagePullPolicy?: "Always" | "IfNotPresent";
}

export interface SecurePodSpecArgs {
  readonly containers: readonly SecureContainerArgs[];
  /** Run to completion before the containers (e.g. fetching a secret into a shared emptyDir). */
  readonly initContainers?: readonly SecureContainerArgs[];
  /** Service account (create one per workload; the default one is never used). */
  readonly serviceAccountName: Input<string>;
  /** Mount the service-account token. Default false: only pods that call the API or use IRSA need it. */
  readonly automountServiceAccountToken?: boolean;
  /** Extra pod volumes (ConfigMaps, Secrets, PVCs); writable emptyDirs are added automatically. */
  readonly volumes?: Input<Volume>[];
  /** Pod user/group. Defaults DEFAULT_UID; fsGroup defaults to runAsGroup so mounted volumes are writable. */
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly fsGroup?: number;
  /** Namespaced "safe" sysctls, e.g. net.ipv4.ip_unprivileged_port_start=0 to bind 443 without capabilities. */
  readonly sysctls?: readonly { readonly name: string; readonly value: string }[];
  /** "Always" (Deployments/StatefulSets, default) or "OnFailure"/"Never" (Jobs). */
  readonly restartPolicy?: "Always" | "OnFailure" | "Never";
  /** Labels of the workload's own pods: spreads replicas across zones and nodes when given. */
  readonly spreadSelector?: Readonly<Record<string, string>>;
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly tolerations?: Input<k8s.types.input.core.v1.Toleration>[];
  /** Pod (anti-)affinity and node affinity, e.g. running next to the pod that holds a ReadWriteOnce volume. */
  readonly affinity?: Input<k8s.types.input.core.v1.Affinity>;
  readonly terminationGracePeriodSeconds?: number;
  readonly priorityClassName?: string;
}

/** `/var/cache/nginx` -> `writable-var-cache-nginx`: a valid, stable volume name. */
export function writableVolumeName(path: string): string {
  const slug = path.replace(/^\/+|\/+$/g, "").replace(/[^a-z0-9]+/gi, "-").toLowerCase();
  return `writable-${slug || "root"}`.slice(0, 63).replace(/-+$/, "");
}

/** An HTTP(S) probe with explicit timings (the API defaults are too eager for slow starters). */
export function httpProbe(
  path: string,
  port: number | string,
  options: { readonly scheme?: "HTTP" | "HTTPS"; readonly periodSeconds?: number; readonly initialDelaySeconds?: number; readonly timeoutSeconds?: number; readonly failureThreshold?: number } = {},
): Probe {
  return {
    httpGet: { path, port, scheme: options.scheme ?? "HTTP" },
    periodSeconds: options.periodSeconds ?? 10,
    initialDelaySeconds: options.initialDelaySeconds ?? 0,
    timeoutSeconds: options.timeoutSeconds ?? 5,
    failureThreshold: options.failureThreshold ?? 3,
  };
}

/** One hardened container. Throws when asked to run as root. */
export function secureContainer(args: SecureContainerArgs): Container {
  if (args.runAsUser === 0) throw new Error(`container ${args.name}: runAsUser 0 (root) is not allowed`);
  const writable = args.writablePaths ?? ["/tmp"];
  return {
    name: args.name,
    image: args.image,
    imagePullPolicy: args.imagePullPolicy ?? "IfNotPresent",
    command: args.command,
    args: args.args,
    ports: args.ports?.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: p.protocol ?? "TCP" })),
    env: args.env,
    envFrom: args.envFrom,
    resources: {
      requests: { cpu: args.resources.requests.cpu, memory: args.resources.requests.memory },
      limits: { cpu: args.resources.limits.cpu, memory: args.resources.limits.memory },
    },
    livenessProbe: args.livenessProbe,
    readinessProbe: args.readinessProbe,
    startupProbe: args.startupProbe,
    volumeMounts: [...(args.volumeMounts ?? []), ...writable.map((mountPath) => ({ name: writableVolumeName(mountPath), mountPath }))],
    securityContext: {
      runAsNonRoot: true,
      runAsUser: args.runAsUser,
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    },
    terminationMessagePolicy: "FallbackToLogsOnError",
  };
}

/** A hardened pod spec: pod-level non-root identity, seccomp, no token unless asked, writable emptyDirs. */
export function securePodSpec(args: SecurePodSpecArgs): PodSpec {
  const uid = args.runAsUser ?? DEFAULT_UID;
  if (uid === 0) throw new Error("pod runAsUser 0 (root) is not allowed");
  const gid = args.runAsGroup ?? uid;
  const all = [...(args.initContainers ?? []), ...args.containers];
  const writable = new Map<string, string>();
  for (const c of all) {
    for (const p of c.writablePaths ?? ["/tmp"]) writable.set(writableVolumeName(p), c.writableSizeLimit ?? "1Gi");
  }
  const spread = args.spreadSelector
    ? [
        // Zones first (an AZ outage keeps replicas), then hosts; soft, so a small cluster still schedules.
        { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { ...args.spreadSelector } } },
        { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { ...args.spreadSelector } } },
      ]
    : undefined;
  return {
    serviceAccountName: args.serviceAccountName,
    automountServiceAccountToken: args.automountServiceAccountToken ?? false,
    enableServiceLinks: false,
    restartPolicy: args.restartPolicy ?? "Always",
    terminationGracePeriodSeconds: args.terminationGracePeriodSeconds ?? 30,
    priorityClassName: args.priorityClassName,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: uid,
      runAsGroup: gid,
      fsGroup: args.fsGroup ?? gid,
      fsGroupChangePolicy: "OnRootMismatch",
      seccompProfile: { type: "RuntimeDefault" },
      sysctls: args.sysctls?.map((s) => ({ name: s.name, value: s.value })),
    },
    initContainers: args.initContainers?.map(secureContainer),
    containers: args.containers.map(secureContainer),
    volumes: [...(args.volumes ?? []), ...[...writable].map(([name, sizeLimit]) => ({ name, emptyDir: { sizeLimit } }))],
    nodeSelector: args.nodeSelector ? { ...args.nodeSelector } : undefined,
    tolerations: args.tolerations,
    affinity: args.affinity,
    topologySpreadConstraints: spread,
  };
}
