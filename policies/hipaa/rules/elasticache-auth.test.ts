import * as aws from "@pulumi/aws";
import { awsProvider, dataLabels, ruleTests } from "../../testing/rule-tests";
import { elasticacheAuth } from "./elasticache-auth";

const base = { description: "cache", engine: "redis", nodeType: "cache.r6g.large", numCacheClusters: 2, transitEncryptionEnabled: true, tags: dataLabels() };

ruleTests(elasticacheAuth, {
  violating: () => {
    new aws.elasticache.ReplicationGroup("open", { ...base }, { provider: awsProvider() });
  },
  violates: ["open"],
  passing: () => {
    const provider = awsProvider();
    new aws.elasticache.ReplicationGroup("token", { ...base, authToken: "0123456789abcdef0123456789abcdef" }, { provider });
    new aws.elasticache.ReplicationGroup("rbac", { ...base, userGroupIds: ["app-users"] }, { provider });
  },
});
