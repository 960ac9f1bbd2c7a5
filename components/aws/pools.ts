/**
 * Node pool facts shared by the node groups, the hybrid nodes, the cluster software and the
 * systems that schedule onto them: labels, taints, AMI types. Plain data, no resources.
 */

export interface Taint {
  readonly key: string;
  readonly value: string;
  readonly effect: "NoSchedule";
}

/** Label every platform node carries with its pool name (general, compute, gpu, neuromorphic). */
export const POOL_LABEL = "neurastack.io/pool";
/** Names the neuromorphic accelerator of a node (real board or simulation): loihi2, akida. */
export const ACCELERATOR_LABEL = "neuromorphic.neurastack.io/accelerator";
/** "true" on the cloud simulation pool, "false" on joined boards. */
export const SIMULATED_LABEL = "neuromorphic.neurastack.io/simulated";
/** Label EKS sets on its own kinds of nodes: `hybrid` (EKS Hybrid Nodes), `fargate`, `auto` (Auto Mode). */
export const COMPUTE_TYPE_LABEL = "eks.amazonaws.com/compute-type";

export const GPU_TAINT: Taint = { key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" };
export const NEUROMORPHIC_TAINT: Taint = { key: "neuromorphic.neurastack.io/accelerator", value: "true", effect: "NoSchedule" };

/** EKS node group API spelling of a Kubernetes taint effect. */
export function eksTaintEffect(effect: Taint["effect"]): "NO_SCHEDULE" {
  switch (effect) {
    case "NoSchedule":
      return "NO_SCHEDULE";
  }
}

/** The `k8s.amazonaws.com/accelerator` value the cluster autoscaler and schedulers know per GPU family. */
export function gpuAcceleratorName(instanceType: string): string {
  const family = instanceType.split(".")[0];
  const known: Record<string, string> = {
    p3: "nvidia-tesla-v100",
    p3dn: "nvidia-tesla-v100",
    p4d: "nvidia-tesla-a100",
    p4de: "nvidia-tesla-a100",
    p5: "nvidia-h100",
    g4dn: "nvidia-tesla-t4",
    g5: "nvidia-a10g",
    g6: "nvidia-l4",
  };
  return known[family] ?? "nvidia";
}

export function gpuLabels(instanceType: string): Record<string, string> {
  return {
    [POOL_LABEL]: "gpu",
    // The NVIDIA device plugin chart's default node affinity selects this label.
    "nvidia.com/gpu.present": "true",
    "k8s.amazonaws.com/accelerator": gpuAcceleratorName(instanceType),
  };
}

/** Labels shared by every neuromorphic node, real or simulated (the pool selector). */
export const NEUROMORPHIC_LABELS: Readonly<Record<string, string>> = { [POOL_LABEL]: "neuromorphic" };

export function acceleratorLabels(accelerator: string, simulated: boolean): Record<string, string> {
  return { ...NEUROMORPHIC_LABELS, [ACCELERATOR_LABEL]: accelerator, [SIMULATED_LABEL]: String(simulated) };
}

/** Graviton families carry a `g` after the generation digit (t4g, m7g, c7gn, r6gd). */
const isArm = (instanceType: string) => /^[a-z]+\d+g[a-z]*\./.test(instanceType);

/** EKS-optimised Amazon Linux 2023 AMI type for an instance type (NVIDIA variant for GPU pools). */
export function amiType(instanceType: string, gpu: boolean): string {
  const arch = isArm(instanceType) ? "ARM_64" : "x86_64";
  return `AL2023_${arch}_${gpu ? "NVIDIA" : "STANDARD"}`;
}

/** Cluster-autoscaler discovery tags plus node-template hints so it can scale a pool up from zero. */
export function autoscalerTags(clusterName: string, labels: Readonly<Record<string, string>>, taints: readonly Taint[]): Record<string, string> {
  const tags: Record<string, string> = {
    "k8s.io/cluster-autoscaler/enabled": "true",
    [`k8s.io/cluster-autoscaler/${clusterName}`]: "owned",
  };
  for (const [k, v] of Object.entries(labels)) tags[`k8s.io/cluster-autoscaler/node-template/label/${k}`] = v;
  for (const t of taints) tags[`k8s.io/cluster-autoscaler/node-template/taint/${t.key}`] = `${t.value}:${t.effect}`;
  return tags;
}
