import * as aws from "@pulumi/aws";
import { AWS_KEY_ARN, awsProvider, dataLabels, ruleTests } from "../../testing/rule-tests";
import { rdsEncryption } from "./rds-encryption";

const base = { instanceClass: "db.r6g.large", engine: "postgres", engineVersion: "15", allocatedStorage: 100, manageMasterUserPassword: true, username: "app", tags: dataLabels() };

ruleTests(rdsEncryption, {
  violating: () => {
    const provider = awsProvider();
    new aws.rds.Instance("unencrypted", { ...base, storageEncrypted: false }, { provider });
    new aws.rds.Instance("aws-managed-key", { ...base, storageEncrypted: true }, { provider });
    new aws.rds.Instance("insights-plain", { ...base, storageEncrypted: true, kmsKeyId: AWS_KEY_ARN, performanceInsightsEnabled: true }, { provider });
  },
  violates: ["unencrypted", "aws-managed-key", "insights-plain"],
  messages: ["storageEncrypted is not true", "no kmsKeyId", "performanceInsightsKmsKeyId"],
  passing: () => {
    const provider = awsProvider();
    const primary = new aws.rds.Instance("cmk", { ...base, storageEncrypted: true, kmsKeyId: AWS_KEY_ARN, performanceInsightsEnabled: true, performanceInsightsKmsKeyId: AWS_KEY_ARN }, { provider });
    new aws.rds.Instance("replica", { instanceClass: "db.r6g.large", replicateSourceDb: primary.arn, kmsKeyId: AWS_KEY_ARN, tags: dataLabels() }, { provider });
  },
});
