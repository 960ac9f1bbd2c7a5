import * as aws from "@pulumi/aws";
import { AUDIT_LOGGING, SECURITY } from "../../lib/controls";
import { stackRule, typeToken } from "../../lib/rule";
import { StackView } from "../../lib/stack";
import { str, type Props } from "../../lib/values";

const VPC = typeToken(aws.ec2.Vpc);
const FLOW_LOG = typeToken(aws.ec2.FlowLog);

export const awsVpcFlowLogs = stackRule({
  id: "hipaa-aws-vpc-flow-logs",
  description: "Every VPC has a flow log capturing ALL traffic.",
  severity: "medium",
  controls: [...AUDIT_LOGGING, SECURITY.network],
  resourceTypes: [VPC, FLOW_LOG],
  remediation: "Add an `aws.ec2.FlowLog` with `vpcId` set to the VPC, `trafficType: \"ALL\"`, to an encrypted CloudWatch log group (with retention) or S3 bucket.",
  check: (args, finding) => {
    const view = new StackView(args.resources);
    const logged = new Map<string, string>();
    for (const f of view.ofType(FLOW_LOG)) {
      const p = f.props as Props;
      const vpc = str(p.vpcId);
      if (vpc) logged.set(vpc, str(p.trafficType) ?? "ALL");
    }
    for (const vpc of view.ofType(VPC)) {
      const id = str((vpc.props as Props).id) ?? "";
      const traffic = logged.get(id);
      if (traffic === undefined) finding(`VPC ${vpc.name} has no flow log`, vpc.urn);
      else if (traffic !== "ALL") finding(`VPC ${vpc.name}'s flow log captures only ${traffic} traffic`, vpc.urn);
    }
  },
});
