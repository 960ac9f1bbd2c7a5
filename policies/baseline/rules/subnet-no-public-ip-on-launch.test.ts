import * as aws from "@pulumi/aws";
import { awsProvider, baseLabels, ruleTests } from "../../testing/rule-tests";
import { subnetNoPublicIpOnLaunch } from "./subnet-no-public-ip-on-launch";

const VPC_ID = "vpc-0123456789abcdef0";

ruleTests(subnetNoPublicIpOnLaunch, {
  violating: () => {
    new aws.ec2.Subnet("auto-public", { vpcId: VPC_ID, cidrBlock: "10.0.0.0/24", mapPublicIpOnLaunch: true, tags: baseLabels() }, { provider: awsProvider() });
  },
  violates: ["auto-public"],
  passing: () => {
    const provider = awsProvider();
    new aws.ec2.Subnet("public-no-auto", { vpcId: VPC_ID, cidrBlock: "10.0.0.0/24", mapPublicIpOnLaunch: false, tags: baseLabels() }, { provider });
    new aws.ec2.Subnet("private", { vpcId: VPC_ID, cidrBlock: "10.0.1.0/24", tags: baseLabels() }, { provider });
  },
});
