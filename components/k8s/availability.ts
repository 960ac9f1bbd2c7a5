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
