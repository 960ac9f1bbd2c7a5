import * as aws from "@pulumi/aws";
import { awsProvider, baseLabels, ruleTests } from "../../testing/rule-tests";
import { securityHubStandards } from "./security-hub-standards";

const fsbp = (region: string) => `arn:aws:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`;
const cluster = (name: string, provider: aws.Provider, environment = "production") =>
  new aws.eks.Cluster(name, { roleArn: "arn:aws:iam::123456789012:role/eks", vpcConfig: { subnetIds: ["subnet-1", "subnet-2"] }, tags: baseLabels(environment) }, { provider });

ruleTests(securityHubStandards, {
  violating: () => {
    cluster("no-hub", awsProvider("us-east-1"));
    const west = awsProvider("us-west-2");
    new aws.securityhub.Account("hub-without-standard", { enableDefaultStandards: false }, { provider: west });
    new aws.securityhub.StandardsSubscription("wrong-region", { standardsArn: fsbp("eu-west-1") }, { provider: west });
  },
  violates: ["no-hub", "hub-without-standard", "wrong-region"],
  passing: () => {
    const provider = awsProvider("eu-west-1");
    cluster("with-hub", provider);
    new aws.securityhub.Account("hub", { enableDefaultStandards: false }, { provider });
    new aws.securityhub.StandardsSubscription("fsbp", { standardsArn: fsbp("eu-west-1") }, { provider });
    // Staging may leave Security Hub off (config security.securityHub.enabled).
    cluster("staging", awsProvider("ap-southeast-1"), "staging");
  },
});
