import * as gcp from "@pulumi/gcp";
import { dataLabels, gcpProvider, ruleTests } from "../../testing/rule-tests";
import { residencyGcp } from "./residency-gcp";

const gdpr = dataLabels({ jurisdiction: "gdpr", "data-classification": "pii" });

ruleTests(residencyGcp, {
  violating: () => {
    const provider = gcpProvider("europe-west1");
    new gcp.storage.Bucket("gdpr-in-us", { location: "US", labels: gdpr }, { provider });
    new gcp.storage.Bucket("gdpr-in-london-dual", { location: "EUR5", labels: gdpr }, { provider });
    new gcp.pubsub.Topic("gdpr-unbounded-topic", { labels: gdpr }, { provider });
    new gcp.secretmanager.Secret("gdpr-auto-secret", { secretId: "s", labels: gdpr, replication: { auto: {} } }, { provider });
    new gcp.bigtable.Instance("gdpr-us-cluster", { labels: gdpr, clusters: [{ clusterId: "eu", zone: "europe-west1-b", numNodes: 1 }, { clusterId: "us", zone: "us-central1-b", numNodes: 1 }] }, { provider });
    new gcp.bigquery.Dataset("pdpa-in-tokyo", { datasetId: "d", location: "asia-northeast1", labels: dataLabels({ jurisdiction: "pdpa" }) }, { provider });
    // `none` cannot remove Belgium's GDPR (stacks/jurisdictions.ts), so the Iowa cluster breaks it.
    const relabelled = dataLabels({ jurisdiction: "none", "data-classification": "pii" });
    new gcp.bigtable.Instance("relabelled-none-eu-us", { labels: relabelled, clusters: [{ clusterId: "eu", zone: "europe-west1-b", numNodes: 1 }, { clusterId: "us", zone: "us-central1-b", numNodes: 1 }] }, { provider });
  },
  violates: ["gdpr-in-us", "gdpr-in-london-dual", "gdpr-unbounded-topic", "gdpr-auto-secret", "gdpr-us-cluster", "pdpa-in-tokyo", "relabelled-none-eu-us"],
  passing: () => {
    const provider = gcpProvider("europe-west1");
    new gcp.storage.Bucket("gdpr-in-eu", { location: "EU", labels: gdpr }, { provider });
    new gcp.pubsub.Topic("gdpr-topic", { labels: gdpr, messageStoragePolicy: { allowedPersistenceRegions: ["europe-west1", "europe-west4"] } }, { provider });
    new gcp.secretmanager.Secret("gdpr-secret", { secretId: "s", labels: gdpr, replication: { userManaged: { replicas: [{ location: "europe-west1" }, { location: "europe-west3" }] } } }, { provider });
    new gcp.bigtable.Instance("gdpr-clusters", { labels: gdpr, clusters: [{ clusterId: "a", zone: "europe-west1-b", numNodes: 1 }, { clusterId: "b", zone: "europe-west4-a", numNodes: 1 }] }, { provider });
    new gcp.bigquery.Dataset("hipaa-us", { datasetId: "d", location: "US", labels: dataLabels() }, { provider });
    new gcp.storage.Bucket("no-regime", { location: "ASIA", labels: dataLabels({ jurisdiction: "none" }) }, { provider });
  },
});
