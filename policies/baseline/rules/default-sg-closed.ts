import * as aws from "@pulumi/aws";
import { NETWORK } from "../../lib/controls";
import { stackRule, typeToken } from "../../lib/rule";
import { StackView } from "../../lib/stack";
import { list, str, type Props } from "../../lib/values";

const VPC = typeToken(aws.ec2.Vpc);
const DEFAULT_SG = typeToken(aws.ec2.DefaultSecurityGroup);

/**
 * A VPC's default security group allows all traffic between its members and all egress until
 * someone closes it; anything launched without a group lands in it. Every VPC here adopts its
 * default group (`aws.ec2.DefaultSecurityGroup`, which removes all rules it does not list) with
 * no rules. cdk-nag VPCDefaultSecurityGroupClosed (AWS Config vpc-default-security-group-closed).
 */
export const defaultSgClosed = stackRule({
  id: "baseline-default-sg-closed",
  description: "Every VPC's default security group is adopted with no ingress and no egress rules.",
  severity: "high",
  controls: NETWORK,
  resourceTypes: [VPC, DEFAULT_SG],
  remediation: "Add an `aws.ec2.DefaultSecurityGroup` with `vpcId` set to the VPC and no `ingress` or `egress` (an empty group denies everything).",
  check: (args, finding) => {
    const view = new StackView(args.resources);
    const adopted = new Set<string>();
    for (const sg of view.ofType(DEFAULT_SG)) {
      const p = sg.props as Props;
      const vpc = str(p.vpcId);
      if (vpc) adopted.add(vpc);
      if (list(p.ingress).length > 0) finding(`default security group ${sg.name} has ${list(p.ingress).length} ingress rule(s)`, sg.urn);
      if (list(p.egress).length > 0) finding(`default security group ${sg.name} has ${list(p.egress).length} egress rule(s)`, sg.urn);
    }
    for (const vpc of view.ofType(VPC)) {
      const id = str((vpc.props as Props).id) ?? "";
      if (!adopted.has(id)) finding(`VPC ${vpc.name}'s default security group is not adopted (it keeps AWS's allow-all rules)`, vpc.urn);
    }
  },
});
