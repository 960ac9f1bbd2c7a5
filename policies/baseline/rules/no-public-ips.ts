import * as aws from "@pulumi/aws";
import { NETWORK } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";
import { bool, records, type Props } from "../../lib/values";

/** Data stores and cluster nodes live in private subnets; only load balancers face the internet. */
export const noPublicIps = resourceRule<Props>({
  id: "baseline-no-public-ips",
  description: "Databases and compute nodes get no public IP (RDS publiclyAccessible, launch template / instance public addresses).",
  severity: "critical",
  controls: NETWORK,
  remediation: "Set `publiclyAccessible: false` on RDS; do not set `associatePublicIpAddress` on launch template network interfaces or instances; place them in private subnets and reach them through load balancers or private endpoints.",
  appliesTo: [aws.rds.Instance, aws.rds.ClusterInstance, aws.ec2.LaunchTemplate, aws.ec2.Instance],
  check: (props, args, finding) => {
    if (args.isType(aws.rds.Instance) || args.isType(aws.rds.ClusterInstance)) {
      if (bool(props.publiclyAccessible) === true) finding("publiclyAccessible is true");
    } else if (args.isType(aws.ec2.LaunchTemplate)) {
      for (const ni of records(props.networkInterfaces)) if (bool(ni.associatePublicIpAddress) === true) finding("a network interface associates a public IP");
    } else if (bool(props.associatePublicIpAddress) === true) {
      finding("associatePublicIpAddress is true");
    }
  },
});
