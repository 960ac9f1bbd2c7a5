/**
 * A stateless workload with the usual companions: a hardened Deployment (pod-security.ts), a
 * Service, a HorizontalPodAutoscaler and a PodDisruptionBudget (availability.ts). Zone/host
 * spreading and a surge-only rolling update keep capacity during rollouts and node drains.
 *
 * Replicas: when the HPA manages the Deployment (max > min), `spec.replicas` is left unset so
 * Pulumi and the HPA never fight over it (server-side apply would flag the conflict); the HPA
 * raises the Deployment to `min` right after creation. With min == max it is set directly.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { horizontalAutoscaler, podDisruptionBudget } from "./availability";
import { securePodSpec, type SecurePodSpecArgs } from "./pod-security";

type Input<T> = pulumi.Input<T>;

export interface ServicePortSpec {
  readonly name: string;
  /** Port of the Service. */
  readonly port: number;
  /** Container port (number or name). Default: `port`. */
  readonly targetPort?: number | string;
}

export interface SecureDeploymentArgs {
  /** Namespace (pass the Namespace's metadata.name output so it is created first). */
  readonly namespace: Input<string>;
  readonly provider: k8s.Provider;
  /** Kubernetes name of the Deployment, Service, HPA and PDB, e.g. "neuroca-api". */
  readonly workloadName: string;
  /** Extra labels on every object and pod (`app.kubernetes.io/name` is added). Default {}. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Replica bounds. */
  readonly replicas: { readonly min: number; readonly max: number };
  /** The pod: containers, service account, volumes... (spreading is added from the selector). */
  readonly pod: Omit<SecurePodSpecArgs, "spreadSelector" | "restartPolicy">;
  /** Pod template annotations, e.g. Prometheus scrape annotations. Default {}. */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /** A ClusterIP Service (or LoadBalancer with annotations). Default: none. */
  readonly service?: {
    readonly ports: readonly ServicePortSpec[];
    readonly type?: "ClusterIP" | "LoadBalancer";
    readonly annotations?: Readonly<Record<string, string>>;
  };
  /** HPA targets (when max > min). Defaults: CPU 70 %, memory 80 %. */
  readonly autoscaling?: { readonly cpuUtilization?: number; readonly memoryUtilization?: number | null };
  /** Pods allowed down during voluntary disruptions. Default 1. */
  readonly maxUnavailable?: number | string;
  /** Resources the Deployment itself waits for (e.g. a migration Job): set on the Deployment, not the component. */
  readonly dependsOn?: pulumi.Resource[];
}

export class SecureDeployment extends pulumi.ComponentResource {
  readonly deployment: k8s.apps.v1.Deployment;
  readonly service: k8s.core.v1.Service | undefined;
  readonly autoscaler: k8s.autoscaling.v2.HorizontalPodAutoscaler | undefined;
  readonly disruptionBudget: k8s.policy.v1.PodDisruptionBudget;
  /** Labels selecting the pods. */
  readonly selector: Readonly<Record<string, string>>;
  readonly serviceName: pulumi.Output<string> | undefined;

  constructor(name: string, args: SecureDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:k8s:SecureDeployment", name, {}, opts);
    const child = { parent: this, provider: args.provider };
    const selector = { "app.kubernetes.io/name": args.workloadName };
    const labels = { ...(args.labels ?? {}), ...selector };
    const managedByHpa = args.replicas.max > args.replicas.min;
    if (args.replicas.min < 1) throw new Error(`SecureDeployment ${args.workloadName}: replicas.min must be >= 1`);

    this.deployment = new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      {
        metadata: { name: args.workloadName, namespace: args.namespace, labels },
        spec: {
          replicas: managedByHpa ? undefined : args.replicas.min,
          revisionHistoryLimit: 5,
          selector: { matchLabels: selector },
          // Surge first: capacity never drops below the current replica count during a rollout.
          strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: "25%" } },
          template: {
            metadata: { labels, annotations: { ...(args.podAnnotations ?? {}) } },
            spec: securePodSpec({ ...args.pod, spreadSelector: selector }),
          },
        },
      },
      { ...child, dependsOn: args.dependsOn ?? [] },
    );

    if (args.service) {
      this.service = new k8s.core.v1.Service(
        `${name}-service`,
        {
          metadata: { name: args.workloadName, namespace: args.namespace, labels, annotations: { ...(args.service.annotations ?? {}) } },
          spec: {
            type: args.service.type ?? "ClusterIP",
            selector,
            ports: args.service.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort ?? p.port, protocol: "TCP" })),
          },
        },
        child,
      );
      this.serviceName = this.service.metadata.name;
    }

    if (managedByHpa) {
      this.autoscaler = horizontalAutoscaler(
        `${name}-hpa`,
        {
          name: args.workloadName,
          namespace: args.namespace,
          labels,
          target: { kind: "Deployment", name: this.deployment.metadata.name },
          minReplicas: args.replicas.min,
          maxReplicas: args.replicas.max,
          cpuUtilization: args.autoscaling?.cpuUtilization,
          memoryUtilization: args.autoscaling?.memoryUtilization,
        },
        child,
      );
    }
    this.disruptionBudget = podDisruptionBudget(`${name}-pdb`, { name: args.workloadName, namespace: args.namespace, labels, selector, maxUnavailable: args.maxUnavailable }, child);
    this.selector = selector;
    this.registerOutputs({ deploymentName: this.deployment.metadata.name, serviceName: this.serviceName, selector });
  }
}
