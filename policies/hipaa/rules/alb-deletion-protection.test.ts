import { ALB, GOOD_ATTRIBUTES, albIngress, loadBalancer, nlbService } from "../../testing/load-balancer-fixtures";
import { ruleTests } from "../../testing/rule-tests";
import { albDeletionProtection } from "./alb-deletion-protection";

const NLB_ATTRIBUTES = "service.beta.kubernetes.io/aws-load-balancer-attributes";

ruleTests(albDeletionProtection, {
  violating: () => {
    albIngress("unprotected", { [`${ALB}load-balancer-attributes`]: "deletion_protection.enabled=false" });
    nlbService("nlb-unprotected", {});
    loadBalancer("lb-unprotected");
  },
  violates: ["unprotected", "nlb-unprotected", "lb-unprotected"],
  messages: ["deletion_protection.enabled=true", "enableDeletionProtection"],
  passing: () => {
    albIngress("protected", { [`${ALB}load-balancer-attributes`]: GOOD_ATTRIBUTES });
    // Staging may delete its load balancers.
    albIngress("staging", {}, "alb", "staging");
    nlbService("nlb-protected", { [NLB_ATTRIBUTES]: "load_balancing.cross_zone.enabled=true,deletion_protection.enabled=true" });
    loadBalancer("lb-protected", { enableDeletionProtection: true });
  },
});
