import { ALB, GOOD_ATTRIBUTES, albIngress, loadBalancer } from "../../testing/load-balancer-fixtures";
import { ruleTests } from "../../testing/rule-tests";
import { albDropInvalidHeaders } from "./alb-drop-invalid-headers";

ruleTests(albDropInvalidHeaders, {
  violating: () => {
    albIngress("keeps-invalid", { [`${ALB}load-balancer-attributes`]: "deletion_protection.enabled=true" });
    loadBalancer("lb-keeps-invalid", { dropInvalidHeaderFields: false });
  },
  violates: ["keeps-invalid", "lb-keeps-invalid"],
  passing: () => {
    albIngress("drops", { [`${ALB}load-balancer-attributes`]: GOOD_ATTRIBUTES });
    loadBalancer("lb-drops", { dropInvalidHeaderFields: true });
    loadBalancer("nlb", { loadBalancerType: "network" });
  },
});
