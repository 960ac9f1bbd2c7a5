import { NETWORK } from "../../lib/controls";
import { ALB, INGRESS, LB_TYPES, hasAnnotation, ingressIsPublic, isAlbIngress, isApplicationLb } from "../../lib/load-balancers";
import { stackRule } from "../../lib/rule";
import { StackView } from "../../lib/stack";
import { bool, str, type Props } from "../../lib/values";

const ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation";

/**
 * Internet-facing ALBs sit behind a WAFv2 web ACL (cdk-nag ALBWAFEnabled): rate limiting and
 * the AWS managed rule groups in front of the APIs that reach PHI. An Ingress names its ACL by
 * the `wafv2-acl-arn` annotation (the ARN is unknown in a preview; the key is what counts); an
 * aws.lb.LoadBalancer needs an aws.wafv2.WebAclAssociation naming its ARN.
 */
export const wafOnPublicLb = stackRule({
  id: "hipaa-waf-on-public-lb",
  description: "Every internet-facing application load balancer is associated with a WAFv2 web ACL.",
  severity: "high",
  controls: NETWORK,
  resourceTypes: [INGRESS, ...LB_TYPES, ASSOCIATION],
  remediation: "Create an aws.wafv2.WebAcl (scope REGIONAL) and set `alb.ingress.kubernetes.io/wafv2-acl-arn` on the Ingress, or add an aws.wafv2.WebAclAssociation for the aws.lb.LoadBalancer.",
  check: (args, finding) => {
    const view = new StackView(args.resources);
    for (const r of view.ofType(INGRESS)) {
      const p = r.props as Props;
      if (isAlbIngress(p) && ingressIsPublic(p) && !hasAnnotation(p, `${ALB}wafv2-acl-arn`)) finding(`internet-facing ALB of Ingress ${r.name} has no alb.ingress.kubernetes.io/wafv2-acl-arn`, r.urn);
    }
    const associated = new Set(view.ofType(ASSOCIATION).map((a) => str((a.props as Props).resourceArn)));
    for (const r of view.ofType(...LB_TYPES)) {
      const p = r.props as Props;
      if (!isApplicationLb(p) || bool(p.internal) === true) continue;
      const arn = str(p.arn);
      if (!arn || !associated.has(arn)) finding(`internet-facing load balancer ${r.name} has no aws.wafv2.WebAclAssociation`, r.urn);
    }
  },
});
