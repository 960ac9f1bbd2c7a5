import * as gcp from "@pulumi/gcp";
import { AUDIT_LOGGING, SECURITY } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";
import { isRecord, str, type Props } from "../../lib/values";

/**
 * Firewall rule logging records each connection a rule allows or denies, the evidence of who
 * reached (or tried to reach) the network. GoogleCloudPlatform/policy-library template
 * gcp_network_enable_firewall_logs_v1 (CIS GCP 3.x); setting `logConfig` turns it on
 * (https://cloud.google.com/firewall/docs/firewall-rules-logging).
 */
export const gcpFirewallLogging = resourceRule<Props>({
  id: "hipaa-gcp-firewall-logging",
  description: "GCP firewall rules log the connections they match (logConfig set).",
  severity: "medium",
  controls: [...AUDIT_LOGGING, SECURITY.network],
  remediation: "Set `logConfig: { metadata: \"INCLUDE_ALL_METADATA\" }` (or EXCLUDE_ALL_METADATA) on the firewall rule.",
  appliesTo: [gcp.compute.Firewall],
  check: (props, _args, finding) => {
    if (!isRecord(props.logConfig) || !str(props.logConfig.metadata)) finding("logConfig is not set (connections this rule matches are not logged)");
  },
});
