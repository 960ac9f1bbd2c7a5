import * as aws from "@pulumi/aws";
import { awsProvider, dataLabels, ruleTests } from "../../testing/rule-tests";
import { elasticacheBackup } from "./elasticache-backup";

const base = { description: "cache", engine: "redis", nodeType: "cache.r6g.large", numCacheClusters: 2, tags: dataLabels({ "data-classification": "pii" }) };

ruleTests(elasticacheBackup, {
  violating: () => {
    const provider = awsProvider();
    new aws.elasticache.ReplicationGroup("no-snapshots", { ...base, snapshotRetentionLimit: 0 }, { provider });
    new aws.elasticache.ReplicationGroup("weekly", { ...base, snapshotRetentionLimit: 7 }, { provider });
  },
  violates: ["no-snapshots", "weekly"],
  // The production minimum (cdk-nag ElastiCacheRedisClusterBackup asks 15 days).
  config: { minSnapshotRetentionDays: 15 },
  messages: ["no automatic snapshots", "snapshotRetentionLimit 7 is below the minimum of 15 days"],
  passing: () => {
    const provider = awsProvider();
    new aws.elasticache.ReplicationGroup("fortnightly", { ...base, snapshotRetentionLimit: 15 }, { provider });
    new aws.elasticache.ReplicationGroup("secondary", { description: "member", globalReplicationGroupId: "ldgnf-primary", numCacheClusters: 2, tags: dataLabels() }, { provider });
  },
});
