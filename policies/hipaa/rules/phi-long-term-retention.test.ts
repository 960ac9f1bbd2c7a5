import * as gcp from "@pulumi/gcp";
import { dataLabels, gcpProvider, ruleTests } from "../../testing/rule-tests";
import { phiLongTermRetention } from "./phi-long-term-retention";

const DAY_MS = 86_400_000;
const schema = JSON.stringify([{ name: "timestamp", type: "TIMESTAMP", mode: "REQUIRED" }]);

ruleTests(phiLongTermRetention, {
  config: { minLongTermRetentionDays: 2190 },
  violating: () => {
    const provider = gcpProvider();
    new gcp.bigquery.Dataset("ledger", { datasetId: "ledger", location: "US", labels: dataLabels() }, { provider });
    // The shape of the bug: a PHI audit table whose partitions expire after 30 days.
    new gcp.bigquery.Table("events-30d", { datasetId: "ledger", tableId: "events", schema, timePartitioning: { type: "DAY", field: "timestamp", expirationMs: 30 * DAY_MS }, labels: dataLabels() }, { provider });
    // Inherited: no expiration of its own, but the dataset's default partition expiration is a year.
    new gcp.bigquery.Dataset("short-default", { datasetId: "short_default", location: "US", defaultPartitionExpirationMs: 365 * DAY_MS, labels: dataLabels() }, { provider });
    new gcp.bigquery.Table("inherits-1y", { datasetId: "short_default", tableId: "events", schema, timePartitioning: { type: "DAY", field: "timestamp" }, labels: dataLabels() }, { provider });
  },
  violates: ["events-30d", "inherits-1y"],
  messages: ["expires rows after 30 days, below the long-term minimum of 2190"],
  passing: () => {
    const provider = gcpProvider();
    new gcp.bigquery.Dataset("ledger", { datasetId: "ledger", location: "US", labels: dataLabels() }, { provider });
    new gcp.bigquery.Table("events-6y", { datasetId: "ledger", tableId: "events", schema, timePartitioning: { type: "DAY", field: "timestamp", expirationMs: 2190 * DAY_MS }, labels: dataLabels() }, { provider });
    new gcp.bigquery.Table("events-forever", { datasetId: "ledger", tableId: "archive", schema, timePartitioning: { type: "DAY", field: "timestamp" }, labels: dataLabels() }, { provider });
    // Not PHI: a 30-day PII table is outside this rule.
    new gcp.bigquery.Table("pii-30d", { datasetId: "ledger", tableId: "contacts", schema, timePartitioning: { type: "DAY", field: "timestamp", expirationMs: 30 * DAY_MS }, labels: dataLabels({ "data-classification": "pii" }) }, { provider });
  },
});
