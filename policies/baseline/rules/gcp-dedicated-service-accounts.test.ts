import * as gcp from "@pulumi/gcp";
import { baseLabels, gcpProvider, ruleTests } from "../../testing/rule-tests";
import { gcpDedicatedServiceAccounts } from "./gcp-dedicated-service-accounts";

const run = (name: string, serviceAccount?: string) =>
  new gcp.cloudrunv2.Service(name, { location: "us-central1", labels: baseLabels(), template: { serviceAccount, containers: [{ image: "gcr.io/x/api:1" }] } }, { provider: gcpProvider() });
const fn = (name: string, serviceAccountEmail: string) =>
  new gcp.cloudfunctionsv2.Function(name, { location: "us-central1", labels: baseLabels(), buildConfig: { runtime: "nodejs22", entryPoint: "handler" }, serviceConfig: { serviceAccountEmail } }, { provider: gcpProvider() });

ruleTests(gcpDedicatedServiceAccounts, {
  violating: () => {
    run("ambient-identity");
    fn("default-compute", "123456789012-compute@developer.gserviceaccount.com");
  },
  violates: ["ambient-identity", "default-compute"],
  passing: () => {
    run("dedicated-run", "api@fixture-project.iam.gserviceaccount.com");
    fn("dedicated-fn", "processor@fixture-project.iam.gserviceaccount.com");
  },
});
