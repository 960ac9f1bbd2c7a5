/**
 * Availability helpers for a workload: a HorizontalPodAutoscaler (autoscaling/v2, CPU and memory
 * utilisation) and a PodDisruptionBudget (policy/v1). Each returns the resource it creates, so
 * the caller keeps control of names and options (pass `{ parent: this, provider }`).
 */
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

type Input<T> = pulumi.Input<T>;

export interface AutoscalerArgs {
  /** Kubernetes name (usually the workload's). */
  readonly name: string;
  readonly namespace: Input<string>;
  readonly labels?: Readonly<Record<string, string>>;
  /** The scaled workload. */
  readonly target: { readonly kind: "Deployment" | "StatefulSet"; readonly name: Input<string> };
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Average CPU utilisation target in percent of requests. Default 70. */
  readonly cpuUtilization?: number;
  /** Average memory utilisation target in percent of requests. Default 80; null disables the metric. */
  readonly memoryUtilization?: number | null;
  /** Scale-down stabilisation window in seconds (avoids flapping). Default 300. */
  readonly scaleDownStabilizationSeconds?: number;
  /** Per-pod custom metrics (custom.metrics.k8s.io, served by prometheus-adapter), each with its average target. Default none. */
  readonly podsMetrics?: readonly { readonly name: string; readonly averageValue: string }[];
}

/** A CPU/memory HPA. Throws when min > max or min < 1 (an HPA cannot scale to zero). */
export function horizontalAutoscaler(resourceName: string, args: AutoscalerArgs, opts: pulumi.CustomResourceOptions): k8s.autoscaling.v2.HorizontalPodAutoscaler {
  if (args.minReplicas < 1) throw new Error(`HPA ${args.name}: minReplicas ${args.minReplicas} must be >= 1`);
  if (args.minReplicas > args.maxReplicas) throw new Error(`HPA ${args.name}: minReplicas ${args.minReplicas} > maxReplicas ${args.maxReplicas}`);
  const metrics: k8s.types.input.autoscaling.v2.MetricSpec[] = [
    { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: args.cpuUtilization ?? 70 } } },
  ];
  if (args.memoryUtilization !== null) {
    metrics.push({ type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: args.memoryUtilization ?? 80 } } });
  }
  for (const m of args.podsMetrics ?? []) metrics.push({ type: "Pods", pods: { metric: { name: m.name }, target: { type: "AverageValue", averageValue: m.averageValue } } });
  return new k8s.autoscaling.v2.HorizontalPodAutoscaler(
    resourceName,
    {
      metadata: { name: args.name, namespace: args.namespace, labels: { ...(args.labels ?? {}) } },
      spec: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: args.target.kind, name: args.target.name },
        minReplicas: args.minReplicas,
        maxReplicas: args.maxReplicas,
        metrics,
        behavior: { scaleDown: { stabilizationWindowSeconds: args.scaleDownStabilizationSeconds ?? 300, policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] } },
      },
    },
    opts,
  );
}

export interface DisruptionBudgetArgs {
  readonly name: string;
  readonly namespace: Input<string>;
  readonly labels?: Readonly<Record<string, string>>;
  /** Pods the budget covers. */
  readonly selector: Readonly<Record<string, string>>;
  /**
   * Pods that may be down voluntarily at once. Default 1. `maxUnavailable` (not `minAvailable`)
   * so a single-replica workload can still be drained, and a scaled-up one keeps the rest.
   */
  readonly maxUnavailable?: number | string;
}

export function podDisruptionBudget(resourceName: string, args: DisruptionBudgetArgs, opts: pulumi.CustomResourceOptions): k8s.policy.v1.PodDisruptionBudget {
  return new k8s.policy.v1.PodDisruptionBudget(
    resourceName,
    {
      metadata: { name: args.name, namespace: args.namespace, labels: { ...(args.labels ?? {}) } },
      spec: { maxUnavailable: args.maxUnavailable ?? 1, selector: { matchLabels: { ...args.selector } } },
    },
    opts,
  );
}

export interface VerticalAutoscalerArgs {
  readonly name: string;
  readonly namespace: Input<string>;
  readonly labels?: Readonly<Record<string, string>>;
  readonly target: { readonly kind: "Deployment" | "StatefulSet"; readonly name: Input<string> };
  /**
   * "Off": recommendations only (for workloads an HPA scales on CPU/memory, where VPA must not
   * act: Kubernetes VPA docs, "Known limitations"; and for stateful raft members); "Initial": set
   * at pod creation; "Recreate": evict pods to apply.
   */
  readonly updateMode: "Off" | "Initial" | "Recreate";
  /** Bounds per container (the guide's ranges), e.g. { cpu: "500m", memory: "2Gi" }. */
  readonly minAllowed: { readonly cpu: string; readonly memory: string };
  readonly maxAllowed: { readonly cpu: string; readonly memory: string };
}

/** A VerticalPodAutoscaler (autoscaling.k8s.io/v1; CRD from the platform's vertical-pod-autoscaler release) on CPU and memory. */
export function verticalAutoscaler(resourceName: string, args: VerticalAutoscalerArgs, opts: pulumi.CustomResourceOptions): k8s.apiextensions.CustomResource {
  return new k8s.apiextensions.CustomResource(
    resourceName,
    {
      apiVersion: "autoscaling.k8s.io/v1",
      kind: "VerticalPodAutoscaler",
      metadata: { name: args.name, namespace: args.namespace, labels: { ...(args.labels ?? {}) } },
      spec: {
        targetRef: { apiVersion: "apps/v1", kind: args.target.kind, name: args.target.name },
        updatePolicy: { updateMode: args.updateMode },
        resourcePolicy: { containerPolicies: [{ containerName: "*", controlledResources: ["cpu", "memory"], minAllowed: { ...args.minAllowed }, maxAllowed: { ...args.maxAllowed } }] },
      },
    },
    opts,
  );
}
