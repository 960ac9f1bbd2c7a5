import * as gcp from "@pulumi/gcp";
import { dataLabels, gcpProvider, ruleTests } from "../../testing/rule-tests";
import { gcpNoPublicMembers } from "./gcp-no-public-members";

const SERVICE = "projects/fixture-project/locations/us-central1/services/api";

ruleTests(gcpNoPublicMembers, {
  violating: () => {
    const provider = gcpProvider();
    new gcp.cloudrunv2.ServiceIamMember("public-invoker", { name: SERVICE, location: "us-central1", role: "roles/run.invoker", member: "allUsers" }, { provider });
    new gcp.storage.BucketIAMBinding("public-bucket", { bucket: "b", role: "roles/storage.objectViewer", members: ["allAuthenticatedUsers", "group:team@example.com"] }, { provider });
    new gcp.bigquery.Dataset("public-dataset", { datasetId: "d", location: "US", labels: dataLabels(), accesses: [{ role: "READER", specialGroup: "allAuthenticatedUsers" }] }, { provider });
    new gcp.kms.CryptoKeyIAMPolicy("public-key-policy", { cryptoKeyId: "k", policyData: JSON.stringify({ bindings: [{ role: "roles/cloudkms.cryptoKeyDecrypter", members: ["allUsers"] }] }) }, { provider });
  },
  violates: ["public-invoker", "public-bucket", "public-dataset", "public-key-policy"],
  passing: () => {
    const provider = gcpProvider();
    new gcp.cloudrunv2.ServiceIamMember("lb-invoker", { name: SERVICE, location: "us-central1", role: "roles/run.invoker", member: "serviceAccount:lb@fixture-project.iam.gserviceaccount.com" }, { provider });
    new gcp.bigquery.Dataset("private-dataset", { datasetId: "d", location: "US", labels: dataLabels(), accesses: [{ role: "WRITER", userByEmail: "api@fixture-project.iam.gserviceaccount.com" }] }, { provider });
  },
});
