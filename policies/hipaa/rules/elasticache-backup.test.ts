import * as aws from "@pulumi/aws";
import { awsProvider, dataLabels, ruleTests } from "../../testing/rule-tests";
import { elasticacheBackup } from "./elasticache-backup";

const base = { description: "cache", engine: "redis", nodeType: "cache.r6g.large", numCacheClusters: 2, tags: dataLabels({ "data-classification": "pii" }) };

ruleTests(elasticacheBackup, {
  violating: () => {
    new aws.elasticache.ReplicationGroup("no-snapshots", { ...base, snapshotRetentionLimit: 0 }, { provider: awsProvider() });
  },
  violates: ["no-snapshots"],
  passing: () => {
    const provider = awsProvider();
    new aws.elasticache.ReplicationGroup("weekly", { ...base, snapshotRetentionLimit: 7 }, { provider });
    new aws.elasticache.ReplicationGroup("secondary", { description: "member", globalReplicationGroupId: "ldgnf-primary", numCacheClusters: 2, tags: dataLabels() }, { provider });
  },
});
