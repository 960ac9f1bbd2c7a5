import { get } from "../../lib/values";
import { workloadRule } from "../../lib/workload-rule";

/** Kubernetes allows escalation (setuid binaries) unless the container says false. */
export const k8sNoPrivilegeEscalation = workloadRule({
  id: "baseline-k8s-no-privilege-escalation",
  description: "Every container sets allowPrivilegeEscalation: false.",
  severity: "high",
  remediation: "Set `securityContext.allowPrivilegeEscalation: false` on every container (init containers too).",
  container: (c) => (get(c.spec, "securityContext", "allowPrivilegeEscalation") === false ? [] : ["allowPrivilegeEscalation is not false"]),
});
