import * as gcp from "@pulumi/gcp";
import { baseLabels, dataLabels, gcpProvider, ruleTests } from "../../testing/rule-tests";
import { datastoreComplianceLabels } from "./datastore-compliance-labels";

ruleTests(datastoreComplianceLabels, {
  violating: () => {
    const provider = gcpProvider();
    new gcp.storage.Bucket("unclassified", { location: "US", labels: baseLabels() }, { provider });
    new gcp.storage.Bucket("invalid-values", { location: "US", labels: dataLabels({ "data-classification": "secret", jurisdiction: "eu" }) }, { provider });
  },
  violates: ["unclassified", "invalid-values"],
  messages: ["no data-classification label", "no jurisdiction label", "secret is not one of"],
  passing: () => {
    new gcp.storage.Bucket("classified", { location: "US", labels: dataLabels() }, { provider: gcpProvider() });
  },
});
