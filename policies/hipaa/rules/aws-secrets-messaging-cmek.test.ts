import * as aws from "@pulumi/aws";
import { AWS_KEY_ARN, awsProvider, baseLabels, dataLabels, ruleTests } from "../../testing/rule-tests";
import { awsSecretsMessagingCmek } from "./aws-secrets-messaging-cmek";

ruleTests(awsSecretsMessagingCmek, {
  violating: () => {
    const provider = awsProvider();
    new aws.secretsmanager.Secret("aws-managed-secret", { tags: baseLabels() }, { provider });
    new aws.sqs.Queue("subject-requests", { sqsManagedSseEnabled: true, tags: dataLabels({ "data-classification": "pii" }) }, { provider });
  },
  violates: ["aws-managed-secret", "subject-requests"],
  passing: () => {
    const provider = awsProvider();
    new aws.secretsmanager.Secret("cmk-secret", { kmsKeyId: AWS_KEY_ARN, tags: baseLabels() }, { provider });
    new aws.sqs.Queue("cmk-queue", { kmsMasterKeyId: AWS_KEY_ARN, tags: dataLabels({ "data-classification": "pii" }) }, { provider });
    new aws.sns.Topic("alerts", { tags: dataLabels({ "data-classification": "internal" }) }, { provider });
  },
});
