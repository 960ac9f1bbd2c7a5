import * as aws from "@pulumi/aws";
import { AWS_KEY_ARN, awsProvider, dataLabels, ruleTests } from "../../testing/rule-tests";
import { secretsRotation } from "./secrets-rotation";

const LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:rotation";
const secret = (name: string) => new aws.secretsmanager.Secret(name, { description: name, kmsKeyId: AWS_KEY_ARN, recoveryWindowInDays: 30, tags: dataLabels() }, { provider: awsProvider() });
const rotation = (name: string, target: aws.secretsmanager.Secret, days: number) =>
  new aws.secretsmanager.SecretRotation(name, { secretId: target.id, rotationLambdaArn: LAMBDA, rotationRules: { automaticallyAfterDays: days } }, { provider: awsProvider() });

ruleTests(secretsRotation, {
  violating: () => {
    secret("never-rotated");
    rotation("yearly", secret("rotated-yearly"), 365);
  },
  violates: ["never-rotated", "yearly"],
  messages: ["has no automatic rotation", "more than the maximum of 90"],
  passing: () => {
    rotation("monthly", secret("rotated-monthly"), 30);
  },
});
