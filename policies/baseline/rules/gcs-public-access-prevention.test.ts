import * as gcp from "@pulumi/gcp";
import { dataLabels, gcpProvider, ruleTests } from "../../testing/rule-tests";
import { gcsPublicAccessPrevention } from "./gcs-public-access-prevention";

ruleTests(gcsPublicAccessPrevention, {
  violating: () => {
    new gcp.storage.Bucket("inherited", { location: "US", labels: dataLabels() }, { provider: gcpProvider() });
  },
  violates: ["inherited"],
  passing: () => {
    new gcp.storage.Bucket("enforced", { location: "US", labels: dataLabels(), publicAccessPrevention: "enforced", uniformBucketLevelAccess: true }, { provider: gcpProvider() });
  },
});
