import * as aws from "@pulumi/aws";
import { AWS_KEY_ARN, awsProvider, dataLabels, ruleTests } from "../../testing/rule-tests";
import { elasticacheEncryptionAtRest } from "./elasticache-encryption-at-rest";

const base = { description: "cache", engine: "redis", nodeType: "cache.r6g.large", numCacheClusters: 2, tags: dataLabels({ "data-classification": "pii" }) };

ruleTests(elasticacheEncryptionAtRest, {
  violating: () => {
    new aws.elasticache.ReplicationGroup("plain", { ...base }, { provider: awsProvider() });
  },
  violates: ["plain"],
  passing: () => {
    new aws.elasticache.ReplicationGroup("cmk", { ...base, atRestEncryptionEnabled: true, kmsKeyId: AWS_KEY_ARN }, { provider: awsProvider() });
  },
});
