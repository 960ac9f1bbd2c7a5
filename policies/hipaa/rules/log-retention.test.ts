import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import { AWS_KEY_ARN, awsProvider, baseLabels, gcpProvider, ruleTests } from "../../testing/rule-tests";
import { logRetention } from "./log-retention";

ruleTests(logRetention, {
  config: { minRetentionDays: 90 },
  violating: () => {
    new aws.cloudwatch.LogGroup("month", { retentionInDays: 30, kmsKeyId: AWS_KEY_ARN, tags: baseLabels() }, { provider: awsProvider() });
    new gcp.logging.ProjectBucketConfig("default-bucket", { project: "fixture-project", location: "global", bucketId: "audit" }, { provider: gcpProvider() });
  },
  violates: ["month", "default-bucket"],
  messages: ["below the minimum of 90"],
  passing: () => {
    new aws.cloudwatch.LogGroup("quarter", { retentionInDays: 90, kmsKeyId: AWS_KEY_ARN, tags: baseLabels() }, { provider: awsProvider() });
    new aws.cloudwatch.LogGroup("forever", { kmsKeyId: AWS_KEY_ARN, tags: baseLabels() }, { provider: awsProvider() });
    new gcp.logging.ProjectBucketConfig("long-bucket", { project: "fixture-project", location: "global", bucketId: "audit", retentionDays: 400 }, { provider: gcpProvider() });
  },
});
