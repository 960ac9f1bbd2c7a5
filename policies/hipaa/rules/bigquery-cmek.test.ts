import * as gcp from "@pulumi/gcp";
import { dataLabels, gcpProvider, GCP_KEY_NAME, ruleTests } from "../../testing/rule-tests";
import { bigqueryCmek } from "./bigquery-cmek";

ruleTests(bigqueryCmek, {
  violating: () => {
    new gcp.bigquery.Dataset("google-managed", { datasetId: "plain", location: "US", labels: dataLabels() }, { provider: gcpProvider() });
  },
  violates: ["google-managed"],
  passing: () => {
    const provider = gcpProvider();
    const ds = new gcp.bigquery.Dataset("cmek", { datasetId: "cmek", location: "US", labels: dataLabels(), defaultEncryptionConfiguration: { kmsKeyName: GCP_KEY_NAME } }, { provider });
    new gcp.bigquery.Table("inherits", { datasetId: ds.datasetId, tableId: "events", labels: dataLabels(), deletionProtection: true }, { provider });
  },
});
