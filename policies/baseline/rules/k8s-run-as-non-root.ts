import { effectiveSecurity } from "../../lib/k8s";
import { num } from "../../lib/values";
import { workloadRule } from "../../lib/workload-rule";

export const k8sRunAsNonRoot = workloadRule({
  id: "baseline-k8s-run-as-non-root",
  description: "Every container of a workload runs as a non-root user (runAsNonRoot: true or a non-zero runAsUser).",
  severity: "high",
  remediation: "Set `securityContext: { runAsNonRoot: true, runAsUser: <uid> }` on the pod template (or each container); build images with a non-root USER.",
  container: (c, pod) => {
    const nonRoot = effectiveSecurity(pod, c.spec, "runAsNonRoot");
    const user = num(effectiveSecurity(pod, c.spec, "runAsUser"));
    if (user === 0) return ["runAsUser is 0 (root)"];
    return nonRoot === true || (user !== undefined && user > 0) ? [] : ["neither runAsNonRoot: true nor a non-zero runAsUser"];
  },
});
