import * as aws from "@pulumi/aws";
import { HIPAA, GDPR } from "../../lib/controls";
import { resourceFacts } from "../../lib/facts";
import { INGRESS, SERVICE, ingressAttributes, isAlbIngress, isNlbService, serviceAttributes } from "../../lib/load-balancers";
import { resourceRule } from "../../lib/rule";
import { bool, type Props } from "../../lib/values";

/**
 * Production load balancers cannot be deleted by accident (cdk-nag ELBDeletionProtectionEnabled):
 * losing one drops the API and its DNS alias until a new one is created and propagated.
 */
export const albDeletionProtection = resourceRule<Props>({
  id: "hipaa-alb-deletion-protection",
  description: "Production load balancers (ALBs from Ingresses, NLBs from Services, aws.lb.LoadBalancer) have deletion protection enabled.",
  severity: "medium",
  controls: [HIPAA.disasterRecovery, GDPR.resilience],
  remediation: "Add `deletion_protection.enabled=true` to `alb.ingress.kubernetes.io/load-balancer-attributes` (Ingress) or `service.beta.kubernetes.io/aws-load-balancer-attributes` (Service); on an aws.lb.LoadBalancer set `enableDeletionProtection: true`.",
  appliesTo: [INGRESS, SERVICE, aws.lb.LoadBalancer, aws.alb.LoadBalancer],
  check: (props, args, finding) => {
    if (!resourceFacts(args).production) return;
    if (args.type === INGRESS) {
      if (isAlbIngress(props) && ingressAttributes(props).get("deletion_protection.enabled") !== "true") finding("load-balancer-attributes do not set deletion_protection.enabled=true");
      return;
    }
    if (args.type === SERVICE) {
      if (isNlbService(props) && serviceAttributes(props).get("deletion_protection.enabled") !== "true") finding("aws-load-balancer-attributes do not set deletion_protection.enabled=true");
      return;
    }
    if (bool(props.enableDeletionProtection) !== true) finding("enableDeletionProtection is not true");
  },
});
