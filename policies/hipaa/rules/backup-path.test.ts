import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import { awsProvider, dataLabels, gcpProvider, ruleTests } from "../../testing/rule-tests";
import { backupPath } from "./backup-path";

ruleTests(backupPath, {
  violating: () => {
    const provider = gcpProvider();
    const instance = new gcp.bigtable.Instance("ledger", { name: "ledger", labels: dataLabels(), clusters: [{ clusterId: "c", zone: "us-central1-b", numNodes: 1 }] }, { provider });
    new gcp.bigtable.Table("events", { name: "events", instanceName: instance.name }, { provider });
    new gcp.firestore.Database("state", { name: "state", locationId: "us-central1", type: "FIRESTORE_NATIVE" }, { provider });
    new gcp.storage.Bucket("unversioned", { location: "US", labels: dataLabels() }, { provider });
    new aws.s3.Bucket("s3-unversioned", { bucket: "s3-unversioned", tags: dataLabels({ "data-classification": "pii" }) }, { provider: awsProvider() });
  },
  violates: ["ledger", "state", "unversioned", "s3-unversioned"],
  passing: () => {
    const provider = gcpProvider();
    const instance = new gcp.bigtable.Instance("ledger", { name: "ledger", labels: dataLabels(), clusters: [{ clusterId: "c", zone: "us-central1-b", numNodes: 1 }] }, { provider });
    new gcp.bigtable.Table("events", { name: "events", instanceName: instance.name, automatedBackupPolicy: { retentionPeriod: "604800s", frequency: "86400s" } }, { provider });
    const db = new gcp.firestore.Database("state", { name: "state", locationId: "us-central1", type: "FIRESTORE_NATIVE" }, { provider });
    new gcp.firestore.BackupSchedule("state-daily", { database: db.name, retention: "604800s", dailyRecurrence: {} }, { provider });
    new gcp.storage.Bucket("versioned", { location: "US", labels: dataLabels(), versioning: { enabled: true } }, { provider });
    const s3 = new aws.s3.Bucket("s3-versioned", { bucket: "s3-versioned", tags: dataLabels({ "data-classification": "pii" }) }, { provider: awsProvider() });
    new aws.s3.BucketVersioning("s3-versioning", { bucket: s3.id, versioningConfiguration: { status: "Enabled" } }, { provider: awsProvider() });
    new aws.rds.Instance("db", { instanceClass: "db.r6g.large", engine: "postgres", backupRetentionPeriod: 30, tags: dataLabels() }, { provider: awsProvider() });
  },
});
