import { get } from "../../lib/values";
import { workloadRule } from "../../lib/workload-rule";

/** Without limits one pod can starve its node (availability, GDPR Art. 32(1)(b)). */
export const k8sResourceLimits = workloadRule({
  id: "baseline-k8s-resource-limits",
  description: "Every container declares CPU and memory limits.",
  severity: "medium",
  remediation: "Set `resources.limits.cpu` and `resources.limits.memory` (with requests) from the system's guide.",
  container: (c) => {
    const missing = (["cpu", "memory"] as const).filter((r) => get(c.spec, "resources", "limits", r) === undefined);
    return missing.length > 0 ? [`no ${missing.join(" or ")} limit`] : [];
  },
});
