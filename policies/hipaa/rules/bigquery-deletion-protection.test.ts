import * as gcp from "@pulumi/gcp";
import { dataLabels, gcpProvider, GCP_KEY_NAME, ruleTests } from "../../testing/rule-tests";
import { bigqueryDeletionProtection } from "./bigquery-deletion-protection";

const dataset = (name: string, deleteContentsOnDestroy: boolean) =>
  new gcp.bigquery.Dataset(name, { datasetId: name.replace(/-/g, "_"), location: "US", deleteContentsOnDestroy, labels: dataLabels(), defaultEncryptionConfiguration: { kmsKeyName: GCP_KEY_NAME } }, { provider: gcpProvider() });

ruleTests(bigqueryDeletionProtection, {
  violating: () => {
    const ds = dataset("wipes-contents", true);
    new gcp.bigquery.Table("unprotected-table", { datasetId: ds.datasetId, tableId: "events", deletionProtection: false, labels: dataLabels() }, { provider: gcpProvider() });
  },
  violates: ["wipes-contents", "unprotected-table"],
  passing: () => {
    const ds = dataset("keeps-contents", false);
    new gcp.bigquery.Table("protected-table", { datasetId: ds.datasetId, tableId: "events", deletionProtection: true, labels: dataLabels() }, { provider: gcpProvider() });
  },
});
