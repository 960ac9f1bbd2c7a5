import * as aws from "@pulumi/aws";
import { AWS_KEY_ARN, awsProvider, baseLabels, ruleTests } from "../../testing/rule-tests";
import { cloudwatchLogsKms } from "./cloudwatch-logs-kms";

ruleTests(cloudwatchLogsKms, {
  violating: () => {
    new aws.cloudwatch.LogGroup("plain", { retentionInDays: 90, tags: baseLabels() }, { provider: awsProvider() });
  },
  violates: ["plain"],
  passing: () => {
    new aws.cloudwatch.LogGroup("encrypted", { retentionInDays: 90, kmsKeyId: AWS_KEY_ARN, tags: baseLabels() }, { provider: awsProvider() });
  },
});
