import * as aws from "@pulumi/aws";
import { NETWORK } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";
import { bool, type Props } from "../../lib/values";

/**
 * No subnet hands out public IPv4 addresses on launch: nodes, databases and endpoints get
 * private addresses only, and the public subnets hold NAT gateways (Elastic IPs) and the ALBs
 * (which take their addresses themselves), so none needs it. Since Feb 2024 every public IPv4
 * address is also billed (AWS "New – AWS Public IPv4 Address Charge"). cdk-nag
 * VPCSubnetAutoAssignPublicIpDisabled (AWS Config subnet-auto-assign-public-ip-disabled).
 */
export const subnetNoPublicIpOnLaunch = resourceRule<Props>({
  id: "baseline-subnet-no-public-ip-on-launch",
  description: "Subnets do not assign public IPv4 addresses on launch (mapPublicIpOnLaunch false).",
  severity: "high",
  controls: NETWORK,
  remediation: "Leave `mapPublicIpOnLaunch` unset or false; give NAT gateways Elastic IPs and let load balancers take their own addresses.",
  appliesTo: [aws.ec2.Subnet],
  check: (props, _args, finding) => {
    if (bool(props.mapPublicIpOnLaunch) === true) finding("mapPublicIpOnLaunch is true (every instance launched here gets a public IPv4 address)");
  },
});
