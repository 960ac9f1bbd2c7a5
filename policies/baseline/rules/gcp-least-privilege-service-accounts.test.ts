import * as gcp from "@pulumi/gcp";
import { gcpProvider, ruleTests } from "../../testing/rule-tests";
import { gcpLeastPrivilegeServiceAccounts } from "./gcp-least-privilege-service-accounts";

const SA = "serviceAccount:fn@fixture-project.iam.gserviceaccount.com";

ruleTests(gcpLeastPrivilegeServiceAccounts, {
  violating: () => {
    const provider = gcpProvider();
    new gcp.projects.IAMMember("project-storage-admin", { project: "fixture-project", role: "roles/storage.admin", member: SA }, { provider });
    new gcp.projects.IAMMember("project-token-creator", { project: "fixture-project", role: "roles/iam.serviceAccountTokenCreator", member: SA }, { provider });
    new gcp.serviceaccount.Key("exported-key", { serviceAccountId: "projects/fixture-project/serviceAccounts/fn@fixture-project.iam.gserviceaccount.com" }, { provider });
  },
  violates: ["project-storage-admin", "project-token-creator", "exported-key"],
  passing: () => {
    const provider = gcpProvider();
    new gcp.projects.IAMMember("project-log-writer", { project: "fixture-project", role: "roles/logging.logWriter", member: SA }, { provider });
    // An admin role on one bucket is resource-scoped, not project-wide.
    new gcp.storage.BucketIAMMember("bucket-admin", { bucket: "b", role: "roles/storage.admin", member: SA }, { provider });
  },
});
