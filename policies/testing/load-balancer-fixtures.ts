/** Ingress / Service / aws.lb fixtures shared by the load balancer rules' tests. */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import { awsProvider, baseLabels, k8sProvider } from "./rule-tests";

export const ALB = "alb.ingress.kubernetes.io/";
const rules = [{ host: "api.example.com", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "api", port: { number: 80 } } } }] } }];

/** A production ALB Ingress with these annotations (and the `alb` class unless told). */
export function albIngress(name: string, annotations: Record<string, string>, className = "alb", environment = "production"): k8s.networking.v1.Ingress {
  return new k8s.networking.v1.Ingress(name, { metadata: { labels: baseLabels(environment), annotations }, spec: { ingressClassName: className, rules } }, { provider: k8sProvider(`${name}-k8s`) });
}

/** An NLB Service (controller annotations) with these extra annotations. */
export function nlbService(name: string, annotations: Record<string, string>): k8s.core.v1.Service {
  return new k8s.core.v1.Service(
    name,
    {
      metadata: { labels: baseLabels(), annotations: { "service.beta.kubernetes.io/aws-load-balancer-type": "external", ...annotations } },
      spec: { type: "LoadBalancer", selector: { app: "lb" }, ports: [{ port: 443, targetPort: 443 }] },
    },
    { provider: k8sProvider(`${name}-k8s`) },
  );
}

/** An aws.lb.LoadBalancer (application, internet-facing unless told). */
export function loadBalancer(name: string, args: Partial<aws.lb.LoadBalancerArgs> = {}): aws.lb.LoadBalancer {
  return new aws.lb.LoadBalancer(name, { loadBalancerType: "application", subnets: ["subnet-1", "subnet-2"], tags: baseLabels(), ...args }, { provider: awsProvider() });
}

/** Every attribute the production rules ask of an ALB. */
export const GOOD_ATTRIBUTES = "routing.http.drop_invalid_header_fields.enabled=true,deletion_protection.enabled=true,access_logs.s3.enabled=true,access_logs.s3.bucket=elb-logs,access_logs.s3.prefix=api";
