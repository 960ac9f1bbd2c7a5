import * as aws from "@pulumi/aws";
import { AWS_KEY_ARN, awsProvider, baseLabels, ruleTests } from "../../testing/rule-tests";
import { cloudtrailIntegrity } from "./cloudtrail-integrity";

const GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/cloudtrail/audit:*";
const ROLE = "arn:aws:iam::123456789012:role/trail-logs";
const base = { s3BucketName: "audit-bucket", tags: baseLabels() };

ruleTests(cloudtrailIntegrity, {
  violating: () => {
    const provider = awsProvider();
    new aws.cloudtrail.Trail("unvalidated", { ...base, kmsKeyId: AWS_KEY_ARN, cloudWatchLogsGroupArn: GROUP, cloudWatchLogsRoleArn: ROLE }, { provider });
    new aws.cloudtrail.Trail("sse-s3", { ...base, enableLogFileValidation: true, cloudWatchLogsGroupArn: GROUP, cloudWatchLogsRoleArn: ROLE }, { provider });
    new aws.cloudtrail.Trail("no-cloudwatch", { ...base, enableLogFileValidation: true, kmsKeyId: AWS_KEY_ARN }, { provider });
    new aws.cloudtrail.Trail("no-delivery-role", { ...base, enableLogFileValidation: true, kmsKeyId: AWS_KEY_ARN, cloudWatchLogsGroupArn: GROUP }, { provider });
  },
  violates: ["unvalidated", "sse-s3", "no-cloudwatch", "no-delivery-role"],
  passing: () => {
    new aws.cloudtrail.Trail("trusted", { ...base, enableLogFileValidation: true, kmsKeyId: AWS_KEY_ARN, cloudWatchLogsGroupArn: GROUP, cloudWatchLogsRoleArn: ROLE }, { provider: awsProvider() });
  },
});
