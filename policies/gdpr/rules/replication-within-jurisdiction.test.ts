import * as aws from "@pulumi/aws";
import { awsProvider, dataLabels, ruleTests } from "../../testing/rule-tests";
import { replicationWithinJurisdiction } from "./replication-within-jurisdiction";

const pii = (jurisdiction: string) => dataLabels({ jurisdiction, "data-classification": "pii" });
const primary = (name: string, region: string, jurisdiction: string) =>
  new aws.rds.Instance(name, { instanceClass: "db.r6g.large", engine: "postgres", tags: pii(jurisdiction) }, { provider: awsProvider(region) });
const replica = (name: string, source: aws.rds.Instance, region: string, jurisdiction: string) =>
  new aws.rds.Instance(name, { instanceClass: "db.r6g.large", replicateSourceDb: source.arn, tags: pii(jurisdiction) }, { provider: awsProvider(region) });
const redis = (name: string, region: string, jurisdiction: string, globalReplicationGroupId?: aws.elasticache.GlobalReplicationGroup) =>
  new aws.elasticache.ReplicationGroup(name, { replicationGroupId: name, description: name, numCacheClusters: 2, globalReplicationGroupId: globalReplicationGroupId?.globalReplicationGroupId, tags: pii(jurisdiction) }, { provider: awsProvider(region) });

ruleTests(replicationWithinJurisdiction, {
  violating: () => {
    const us = primary("us-primary", "us-east-1", "ccpa");
    replica("eu-replica-of-us", us, "eu-west-1", "gdpr");
    const euRedis = redis("eu-cache", "eu-west-1", "gdpr");
    const global = new aws.elasticache.GlobalReplicationGroup("global", { globalReplicationGroupIdSuffix: "g", primaryReplicationGroupId: euRedis.id }, { provider: awsProvider("eu-west-1") });
    redis("us-cache-member", "us-east-1", "ccpa", global);
    const src = new aws.s3.Bucket("eu-lake", { bucket: "eu-lake", tags: pii("gdpr") }, { provider: awsProvider("eu-west-1") });
    const dst = new aws.s3.Bucket("us-copy", { bucket: "us-copy", tags: pii("ccpa") }, { provider: awsProvider("us-east-1") });
    new aws.s3.BucketReplicationConfig("eu-to-us", { bucket: src.id, role: "arn:aws:iam::123456789012:role/repl", rules: [{ status: "Enabled", destination: { bucket: dst.arn } }] }, { provider: awsProvider("eu-west-1") });
    // Relabelled `none` on both ends: the regions' own jurisdictions (gdpr, ccpa) still apply.
    const relabelled = primary("relabelled-eu-primary", "eu-west-1", "none");
    replica("us-replica-of-relabelled-eu", relabelled, "us-east-1", "none");
  },
  violates: ["eu-replica-of-us", "us-cache-member", "eu-to-us", "us-replica-of-relabelled-eu"],
  passing: () => {
    const eu = primary("eu-primary", "eu-west-1", "gdpr");
    replica("eu-replica", eu, "eu-central-1", "gdpr");
    const us = primary("us-primary", "us-east-1", "ccpa");
    replica("us-replica", us, "us-west-2", "ccpa");
    const src = new aws.s3.Bucket("eu-lake", { bucket: "eu-lake", tags: pii("gdpr") }, { provider: awsProvider("eu-west-1") });
    const dst = new aws.s3.Bucket("eu-copy", { bucket: "eu-copy", tags: pii("gdpr") }, { provider: awsProvider("eu-central-1") });
    new aws.s3.BucketReplicationConfig("eu-to-eu", { bucket: src.id, role: "arn:aws:iam::123456789012:role/repl", rules: [{ status: "Enabled", destination: { bucket: dst.arn } }] }, { provider: awsProvider("eu-west-1") });
  },
});
