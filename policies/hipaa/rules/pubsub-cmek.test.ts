import * as gcp from "@pulumi/gcp";
import { dataLabels, gcpProvider, GCP_KEY_NAME, ruleTests } from "../../testing/rule-tests";
import { pubsubCmek } from "./pubsub-cmek";

ruleTests(pubsubCmek, {
  violating: () => {
    new gcp.pubsub.Topic("google-managed", { labels: dataLabels() }, { provider: gcpProvider() });
  },
  violates: ["google-managed"],
  passing: () => {
    const provider = gcpProvider();
    new gcp.pubsub.Topic("cmek", { labels: dataLabels(), kmsKeyName: GCP_KEY_NAME }, { provider });
    new gcp.pubsub.Topic("notifications", { labels: dataLabels({ "data-classification": "internal" }) }, { provider });
  },
});
