import * as k8s from "@pulumi/kubernetes";
import { baseLabels, hardenedContainer, k8sProvider, ruleTests } from "../../testing/rule-tests";
import { deployment } from "./k8s-workload-fixtures";
import { k8sDefaultDenyNetworkPolicy } from "./k8s-default-deny-network-policy";

const namespace = (name: string) => new k8s.core.v1.Namespace(name, { metadata: { name, labels: baseLabels() } }, { provider: k8sProvider() });
const policy = (name: string, namespace: string, spec: k8s.types.input.networking.v1.NetworkPolicySpec) =>
  new k8s.networking.v1.NetworkPolicy(name, { metadata: { namespace, labels: baseLabels() }, spec }, { provider: k8sProvider() });

ruleTests(k8sDefaultDenyNetworkPolicy, {
  violating: () => {
    namespace("open");
    namespace("ingress-only");
    policy("ingress-only-deny", "ingress-only", { podSelector: {}, policyTypes: ["Ingress"] });
    // A Deployment in a namespace the program does not create still needs the policy.
    deployment("app-in-app-namespace", hardenedContainer());
  },
  violates: ["open", "ingress-only", "app-in-app-namespace"],
  messages: ["no default-deny Ingress and Egress", "no default-deny Egress"],
  passing: () => {
    namespace("app");
    policy("default-deny", "app", { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    policy("allow-dns", "app", { podSelector: {}, policyTypes: ["Egress"], egress: [{ ports: [{ port: 53, protocol: "UDP" }] }] });
    deployment("api", hardenedContainer());
  },
});
