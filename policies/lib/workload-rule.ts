/** Builds a rule that checks every container of every Kubernetes workload's pod template. */
import type { Severity } from "@pulumi/policy";
import { WORKLOADS } from "./controls";
import { K8S_WORKLOADS } from "./inventory";
import { containersOf, podSpecOf, type ContainerView } from "./k8s";
import { resourceRule } from "./rule";
import type { Control, RuleResourcePolicy } from "./types";
import type { Props } from "./values";

export interface WorkloadRuleSpec {
  readonly id: string;
  readonly description: string;
  readonly severity: Severity;
  readonly remediation: string;
  readonly controls?: readonly Control[];
  /** Pod-level problems (host namespaces, pod securityContext), once per workload. */
  readonly pod?: (pod: Props) => string[];
  /** A container's problems; empty when it complies. */
  readonly container: (container: ContainerView, pod: Props) => string[];
}

export function workloadRule(spec: WorkloadRuleSpec): RuleResourcePolicy {
  return resourceRule<Props>({
    id: spec.id,
    description: spec.description,
    severity: spec.severity,
    controls: spec.controls ?? WORKLOADS,
    remediation: spec.remediation,
    appliesTo: K8S_WORKLOADS,
    check: (props, args, finding) => {
      const pod = podSpecOf(args.type, props);
      if (!pod) return;
      for (const p of spec.pod?.(pod) ?? []) finding(p);
      for (const c of containersOf(pod)) for (const p of spec.container(c, pod)) finding(`${c.role} ${c.name}: ${p}`);
    },
  });
}
