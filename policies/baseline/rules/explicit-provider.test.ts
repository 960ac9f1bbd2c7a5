import * as gcp from "@pulumi/gcp";
import { dataLabels, gcpProvider, ruleTests } from "../../testing/rule-tests";
import { explicitProvider } from "./explicit-provider";

ruleTests(explicitProvider, {
  violating: () => {
    // No provider option: the default provider would come from ambient config.
    new gcp.storage.Bucket("ambient", { location: "US", labels: dataLabels() });
  },
  violates: ["ambient"],
  messages: ["has no explicit provider"],
  passing: () => {
    new gcp.storage.Bucket("explicit", { location: "US", labels: dataLabels() }, { provider: gcpProvider() });
  },
});
