import * as gcp from "@pulumi/gcp";
import { baseLabels, gcpProvider, GCP_KEY_NAME, ruleTests } from "../../testing/rule-tests";
import { secretManagerCmek } from "./secretmanager-cmek";

ruleTests(secretManagerCmek, {
  violating: () => {
    const provider = gcpProvider();
    new gcp.secretmanager.Secret("auto-google-managed", { secretId: "a", labels: baseLabels(), replication: { auto: {} } }, { provider });
    new gcp.secretmanager.Secret("replica-google-managed", { secretId: "b", labels: baseLabels(), replication: { userManaged: { replicas: [{ location: "us-central1" }] } } }, { provider });
  },
  violates: ["auto-google-managed", "replica-google-managed"],
  passing: () => {
    const provider = gcpProvider();
    new gcp.secretmanager.Secret("cmek", { secretId: "c", labels: baseLabels(), replication: { userManaged: { replicas: [{ location: "us-central1", customerManagedEncryption: { kmsKeyName: GCP_KEY_NAME } }] } } }, { provider });
  },
});
