import * as aws from "@pulumi/aws";
import type { Unwrap } from "@pulumi/pulumi";
import { AUDIT_LOGGING } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";

export const EKS_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

export const eksControlPlaneLogs = resourceRule<Unwrap<aws.eks.ClusterArgs>>({
  id: "hipaa-eks-control-plane-logs",
  description: "EKS clusters send all five control-plane log types (api, audit, authenticator, controllerManager, scheduler) to CloudWatch.",
  severity: "high",
  controls: AUDIT_LOGGING,
  remediation: `Set \`enabledClusterLogTypes: ${JSON.stringify(EKS_LOG_TYPES)}\` (and a KMS-encrypted /aws/eks/<name>/cluster log group with retention).`,
  appliesTo: [aws.eks.Cluster],
  check: (props, _args, finding) => {
    const enabled = new Set(props.enabledClusterLogTypes ?? []);
    const missing = EKS_LOG_TYPES.filter((t) => !enabled.has(t));
    if (missing.length > 0) finding(`control-plane log types not enabled: ${missing.join(", ")}`);
  },
});
