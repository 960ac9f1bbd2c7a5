import * as aws from "@pulumi/aws";
import { AWS_KEY_ARN, awsProvider, baseLabels, ruleTests } from "../../testing/rule-tests";
import { eksSecretsEncryption } from "./eks-secrets-encryption";

const base = { roleArn: "arn:aws:iam::123456789012:role/eks", vpcConfig: { subnetIds: ["subnet-1", "subnet-2"] }, tags: baseLabels() };

ruleTests(eksSecretsEncryption, {
  violating: () => {
    const provider = awsProvider();
    new aws.eks.Cluster("no-envelope", { ...base }, { provider });
    new aws.eks.Cluster("wrong-resources", { ...base, encryptionConfig: { resources: ["configmaps"], provider: { keyArn: AWS_KEY_ARN } } }, { provider });
  },
  violates: ["no-envelope", "wrong-resources"],
  passing: () => {
    new aws.eks.Cluster("envelope", { ...base, encryptionConfig: { resources: ["secrets"], provider: { keyArn: AWS_KEY_ARN } } }, { provider: awsProvider() });
  },
});
