import type { PolicyResource } from "@pulumi/policy";
import { NETWORK } from "../../lib/controls";
import { K8S_WORKLOADS } from "../../lib/inventory";
import { nameOf, namespaceOf } from "../../lib/k8s";
import { stackRule } from "../../lib/rule";
import { StackView } from "../../lib/stack";
import { get, list, rec, strings, type Props } from "../../lib/values";

const NAMESPACE = "kubernetes:core/v1:Namespace";
const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const SYSTEM_NAMESPACES = new Set(["kube-system", "kube-public", "kube-node-lease"]);

/** An empty pod selector selects every pod of the namespace. */
function selectsAll(props: Props): boolean {
  const selector = get(props, "spec", "podSelector");
  if (selector === undefined) return false;
  const s = rec(selector);
  return list(s.matchLabels).length === 0 && Object.keys(rec(s.matchLabels)).length === 0 && list(s.matchExpressions).length === 0;
}

/** Which directions a policy denies by default: it selects all pods, lists the type and no rules for it. */
function deniedDirections(props: Props): Set<string> {
  const out = new Set<string>();
  if (!selectsAll(props)) return out;
  const spec = rec(get(props, "spec"));
  const types = strings(spec.policyTypes);
  const effective = types.length > 0 ? types : ["Ingress", ...(spec.egress !== undefined ? ["Egress"] : [])];
  if (effective.includes("Ingress") && list(spec.ingress).length === 0) out.add("Ingress");
  if (effective.includes("Egress") && list(spec.egress).length === 0) out.add("Egress");
  return out;
}

/**
 * Zero-trust pod networking: every namespace the program creates or runs workloads in, per
 * cluster (Kubernetes provider), has a NetworkPolicy selecting all pods that denies ingress
 * and egress by default; allows are added per workload.
 */
export const k8sDefaultDenyNetworkPolicy = stackRule({
  id: "baseline-k8s-default-deny-network-policy",
  description: "Every namespace with workloads has a default-deny NetworkPolicy (all pods, Ingress and Egress, no rules).",
  severity: "high",
  controls: NETWORK,
  resourceTypes: [NAMESPACE, NETWORK_POLICY, ...K8S_WORKLOADS],
  remediation: "Add a NetworkPolicy with `podSelector: {}`, `policyTypes: [\"Ingress\", \"Egress\"]` and no rules in the namespace, then NetworkPolicies allowing the flows each workload needs (DNS, its database, its ingress controller).",
  check: (args, finding) => {
    const view = new StackView(args.resources);
    const cluster = (r: PolicyResource) => r.provider?.urn ?? "";
    const denied = new Map<string, Set<string>>();
    for (const np of view.ofType(NETWORK_POLICY)) {
      const key = `${cluster(np)}|${namespaceOf(np.props as Props)}`;
      const set = denied.get(key) ?? new Set<string>();
      for (const d of deniedDirections(np.props as Props)) set.add(d);
      denied.set(key, set);
    }
    const subjects = new Map<string, PolicyResource>();
    for (const ns of view.ofType(NAMESPACE)) {
      const name = nameOf(ns.props as Props);
      if (name) subjects.set(`${cluster(ns)}|${name}`, ns);
    }
    for (const w of view.ofType(...K8S_WORKLOADS)) {
      const key = `${cluster(w)}|${namespaceOf(w.props as Props)}`;
      if (!subjects.has(key)) subjects.set(key, w);
    }
    for (const [key, subject] of subjects) {
      const namespace = key.slice(key.indexOf("|") + 1);
      if (SYSTEM_NAMESPACES.has(namespace)) continue;
      const have = denied.get(key) ?? new Set<string>();
      const missing = ["Ingress", "Egress"].filter((d) => !have.has(d));
      if (missing.length > 0) finding(`namespace ${namespace} has no default-deny ${missing.join(" and ")} NetworkPolicy`, subject.urn);
    }
  },
});
