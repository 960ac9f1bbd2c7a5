import * as gcp from "@pulumi/gcp";
import { dataLabels, gcpProvider, GCP_KEY_NAME, ruleTests } from "../../testing/rule-tests";
import { storageCmek } from "./storage-cmek";

ruleTests(storageCmek, {
  violating: () => {
    const provider = gcpProvider();
    new gcp.storage.Bucket("google-managed", { location: "US", labels: dataLabels() }, { provider });
    new gcp.storage.Bucket("unclassified", { location: "US", labels: {} }, { provider });
  },
  violates: ["google-managed", "unclassified"],
  passing: () => {
    const provider = gcpProvider();
    new gcp.storage.Bucket("cmek", { location: "US", labels: dataLabels(), encryption: { defaultKmsKeyName: GCP_KEY_NAME } }, { provider });
    new gcp.storage.Bucket("public-assets", { location: "US", labels: dataLabels({ "data-classification": "public" }) }, { provider });
  },
});
