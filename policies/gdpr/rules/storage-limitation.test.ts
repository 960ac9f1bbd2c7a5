import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import { awsProvider, dataLabels, gcpProvider, ruleTests } from "../../testing/rule-tests";
import { storageLimitation } from "./storage-limitation";

const DAY_MS = 86_400_000;

ruleTests(storageLimitation, {
  violating: () => {
    const provider = gcpProvider();
    const ds = new gcp.bigquery.Dataset("ds", { datasetId: "ds", location: "US", labels: dataLabels() }, { provider });
    new gcp.bigquery.Table("forever-table", { datasetId: ds.datasetId, tableId: "events", labels: dataLabels() }, { provider });
    new gcp.bigquery.Dataset("empty-forever", { datasetId: "empty", location: "US", labels: dataLabels() }, { provider });
    const instance = new gcp.bigtable.Instance("ledger", { name: "ledger", labels: dataLabels(), clusters: [{ clusterId: "c", zone: "us-central1-b", numNodes: 1 }] }, { provider });
    new gcp.bigtable.Table("no-gc", { name: "events", instanceName: instance.name }, { provider });
    new gcp.storage.Bucket("keeps-everything", { location: "US", labels: dataLabels() }, { provider });
    new aws.s3.Bucket("s3-forever", { bucket: "s3-forever", tags: dataLabels({ "data-classification": "pii" }) }, { provider: awsProvider() });
  },
  violates: ["forever-table", "empty-forever", "no-gc", "keeps-everything", "s3-forever"],
  passing: () => {
    const provider = gcpProvider();
    const ds = new gcp.bigquery.Dataset("ds", { datasetId: "ds", location: "US", labels: dataLabels() }, { provider });
    new gcp.bigquery.Table("partitioned", { datasetId: ds.datasetId, tableId: "events", labels: dataLabels(), timePartitioning: { type: "DAY", field: "timestamp", expirationMs: 30 * DAY_MS } }, { provider });
    new gcp.bigquery.Dataset("defaulted", { datasetId: "defaulted", location: "US", labels: dataLabels(), defaultPartitionExpirationMs: 30 * DAY_MS }, { provider });
    const instance = new gcp.bigtable.Instance("ledger", { name: "ledger", labels: dataLabels(), clusters: [{ clusterId: "c", zone: "us-central1-b", numNodes: 1 }] }, { provider });
    const table = new gcp.bigtable.Table("aged", { name: "events", instanceName: instance.name, columnFamilies: [{ family: "e" }] }, { provider });
    new gcp.bigtable.GCPolicy("aged-gc", { instanceName: instance.name, table: table.name, columnFamily: "e", maxAge: { duration: "720h" } }, { provider });
    new gcp.storage.Bucket("expiring", { location: "US", labels: dataLabels(), lifecycleRules: [{ action: { type: "Delete" }, condition: { age: 30 } }] }, { provider });
    new gcp.storage.Bucket("internal-forever", { location: "US", labels: dataLabels({ "data-classification": "internal" }) }, { provider });
    const s3 = new aws.s3.Bucket("s3-expiring", { bucket: "s3-expiring", tags: dataLabels({ "data-classification": "pii" }) }, { provider: awsProvider() });
    new aws.s3.BucketLifecycleConfiguration("s3-lifecycle", { bucket: s3.id, rules: [{ id: "expire", status: "Enabled", expiration: { days: 90 } }] }, { provider: awsProvider() });
  },
});
