import { ALB, GOOD_ATTRIBUTES, albIngress, loadBalancer } from "../../testing/load-balancer-fixtures";
import { ruleTests } from "../../testing/rule-tests";
import { albAccessLogs } from "./alb-access-logs";

ruleTests(albAccessLogs, {
  violating: () => {
    albIngress("no-attributes", {});
    albIngress("logs-off", { [`${ALB}load-balancer-attributes`]: "access_logs.s3.enabled=false,access_logs.s3.bucket=elb-logs" });
    albIngress("no-bucket", { [`${ALB}load-balancer-attributes`]: "access_logs.s3.enabled=true" });
    loadBalancer("lb-no-logs");
  },
  violates: ["no-attributes", "logs-off", "no-bucket", "lb-no-logs"],
  messages: ["access_logs.s3.enabled=true", "without access_logs.s3.bucket", "accessLogs are not enabled"],
  passing: () => {
    albIngress("logged", { [`${ALB}load-balancer-attributes`]: GOOD_ATTRIBUTES });
    albIngress("nginx", {}, "nginx");
    loadBalancer("lb-logged", { accessLogs: { enabled: true, bucket: "elb-logs", prefix: "api" } });
    loadBalancer("nlb", { loadBalancerType: "network" });
  },
});
