import { ENCRYPTION_IN_TRANSIT } from "../../lib/controls";
import { annotationsOf } from "../../lib/k8s";
import { resourceRule } from "../../lib/rule";
import { get, records, type Props } from "../../lib/values";

export const k8sIngressTls = resourceRule<Props>({
  id: "baseline-k8s-ingress-tls",
  description: "Every Kubernetes Ingress terminates TLS (spec.tls, or an ALB certificate annotation).",
  severity: "high",
  controls: ENCRYPTION_IN_TRANSIT,
  remediation: "Add `spec.tls: [{ hosts, secretName }]` (cert-manager or a @pulumi/tls certificate) or, for ALB ingresses, `alb.ingress.kubernetes.io/certificate-arn`.",
  appliesTo: ["kubernetes:networking.k8s.io/v1:Ingress"],
  check: (props, _args, finding) => {
    if (records(get(props, "spec", "tls")).length > 0) return;
    if (annotationsOf(props)["alb.ingress.kubernetes.io/certificate-arn"]) return;
    finding("the Ingress has no TLS configuration: it serves plain HTTP");
  },
});
