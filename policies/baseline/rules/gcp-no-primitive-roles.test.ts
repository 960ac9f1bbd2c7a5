import * as gcp from "@pulumi/gcp";
import { gcpProvider, ruleTests } from "../../testing/rule-tests";
import { gcpNoPrimitiveRoles } from "./gcp-no-primitive-roles";

ruleTests(gcpNoPrimitiveRoles, {
  violating: () => {
    const provider = gcpProvider();
    new gcp.projects.IAMMember("editor", { project: "fixture-project", role: "roles/editor", member: "serviceAccount:fn@fixture-project.iam.gserviceaccount.com" }, { provider });
    new gcp.storage.BucketIAMBinding("viewers", { bucket: "b", role: "roles/viewer", members: ["group:team@example.com"] }, { provider });
  },
  violates: ["editor", "viewers"],
  passing: () => {
    new gcp.projects.IAMMember("log-writer", { project: "fixture-project", role: "roles/logging.logWriter", member: "serviceAccount:fn@fixture-project.iam.gserviceaccount.com" }, { provider: gcpProvider() });
  },
});
