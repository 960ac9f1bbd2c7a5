import * as gcp from "@pulumi/gcp";
import { dataLabels, gcpProvider, ruleTests } from "../../testing/rule-tests";
import { phiRetentionCoversBackups } from "./phi-retention-covers-backups";

const DAY_MS = 86_400_000;
const schema = JSON.stringify([{ name: "timestamp", type: "TIMESTAMP", mode: "REQUIRED" }]);
const snapshotQuery = (table: string, days: number) =>
  `DECLARE s STRING DEFAULT 'x';\nEXECUTE IMMEDIATE CONCAT('CREATE SNAPSHOT TABLE IF NOT EXISTS ', s, ' CLONE \`fixture-project.ledger.${table}\`', ' OPTIONS (expiration_timestamp = TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL ${days} DAY))');`;

function ledger(partitionDays: number, snapshotDays: number, gcHours: string, backupRetention: string): void {
  const provider = gcpProvider();
  new gcp.bigquery.Dataset("ledger", { project: "fixture-project", datasetId: "ledger", location: "US", labels: dataLabels() }, { provider });
  new gcp.bigquery.Table("events", { project: "fixture-project", datasetId: "ledger", tableId: "events", schema, timePartitioning: { type: "DAY", field: "timestamp", expirationMs: partitionDays * DAY_MS }, labels: dataLabels() }, { provider });
  new gcp.bigquery.DataTransferConfig("snapshots", { project: "fixture-project", displayName: "snapshots", location: "US", dataSourceId: "scheduled_query", schedule: "every 24 hours", params: { query: snapshotQuery("events", snapshotDays) } }, { provider });
  const instance = new gcp.bigtable.Instance("hot", { name: "hot", labels: dataLabels(), clusters: [{ clusterId: "c1", zone: "us-central1-b", numNodes: 1 }] }, { provider });
  const table = new gcp.bigtable.Table("hot-events", { name: "events", instanceName: instance.name, columnFamilies: [{ family: "e" }], automatedBackupPolicy: { frequency: "24h0m0s", retentionPeriod: backupRetention } }, { provider });
  new gcp.bigtable.GCPolicy("hot-events-gc", { instanceName: instance.name, table: table.name, columnFamily: "e", maxAge: { duration: gcHours } }, { provider });
}

ruleTests(phiRetentionCoversBackups, {
  // The production plan before the fix: 30-day partitions and GC, 365-day snapshots, 90-day Bigtable backups.
  violating: () => ledger(30, 365, "720h", "2160h0m0s"),
  violates: ["events", "hot-events"],
  messages: ["keeps rows 30 days but its snapshots are kept 365 days", "drops cells after 30 days but its automated backups are kept 90 days"],
  passing: () => ledger(2190, 365, `${2190 * 24}h`, "2160h0m0s"),
});
