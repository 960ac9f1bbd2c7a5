import { get } from "../../lib/values";
import { workloadRule } from "../../lib/workload-rule";

export const k8sReadOnlyRootFs = workloadRule({
  id: "baseline-k8s-read-only-root-fs",
  description: "Every container mounts its root filesystem read-only.",
  severity: "medium",
  remediation: "Set `securityContext.readOnlyRootFilesystem: true` and mount `emptyDir` volumes where the process writes (/tmp, caches).",
  container: (c) => (get(c.spec, "securityContext", "readOnlyRootFilesystem") === true ? [] : ["readOnlyRootFilesystem is not true"]),
});
