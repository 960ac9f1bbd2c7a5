import * as gcp from "@pulumi/gcp";
import { dataLabels, gcpProvider, GCP_KEY_NAME, ruleTests } from "../../testing/rule-tests";
import { bigtableCmek } from "./bigtable-cmek";

const instance = (name: string, kmsKeyName?: string, labels = dataLabels()) =>
  new gcp.bigtable.Instance(name, { labels, deletionProtection: true, clusters: [{ clusterId: `${name}-c1`, zone: "us-central1-b", numNodes: 1, kmsKeyName }] }, { provider: gcpProvider() });

ruleTests(bigtableCmek, {
  violating: () => {
    instance("google-managed");
  },
  violates: ["google-managed"],
  messages: ["has no kmsKeyName"],
  passing: () => {
    instance("cmek", GCP_KEY_NAME);
    instance("public-data", undefined, dataLabels({ "data-classification": "public" }));
  },
});
