import * as aws from "@pulumi/aws";
import { awsProvider, baseLabels, ruleTests } from "../../testing/rule-tests";
import { awsVpcFlowLogs } from "./aws-vpc-flow-logs";

const LOG_GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:/vpc/flow";

ruleTests(awsVpcFlowLogs, {
  violating: () => {
    const provider = awsProvider();
    new aws.ec2.Vpc("unlogged", { cidrBlock: "10.0.0.0/16", tags: baseLabels() }, { provider });
    const rejectsOnly = new aws.ec2.Vpc("rejects-only", { cidrBlock: "10.1.0.0/16", tags: baseLabels() }, { provider });
    new aws.ec2.FlowLog("rejects-only-log", { vpcId: rejectsOnly.id, trafficType: "REJECT", logDestination: LOG_GROUP, iamRoleArn: "arn:aws:iam::123456789012:role/flow", tags: baseLabels() }, { provider });
  },
  violates: ["unlogged", "rejects-only"],
  passing: () => {
    const provider = awsProvider();
    const vpc = new aws.ec2.Vpc("logged", { cidrBlock: "10.0.0.0/16", tags: baseLabels() }, { provider });
    new aws.ec2.FlowLog("logged-flow", { vpcId: vpc.id, trafficType: "ALL", logDestination: LOG_GROUP, iamRoleArn: "arn:aws:iam::123456789012:role/flow", tags: baseLabels() }, { provider });
  },
});
