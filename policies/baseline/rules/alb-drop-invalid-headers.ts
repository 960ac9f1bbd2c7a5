import * as aws from "@pulumi/aws";
import { HIPAA, SECURITY } from "../../lib/controls";
import { INGRESS, ingressAttributes, isAlbIngress, isApplicationLb } from "../../lib/load-balancers";
import { resourceRule } from "../../lib/rule";
import { bool, type Props } from "../../lib/values";

/**
 * ALBs drop HTTP headers with invalid names (cdk-nag ALBHttpDropInvalidHeaderEnabled), so
 * request-smuggling and header-injection attempts never reach the services behind them.
 */
export const albDropInvalidHeaders = resourceRule<Props>({
  id: "baseline-alb-drop-invalid-headers",
  description: "Application load balancers drop HTTP headers with invalid names (routing.http.drop_invalid_header_fields.enabled).",
  severity: "medium",
  controls: [HIPAA.integrity, SECURITY.network],
  remediation: "Add `routing.http.drop_invalid_header_fields.enabled=true` to `alb.ingress.kubernetes.io/load-balancer-attributes`; on an aws.lb.LoadBalancer set `dropInvalidHeaderFields: true`.",
  appliesTo: [INGRESS, aws.lb.LoadBalancer, aws.alb.LoadBalancer],
  check: (props, args, finding) => {
    if (args.type === INGRESS) {
      if (isAlbIngress(props) && ingressAttributes(props).get("routing.http.drop_invalid_header_fields.enabled") !== "true") finding("load-balancer-attributes do not set routing.http.drop_invalid_header_fields.enabled=true");
      return;
    }
    if (isApplicationLb(props) && bool(props.dropInvalidHeaderFields) !== true) finding("dropInvalidHeaderFields is not true");
  },
});
