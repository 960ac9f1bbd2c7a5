import * as aws from "@pulumi/aws";
import { AWS_KEY_ARN, awsProvider, baseLabels, ruleTests } from "../../testing/rule-tests";
import { wafLogging } from "./waf-logging";

const acl = (name: string) =>
  new aws.wafv2.WebAcl(
    name,
    { name, scope: "REGIONAL", defaultAction: { allow: {} }, visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: name }, tags: baseLabels() },
    { provider: awsProvider() },
  );
const group = (name: string, kms: boolean) => new aws.cloudwatch.LogGroup(name, { name, retentionInDays: 400, kmsKeyId: kms ? AWS_KEY_ARN : undefined, tags: baseLabels() }, { provider: awsProvider() });
const logging = (name: string, aclArn: aws.wafv2.WebAcl, destination: aws.cloudwatch.LogGroup) =>
  new aws.wafv2.WebAclLoggingConfiguration(name, { resourceArn: aclArn.arn, logDestinationConfigs: [destination.arn] }, { provider: awsProvider() });

ruleTests(wafLogging, {
  violating: () => {
    acl("unlogged");
    logging("badly-named", acl("acl-b"), group("waf-logs-b", true));
    group("aws-waf-logs-c", false);
    logging("logging-c", acl("acl-c"), group("aws-waf-logs-plain", false));
  },
  violates: ["unlogged", "badly-named", "aws-waf-logs-plain"],
  messages: ["has no WebAclLoggingConfiguration", "not named aws-waf-logs-", "has no kmsKeyId"],
  passing: () => {
    logging("logged", acl("acl-a"), group("aws-waf-logs-a", true));
  },
});
