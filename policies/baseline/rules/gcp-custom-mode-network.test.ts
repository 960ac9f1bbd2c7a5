import * as gcp from "@pulumi/gcp";
import { gcpProvider, ruleTests } from "../../testing/rule-tests";
import { gcpCustomModeNetwork } from "./gcp-custom-mode-network";

ruleTests(gcpCustomModeNetwork, {
  violating: () => {
    new gcp.compute.Network("auto-mode", {}, { provider: gcpProvider() });
  },
  violates: ["auto-mode"],
  passing: () => {
    new gcp.compute.Network("custom-mode", { autoCreateSubnetworks: false }, { provider: gcpProvider() });
  },
});
