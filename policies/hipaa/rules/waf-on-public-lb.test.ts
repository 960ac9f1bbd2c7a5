import * as aws from "@pulumi/aws";
import { ALB, albIngress, loadBalancer } from "../../testing/load-balancer-fixtures";
import { awsProvider, ruleTests } from "../../testing/rule-tests";
import { wafOnPublicLb } from "./waf-on-public-lb";

const ACL = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/api/abc";

ruleTests(wafOnPublicLb, {
  violating: () => {
    albIngress("public-no-waf", { [`${ALB}scheme`]: "internet-facing" });
    loadBalancer("lb-public-no-waf");
  },
  violates: ["public-no-waf", "lb-public-no-waf"],
  passing: () => {
    albIngress("public-waf", { [`${ALB}scheme`]: "internet-facing", [`${ALB}wafv2-acl-arn`]: ACL });
    // The controller's default scheme is internal.
    albIngress("internal", {});
    const lb = loadBalancer("lb-public-waf");
    new aws.wafv2.WebAclAssociation("lb-public-waf-acl", { resourceArn: lb.arn, webAclArn: ACL }, { provider: awsProvider() });
    loadBalancer("lb-internal", { internal: true });
  },
});
