/**
 * A regional WAFv2 web ACL for an internet-facing ALB (cdk-nag ALBWAFEnabled): a per-IP rate
 * limit first, then the AWS managed rule groups, logged to a CloudWatch Logs group under a KMS
 * key (cdk-nag WAFv2LoggingEnabled). WAF delivers to CloudWatch Logs only into groups whose name
 * starts with `aws-waf-logs-` (WAF developer guide, "CloudWatch Logs log group"); the
 * Authorization and Cookie headers are redacted so no credential lands in the logs.
 *
 * The load balancer controller attaches the ACL from the Ingress annotation
 * `alb.ingress.kubernetes.io/wafv2-acl-arn` (its controller role may associate web ACLs).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** AWS managed rule groups on every web ACL, in priority order after the rate limit. */
export const WEB_ACL_MANAGED_RULE_GROUPS = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesSQLiRuleSet"] as const;

/** Prefix WAF requires of a CloudWatch Logs destination. */
export const WAF_LOG_GROUP_PREFIX = "aws-waf-logs-";

export interface RegionalWebAclArgs {
  readonly provider: aws.Provider;
  /** Web ACL name (also its metric name and the log group's suffix), max 128 characters. */
  readonly aclName: string;
  readonly description: string;
  /** Requests per IP per 5 minutes before blocking (WAF allows 10-2,000,000,000). */
  readonly rateLimitPer5Minutes: number;
  /** Days the WAF log group keeps events. */
  readonly logRetentionDays: number;
  /** KMS key of the log group (its policy must admit CloudWatch Logs of the region). */
  readonly logsKeyArn: pulumi.Input<string>;
  /** Pulumi `protect` on the log group (audit evidence). */
  readonly protect: boolean;
  /**
   * The component that held these resources before this one existed (same child names): they
   * keep their state through `aliases` instead of being replaced. Default: none.
   */
  readonly adoptedFrom?: pulumi.Resource;
}

export class RegionalWebAcl extends pulumi.ComponentResource {
  readonly arn: pulumi.Output<string>;
  readonly name: pulumi.Output<string>;
  readonly logGroupArn: pulumi.Output<string>;

  constructor(name: string, args: RegionalWebAclArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:aws:RegionalWebAcl", name, {}, opts);
    if (args.rateLimitPer5Minutes < 10 || args.rateLimitPer5Minutes > 2_000_000_000) {
      // WAFv2 RateBasedStatement.Limit: 10 to 2,000,000,000.
      throw new Error(`${name}: rateLimitPer5Minutes ${args.rateLimitPer5Minutes} is outside 10-2000000000 (WAFv2 RateBasedStatement)`);
    }
    const child: pulumi.CustomResourceOptions = { parent: this, provider: args.provider, ...(args.adoptedFrom ? { aliases: [{ parent: args.adoptedFrom }] } : {}) };
    const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });
    const acl = new aws.wafv2.WebAcl(
      name,
      {
        name: args.aclName,
        description: args.description,
        scope: "REGIONAL",
        defaultAction: { allow: {} },
        rules: [
          {
            name: "rate-limit-per-ip",
            priority: 0,
            action: { block: {} },
            statement: { rateBasedStatement: { limit: args.rateLimitPer5Minutes, aggregateKeyType: "IP", evaluationWindowSec: 300 } },
            visibilityConfig: visibility("rate-limit-per-ip"),
          },
          ...WEB_ACL_MANAGED_RULE_GROUPS.map((group, i) => ({
            name: group,
            priority: i + 1,
            overrideAction: { none: {} },
            statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
            visibilityConfig: visibility(group),
          })),
        ],
        visibilityConfig: visibility(args.aclName),
        tags: {},
      },
      child,
    );
    const logs = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { name: `${WAF_LOG_GROUP_PREFIX}${args.aclName}`.slice(0, 512), retentionInDays: args.logRetentionDays, kmsKeyId: args.logsKeyArn, tags: {} },
      { ...child, protect: args.protect },
    );
    new aws.wafv2.WebAclLoggingConfiguration(
      `${name}-logging`,
      { resourceArn: acl.arn, logDestinationConfigs: [logs.arn], redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }] },
      child,
    );
    this.arn = acl.arn;
    this.name = acl.name;
    this.logGroupArn = logs.arn;
    this.registerOutputs({ arn: this.arn, name: this.name, logGroupArn: this.logGroupArn });
  }
}
