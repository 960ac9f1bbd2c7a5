import * as k8s from "@pulumi/kubernetes";
import { baseLabels, k8sProvider, ruleTests } from "../../testing/rule-tests";
import { k8sIngressTls } from "./k8s-ingress-tls";

const rules = [{ host: "api.example.com", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "api", port: { number: 80 } } } }] } }];
const ingress = (name: string, spec: k8s.types.input.networking.v1.IngressSpec, annotations: Record<string, string> = {}) =>
  new k8s.networking.v1.Ingress(name, { metadata: { namespace: "app", labels: baseLabels(), annotations }, spec }, { provider: k8sProvider() });

ruleTests(k8sIngressTls, {
  violating: () => {
    ingress("plain-http", { ingressClassName: "nginx", rules });
  },
  violates: ["plain-http"],
  passing: () => {
    ingress("tls", { ingressClassName: "nginx", rules, tls: [{ hosts: ["api.example.com"], secretName: "api-tls" }] });
    ingress("alb-cert", { ingressClassName: "alb", rules }, { "alb.ingress.kubernetes.io/certificate-arn": "arn:aws:acm:us-east-1:123456789012:certificate/abc" });
  },
});
