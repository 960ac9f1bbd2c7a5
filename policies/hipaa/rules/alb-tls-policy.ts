import * as aws from "@pulumi/aws";
import { ENCRYPTION_IN_TRANSIT } from "../../lib/controls";
import { annotationsOf } from "../../lib/k8s";
import { resourceRule } from "../../lib/rule";
import { get, records, str, type Props } from "../../lib/values";

const INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";
/** ELB security policies that negotiate TLS 1.2 or newer only. */
const TLS12_POLICY = /^ELBSecurityPolicy-(TLS13-1-[23]-|TLS-1-2-|FS-1-2-)/;
const A = "alb.ingress.kubernetes.io/";

function isAlb(props: Props): boolean {
  return str(get(props, "spec", "ingressClassName")) === "alb" || annotationsOf(props)["kubernetes.io/ingress.class"] === "alb";
}

/** Listen ports of an ALB ingress (annotation JSON); the controller defaults to HTTPS:443 when a certificate is named. */
function listenProtocols(annotations: Record<string, string>): string[] {
  const raw = annotations[`${A}listen-ports`];
  if (!raw) return annotations[`${A}certificate-arn`] ? ["HTTPS"] : ["HTTP"];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.flatMap((e) => (typeof e === "object" && e !== null ? Object.keys(e) : [])) : [];
  } catch {
    return [];
  }
}

/**
 * ALBs made by the aws-load-balancer-controller from Ingress annotations, and ALB listeners
 * created directly: HTTPS with a TLS 1.2+ security policy, plain HTTP only as a redirect.
 */
export const albTlsPolicy = resourceRule<Props>({
  id: "hipaa-alb-tls-policy",
  description: "Application load balancers terminate HTTPS with a TLS 1.2+ security policy and serve plain HTTP only as a redirect to HTTPS.",
  severity: "high",
  controls: ENCRYPTION_IN_TRANSIT,
  remediation: "On the Ingress set `alb.ingress.kubernetes.io/ssl-policy: ELBSecurityPolicy-TLS13-1-2-2021-06`, `alb.ingress.kubernetes.io/certificate-arn`, and either listen only on HTTPS or set `alb.ingress.kubernetes.io/ssl-redirect: \"443\"`; on an aws.lb.Listener use protocol HTTPS with such an `sslPolicy`, or a redirect action for HTTP.",
  appliesTo: [INGRESS, aws.lb.Listener, aws.alb.Listener],
  check: (props, args, finding) => {
    if (args.type === INGRESS) {
      if (!isAlb(props)) return;
      const a = annotationsOf(props);
      const policy = a[`${A}ssl-policy`];
      if (!policy) finding("no alb.ingress.kubernetes.io/ssl-policy: the controller's default policy allows TLS 1.0/1.1 clients");
      else if (!TLS12_POLICY.test(policy)) finding(`ssl-policy ${policy} allows protocols older than TLS 1.2`);
      if (!a[`${A}certificate-arn`] && records(get(props, "spec", "tls")).length === 0) finding("no certificate (certificate-arn annotation or spec.tls): the ALB would serve plain HTTP");
      const protocols = listenProtocols(a);
      if (protocols.includes("HTTP") && !a[`${A}ssl-redirect`]) finding("listens on HTTP without alb.ingress.kubernetes.io/ssl-redirect");
      return;
    }
    const protocol = str(props.protocol) ?? "HTTP";
    if (protocol === "HTTPS" || protocol === "TLS") {
      const policy = str(props.sslPolicy);
      if (!policy || !TLS12_POLICY.test(policy)) finding(`listener ssl policy ${policy ?? "(default)"} allows protocols older than TLS 1.2`);
    } else if (protocol === "HTTP") {
      const redirects = records(props.defaultActions).every((a) => str(a.type) === "redirect" && str(get(a, "redirect", "protocol")) === "HTTPS");
      if (!redirects) finding("an HTTP listener that does not redirect every request to HTTPS");
    }
  },
});
