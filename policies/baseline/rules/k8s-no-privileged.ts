import { get, strings } from "../../lib/values";
import { workloadRule } from "../../lib/workload-rule";

const DANGEROUS_CAPS = new Set(["ALL", "SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "SYS_MODULE", "DAC_READ_SEARCH"]);

export const k8sNoPrivileged = workloadRule({
  id: "baseline-k8s-no-privileged",
  description: "No workload runs privileged containers, adds host-level capabilities or shares the host's network, PID or IPC namespace.",
  severity: "critical",
  remediation: "Remove `privileged: true`, dangerous `capabilities.add` entries and `hostNetwork`/`hostPID`/`hostIPC`; drop ALL capabilities and add back only what the process needs (e.g. NET_BIND_SERVICE).",
  pod: (pod) => (["hostNetwork", "hostPID", "hostIPC"] as const).filter((k) => pod[k] === true).map((k) => `the pod sets ${k}: true`),
  container: (c) => {
    const out: string[] = [];
    if (get(c.spec, "securityContext", "privileged") === true) out.push("privileged: true");
    const added = strings(get(c.spec, "securityContext", "capabilities", "add")).filter((cap) => DANGEROUS_CAPS.has(cap.toUpperCase().replace(/^CAP_/, "")));
    if (added.length > 0) out.push(`adds capabilities ${added.join(", ")}`);
    return out;
  },
});
