import * as aws from "@pulumi/aws";
import { awsProvider, dataLabels, ruleTests } from "../../testing/rule-tests";
import { elasticacheTransitEncryption } from "./elasticache-transit-encryption";

const base = { description: "cache", engine: "redis", nodeType: "cache.r6g.large", numCacheClusters: 2, tags: dataLabels() };

ruleTests(elasticacheTransitEncryption, {
  violating: () => {
    const provider = awsProvider();
    new aws.elasticache.ReplicationGroup("plaintext", { ...base }, { provider });
    new aws.elasticache.ReplicationGroup("preferred", { ...base, transitEncryptionEnabled: true, transitEncryptionMode: "preferred" }, { provider });
  },
  violates: ["plaintext", "preferred"],
  passing: () => {
    const provider = awsProvider();
    new aws.elasticache.ReplicationGroup("tls", { ...base, transitEncryptionEnabled: true }, { provider });
    // A global datastore secondary inherits transit encryption from its primary.
    new aws.elasticache.ReplicationGroup("secondary", { description: "member", globalReplicationGroupId: "ldgnf-primary", numCacheClusters: 2, tags: dataLabels() }, { provider });
  },
});
