import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import { awsProvider, baseLabels, k8sProvider, ruleTests } from "../../testing/rule-tests";
import { albTlsPolicy } from "./alb-tls-policy";

const A = "alb.ingress.kubernetes.io/";
const rules = [{ host: "api.example.com", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "api", port: { number: 80 } } } }] } }];
const ingress = (name: string, annotations: Record<string, string>, className = "alb") =>
  new k8s.networking.v1.Ingress(name, { metadata: { labels: baseLabels(), annotations }, spec: { ingressClassName: className, rules } }, { provider: k8sProvider() });
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/abc";

ruleTests(albTlsPolicy, {
  violating: () => {
    ingress("default-policy", { [`${A}certificate-arn`]: CERT });
    ingress("tls10-policy", { [`${A}certificate-arn`]: CERT, [`${A}ssl-policy`]: "ELBSecurityPolicy-2016-08" });
    ingress("http-no-redirect", { [`${A}certificate-arn`]: CERT, [`${A}ssl-policy`]: "ELBSecurityPolicy-TLS13-1-2-2021-06", [`${A}listen-ports`]: '[{"HTTP":80},{"HTTPS":443}]' });
    new aws.lb.Listener("plain-http", { loadBalancerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/1", port: 80, protocol: "HTTP", defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }], tags: baseLabels() }, { provider: awsProvider() });
  },
  violates: ["default-policy", "tls10-policy", "http-no-redirect", "plain-http"],
  passing: () => {
    ingress("tls13", { [`${A}certificate-arn`]: CERT, [`${A}ssl-policy`]: "ELBSecurityPolicy-TLS13-1-2-2021-06", [`${A}listen-ports`]: '[{"HTTP":80},{"HTTPS":443}]', [`${A}ssl-redirect`]: "443" });
    ingress("nginx-class", {}, "nginx");
    const provider = awsProvider();
    const lb = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/1";
    new aws.lb.Listener("https", { loadBalancerArn: lb, port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", certificateArn: CERT, defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }], tags: baseLabels() }, { provider });
    new aws.lb.Listener("redirect", { loadBalancerArn: lb, port: 80, protocol: "HTTP", defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }], tags: baseLabels() }, { provider });
  },
});
