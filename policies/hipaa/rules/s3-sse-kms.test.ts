import * as aws from "@pulumi/aws";
import { AWS_KEY_ARN, awsProvider, dataLabels, ruleTests } from "../../testing/rule-tests";
import { s3SseKms } from "./s3-sse-kms";

ruleTests(s3SseKms, {
  violating: () => {
    const provider = awsProvider();
    new aws.s3.Bucket("no-config", { bucket: "no-config", tags: dataLabels() }, { provider });
    const sse = new aws.s3.Bucket("sse-s3", { bucket: "sse-s3", tags: dataLabels() }, { provider });
    new aws.s3.BucketServerSideEncryptionConfiguration("sse-s3-config", { bucket: sse.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }, { provider });
  },
  violates: ["no-config", "sse-s3-config"],
  passing: () => {
    const provider = awsProvider();
    const data = new aws.s3.Bucket("data", { bucket: "data", tags: dataLabels() }, { provider });
    new aws.s3.BucketServerSideEncryptionConfiguration("data-sse", { bucket: data.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: AWS_KEY_ARN }, bucketKeyEnabled: true }] }, { provider });
    // Access-log targets must use SSE-S3 (S3 cannot deliver server access logs to SSE-KMS buckets).
    const logs = new aws.s3.Bucket("logs", { bucket: "logs", tags: dataLabels() }, { provider });
    new aws.s3.BucketServerSideEncryptionConfiguration("logs-sse", { bucket: logs.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }, { provider });
    new aws.s3.BucketLogging("data-logging", { bucket: data.id, targetBucket: logs.id, targetPrefix: "data/" }, { provider });
  },
});
