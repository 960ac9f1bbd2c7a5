import * as aws from "@pulumi/aws";
import { AUDIT_LOGGING } from "../../lib/controls";
import { INGRESS, ingressAttributes, isAlbIngress, isApplicationLb } from "../../lib/load-balancers";
import { resourceRule } from "../../lib/rule";
import { bool, get, str, type Props } from "../../lib/values";

/**
 * Every ALB writes access logs to S3 (cdk-nag ELBLoggingEnabled; AWS Config elb-logging-enabled):
 * the request trail of the APIs in front of PHI. ALBs made from Ingresses are configured by the
 * `load-balancer-attributes` annotation; NLBs are out of scope (ELB logs only their TLS listeners).
 */
export const albAccessLogs = resourceRule<Props>({
  id: "hipaa-alb-access-logs",
  description: "Application load balancers (from Ingress annotations or aws.lb.LoadBalancer) deliver access logs to an S3 bucket.",
  severity: "medium",
  controls: AUDIT_LOGGING,
  remediation: "On the Ingress add `access_logs.s3.enabled=true,access_logs.s3.bucket=<the region's ELB log bucket>,access_logs.s3.prefix=<system>` to `alb.ingress.kubernetes.io/load-balancer-attributes`; on an aws.lb.LoadBalancer set `accessLogs: { enabled: true, bucket }`.",
  appliesTo: [INGRESS, aws.lb.LoadBalancer, aws.alb.LoadBalancer],
  check: (props, args, finding) => {
    if (args.type === INGRESS) {
      if (!isAlbIngress(props)) return;
      const a = ingressAttributes(props);
      if (a.get("access_logs.s3.enabled") !== "true") finding("load-balancer-attributes do not set access_logs.s3.enabled=true");
      else if (!a.get("access_logs.s3.bucket")) finding("access_logs.s3.enabled=true without access_logs.s3.bucket");
      return;
    }
    if (!isApplicationLb(props)) return;
    if (bool(get(props, "accessLogs", "enabled")) === false || !str(get(props, "accessLogs", "bucket"))) finding("accessLogs are not enabled with a bucket");
  },
});
