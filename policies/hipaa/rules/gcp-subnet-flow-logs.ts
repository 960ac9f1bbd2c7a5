import * as gcp from "@pulumi/gcp";
import type { Unwrap } from "@pulumi/pulumi";
import { AUDIT_LOGGING, SECURITY } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";

/** Proxy-only and PSC subnets carry no VM traffic and take no flow logs. */
const NO_FLOW_LOGS = new Set(["REGIONAL_MANAGED_PROXY", "GLOBAL_MANAGED_PROXY", "PRIVATE_SERVICE_CONNECT", "INTERNAL_HTTPS_LOAD_BALANCER"]);

export const gcpSubnetFlowLogs = resourceRule<Unwrap<gcp.compute.SubnetworkArgs>>({
  id: "hipaa-gcp-subnet-flow-logs",
  description: "GCP subnetworks have VPC flow logs enabled.",
  severity: "medium",
  controls: [...AUDIT_LOGGING, SECURITY.network],
  remediation: "Set `logConfig: { aggregationInterval: \"INTERVAL_5_SEC\", flowSampling: 0.5, metadata: \"INCLUDE_ALL_METADATA\" }` on the subnetwork.",
  appliesTo: [gcp.compute.Subnetwork],
  check: (props, _args, finding) => {
    if (NO_FLOW_LOGS.has(props.purpose ?? "")) return;
    if (!props.logConfig) finding("the subnetwork has no logConfig (VPC flow logs off)");
  },
});
