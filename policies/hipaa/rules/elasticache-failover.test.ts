import * as aws from "@pulumi/aws";
import { awsProvider, dataLabels, ruleTests } from "../../testing/rule-tests";
import { elasticacheFailover } from "./elasticache-failover";

const base = { description: "cache", engine: "redis", nodeType: "cache.r6g.large", numCacheClusters: 2, tags: dataLabels() };

ruleTests(elasticacheFailover, {
  violating: () => {
    new aws.elasticache.ReplicationGroup("single", { ...base, automaticFailoverEnabled: false }, { provider: awsProvider() });
  },
  violates: ["single"],
  passing: () => {
    new aws.elasticache.ReplicationGroup("ha", { ...base, automaticFailoverEnabled: true, multiAzEnabled: true }, { provider: awsProvider() });
  },
});
