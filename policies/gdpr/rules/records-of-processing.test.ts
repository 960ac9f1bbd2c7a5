import * as gcp from "@pulumi/gcp";
import { dataLabels, gcpProvider, ruleTests } from "../../testing/rule-tests";
import { recordsOfProcessing } from "./records-of-processing";

const { owner: _owner, purpose: _purpose, ...unrecorded } = dataLabels({ "data-classification": "pii" });

ruleTests(recordsOfProcessing, {
  violating: () => {
    new gcp.storage.Bucket("unrecorded", { location: "US", labels: unrecorded }, { provider: gcpProvider() });
  },
  violates: ["unrecorded"],
  messages: ["owner and purpose"],
  passing: () => {
    const provider = gcpProvider();
    new gcp.storage.Bucket("recorded", { location: "US", labels: dataLabels({ "data-classification": "pii" }) }, { provider });
    new gcp.storage.Bucket("internal", { location: "US", labels: { ...unrecorded, "data-classification": "internal" } }, { provider });
  },
});
