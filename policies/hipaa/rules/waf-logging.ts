import { AUDIT_LOGGING } from "../../lib/controls";
import { stackRule } from "../../lib/rule";
import { StackView } from "../../lib/stack";
import { get, str, strings, type Props } from "../../lib/values";

const WEB_ACL = "aws:wafv2/webAcl:WebAcl";
const LOGGING = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
/** WAF delivers to CloudWatch Logs only into groups named aws-waf-logs-* (WAF developer guide, "CloudWatch Logs log group"). */
const WAF_GROUP = /^aws-waf-logs-/;

/**
 * Every WAFv2 web ACL logs the requests it inspects (cdk-nag WAFv2LoggingEnabled): the
 * security-event trail of blocked attacks. A CloudWatch Logs destination must be named
 * aws-waf-logs-* and encrypted under a KMS key.
 */
export const wafLogging = stackRule({
  id: "hipaa-waf-logging",
  description: "Every WAFv2 web ACL has a logging configuration; CloudWatch Logs destinations are aws-waf-logs-* groups under a KMS key.",
  severity: "medium",
  controls: AUDIT_LOGGING,
  resourceTypes: [WEB_ACL, LOGGING, LOG_GROUP],
  remediation: "Add an aws.wafv2.WebAclLoggingConfiguration for the ACL whose destination is an aws.cloudwatch.LogGroup named `aws-waf-logs-<acl>` with `kmsKeyId`.",
  check: (args, finding) => {
    const view = new StackView(args.resources);
    const groups = view.refIndex([LOG_GROUP], ["arn", "name"]);
    const logged = new Set<string>();
    for (const l of view.ofType(LOGGING)) {
      const p = l.props as Props;
      const acl = str(p.resourceArn);
      if (acl) logged.add(acl);
      for (const destination of strings(p.logDestinationConfigs)) {
        const group = groups.get(destination) ?? groups.get(destination.replace(/:\*$/, ""));
        if (!group) continue;
        const gp = group.props as Props;
        const name = str(gp.name) ?? "";
        if (!WAF_GROUP.test(name)) finding(`WAF log group ${name || group.name} is not named aws-waf-logs-* (WAF refuses the destination)`, l.urn);
        if (!str(get(gp, "kmsKeyId"))) finding(`WAF log group ${name || group.name} has no kmsKeyId`, group.urn);
      }
    }
    for (const acl of view.ofType(WEB_ACL)) {
      const arn = str((acl.props as Props).arn);
      if (!arn || !logged.has(arn)) finding(`web ACL ${acl.name} has no WebAclLoggingConfiguration`, acl.urn);
    }
  },
});
