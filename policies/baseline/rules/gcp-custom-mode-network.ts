import * as gcp from "@pulumi/gcp";
import type { Unwrap } from "@pulumi/pulumi";
import { NETWORK, SECURITY } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";

/** Auto-mode VPCs create a subnet in every region (including ones outside the data's jurisdiction) with default firewall rules. */
export const gcpCustomModeNetwork = resourceRule<Unwrap<gcp.compute.NetworkArgs>>({
  id: "baseline-gcp-custom-mode-network",
  description: "GCP VPC networks are custom-mode (autoCreateSubnetworks: false): subnets exist only where the program places them.",
  severity: "medium",
  controls: [...NETWORK, SECURITY.residency],
  remediation: "Set `autoCreateSubnetworks: false` and create `gcp.compute.Subnetwork`s in the system's region with flow logs and Private Google Access.",
  appliesTo: [gcp.compute.Network],
  check: (props, _args, finding) => {
    if (props.autoCreateSubnetworks !== false) finding("autoCreateSubnetworks is not false: a subnet is created in every region");
  },
});
