import * as gcp from "@pulumi/gcp";
import { dataLabels, gcpProvider, ruleTests } from "../../testing/rule-tests";
import { bigtableDeletionProtection } from "./bigtable-deletion-protection";

const instance = (name: string, deletionProtection: boolean | undefined, environment = "production") =>
  new gcp.bigtable.Instance(name, { name, deletionProtection, labels: dataLabels({ environment }), clusters: [{ clusterId: `${name}-c`, zone: "us-central1-b", numNodes: 3 }] }, { provider: gcpProvider() });

ruleTests(bigtableDeletionProtection, {
  violating: () => {
    instance("unprotected", false);
    const implicit = instance("implicit", undefined);
    new gcp.bigtable.Table("table-unprotected", { name: "events", instanceName: implicit.name, deletionProtection: "UNPROTECTED" }, { provider: gcpProvider() });
  },
  violates: ["unprotected", "implicit", "table-unprotected"],
  stack: "production",
  passing: () => {
    const protectedInstance = instance("protected", true);
    new gcp.bigtable.Table("table-protected", { name: "events", instanceName: protectedInstance.name, deletionProtection: "PROTECTED" }, { provider: gcpProvider() });
    instance("staging", false, "staging");
  },
});
