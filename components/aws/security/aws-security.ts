/**
 * The AWS security services of the stack (issue #19), over the platform's regions: GuardDuty
 * with EKS protection and findings to the alert topics, Security Hub with the AWS foundational
 * standard (optional by config), and AWS Backup plans and vaults. Built after the platform and
 * before the alert routing's `finish()`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { SystemContext } from "../../context";
import type { SecurityConfig } from "../../../stacks/sections/security";
import type { AlertRouting } from "../alerting/routing";
import type { PlatformHandle } from "../platform-contract";
import { BackupPlans } from "./backup";
import { GuardDuty } from "./guard-duty";
import { SecurityHub } from "./security-hub";

/**
 * Policy of an alert topic that EventBridge publishes to: the account administers it (its IAM
 * principals, e.g. Alertmanager's role, publish through their own policies), CloudWatch alarms
 * and EventBridge rules of this account may publish.
 */
export function alertTopicPolicy(topicArn: string, account: string): string {
  const publish = (sid: string, service: string) => ({ Sid: sid, Effect: "Allow", Principal: { Service: service }, Action: "sns:Publish", Resource: topicArn, Condition: { StringEquals: { "aws:SourceAccount": account } } });
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Sid: "AccountAdministration", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "sns:*", Resource: topicArn },
      publish("CloudWatchAlarms", "cloudwatch.amazonaws.com"),
      publish("EventBridgeRules", "events.amazonaws.com"),
    ],
  });
}

export interface AwsSecurityArgs {
  readonly context: SystemContext;
  readonly settings: SecurityConfig;
  readonly platform: PlatformHandle;
  readonly alerts: AlertRouting;
}

export class AwsSecurity extends pulumi.ComponentResource {
  constructor(name: string, args: AwsSecurityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:aws:Security", name, {}, opts);
    const { config } = args.context;
    const s = args.settings;
    const prefix = `${config.project}-${config.environment}`;
    for (const regional of args.platform.regions.values()) {
      const region = regional.region.name;
      const child: pulumi.CustomResourceOptions = { parent: this, provider: regional.aws };
      if (s.guardDuty.enabled) {
        const topics = args.alerts.region(region, regional.aws);
        const account = aws.getCallerIdentityOutput({}, child).accountId;
        for (const severity of ["critical", "warning"] as const) {
          new aws.sns.TopicPolicy(
            `${name}-${region}-${severity}-topic-policy`,
            { arn: topics.topicArns[severity], policy: pulumi.all([topics.topicArns[severity], account]).apply(([arn, a]) => alertTopicPolicy(arn, a)) },
            child,
          );
        }
        new GuardDuty(`${name}-${region}-guardduty`, { provider: regional.aws, region, namePrefix: prefix, criticalTopicArn: topics.topicArns.critical, warningTopicArn: topics.topicArns.warning }, { parent: this });
      }
      if (s.securityHub.enabled) new SecurityHub(`${name}-${region}-securityhub`, { provider: regional.aws, region }, { parent: this });
    }
    if (s.backup.enabled) {
      new BackupPlans(
        `${name}-backup`,
        {
          regions: [...args.platform.regions.values()].map((r) => ({ name: r.region.name, jurisdiction: r.region.jurisdiction, provider: r.aws })),
          namePrefix: prefix,
          retentionDays: s.backup.retentionDays,
          vaultLock: s.backup.vaultLock,
          crossRegionCopy: s.backup.crossRegionCopy,
          protect: config.protection.protectResources,
        },
        { parent: this },
      );
    }
    this.registerOutputs({});
  }
}
