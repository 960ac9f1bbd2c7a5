import * as gcp from "@pulumi/gcp";
import { gcpProvider, ruleTests } from "../../testing/rule-tests";
import { gcpSubnetFlowLogs } from "./gcp-subnet-flow-logs";

const NETWORK = "projects/fixture-project/global/networks/vpc";

ruleTests(gcpSubnetFlowLogs, {
  violating: () => {
    new gcp.compute.Subnetwork("unlogged", { network: NETWORK, ipCidrRange: "10.0.0.0/24", region: "us-central1" }, { provider: gcpProvider() });
  },
  violates: ["unlogged"],
  passing: () => {
    const provider = gcpProvider();
    new gcp.compute.Subnetwork("logged", { network: NETWORK, ipCidrRange: "10.0.0.0/24", region: "us-central1", logConfig: { aggregationInterval: "INTERVAL_5_SEC", flowSampling: 0.5, metadata: "INCLUDE_ALL_METADATA" } }, { provider });
    new gcp.compute.Subnetwork("proxy-only", { network: NETWORK, ipCidrRange: "10.1.0.0/24", region: "us-central1", purpose: "REGIONAL_MANAGED_PROXY", role: "ACTIVE" }, { provider });
  },
});
