import * as gcp from "@pulumi/gcp";
import { gcpProvider, ruleTests } from "../../testing/rule-tests";
import { gcpFirewallLogging } from "./gcp-firewall-logging";

const base = { network: "projects/fixture-project/global/networks/net", direction: "INGRESS", denies: [{ protocol: "all" }], sourceRanges: ["0.0.0.0/0"] };

ruleTests(gcpFirewallLogging, {
  violating: () => {
    new gcp.compute.Firewall("unlogged", { ...base }, { provider: gcpProvider() });
  },
  violates: ["unlogged"],
  passing: () => {
    new gcp.compute.Firewall("logged", { ...base, logConfig: { metadata: "INCLUDE_ALL_METADATA" } }, { provider: gcpProvider() });
  },
});
