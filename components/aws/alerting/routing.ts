/**
 * Alert routing on AWS, one per stack: in each region that raises alerts, one SNS topic per
 * severity (critical, warning, info) under the region's own KMS key, fanned out as
 * `neurastack:alerting` says (guide 002 "Alert Channels"):
 *
 *  - email subscriptions on the `emailSeverities` topics;
 *  - SMS subscriptions on the critical topic only;
 *  - PagerDuty (its Amazon CloudWatch integration, HTTPS) on the `pagerDuty.severities` topics,
 *    for CloudWatch alarms only: Alertmanager pages PagerDuty through its Events API v2 itself,
 *    so a filter policy drops the messages Alertmanager publishes (attribute `source`);
 *  - Slack and Microsoft Teams through AWS Chatbot channel configurations that subscribe to the
 *    topics of their severities in every region.
 *
 * Regions are added as alerting components ask for them (`region()`), so the platform's
 * Alertmanager overlay and the systems' alarms share the topics; `finish()` then creates the
 * Chatbot configurations over every topic and registers the outputs.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { SystemContext } from "../../context";
import { secretSetting } from "../../../stacks/load";
import { ALERT_SEVERITIES, type AlertSeverity, type AlertingConfig } from "../../../stacks/sections/core";

/**
 * AWS Chatbot is a global service whose API lives in us-east-2 (AWS Chatbot troubleshooting
 * guide; aws-cli #8658, aws-cdk #24675): its channel configurations are created there.
 */
export const CHATBOT_REGION = "us-east-2";

/** Message attribute Alertmanager sets on what it publishes (SNS filter policies read it). */
export const ALERTMANAGER_SOURCE = { name: "source", value: "alertmanager" } as const;

/** PagerDuty's Amazon CloudWatch integration endpoint (PagerDuty Amazon CloudWatch Integration Guide). */
export const pagerDutyCloudWatchEndpoint = (key: string): string => `https://events.pagerduty.com/integration/${key}/enqueue`;

export interface RegionTopics {
  readonly region: string;
  readonly provider: aws.Provider;
  readonly keyArn: pulumi.Output<string>;
  readonly topicArns: Readonly<Record<AlertSeverity, pulumi.Output<string>>>;
}

export interface AlertRoutingArgs {
  readonly context: SystemContext;
  /** Provider of us-east-2 for AWS Chatbot. Default: one created here. */
  readonly chatbotProvider?: aws.Provider;
}

export class AlertRouting extends pulumi.ComponentResource {
  private readonly regions = new Map<string, RegionTopics>();
  private readonly settings: AlertingConfig;
  private readonly environment: string;
  private readonly protect: boolean;
  private finished = false;

  constructor(
    private readonly componentName: string,
    private readonly args: AlertRoutingArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("neurastack:aws:AlertRouting", componentName, {}, opts);
    this.settings = args.context.config.alerting;
    this.environment = args.context.config.environment;
    this.protect = args.context.config.protection.protectResources;
  }

  /** The region's topics, created on first use with that region's provider. */
  region(region: string, provider: aws.Provider): RegionTopics {
    const known = this.regions.get(region);
    if (known) return known;
    if (this.finished) throw new Error(`${this.componentName}: region ${region} asked for after finish()`);
    const name = `${this.componentName}-${region}`;
    const child = { parent: this, provider };
    const identity = aws.getCallerIdentityOutput({}, child);
    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `Alert topics of ${this.environment} in ${region}`,
        enableKeyRotation: true,
        rotationPeriodInDays: 90,
        deletionWindowInDays: 30,
        // CloudWatch alarms publish to an encrypted topic only if the key lets them; everyone
        // else (Alertmanager's role) gets the key through IAM.
        policy: identity.accountId.apply((account) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              { Sid: "AccountAdministration", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
              { Sid: "CloudWatchAlarms", Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: "*" },
              // GuardDuty findings arrive through EventBridge rules (issue #19; EventBridge user guide, "Amazon SNS permissions" for encrypted topics).
              { Sid: "EventBridgeRules", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: "*" },
            ],
          }),
        ),
        tags: {},
      },
      { ...child, protect: this.protect },
    );
    const s = this.settings;
    const cloudWatchKey = s.pagerDuty ? secretSetting("alertingPagerDutyCloudWatchKey") : undefined;
    if (s.pagerDuty && !cloudWatchKey) {
      pulumi.log.warn("alerting: pagerDuty is configured but the secret alertingPagerDutyCloudWatchKey is not set; CloudWatch alarms will not page (run `pulumi config set --secret alertingPagerDutyCloudWatchKey <key>`)", this);
    }
    const topicArns = {} as Record<AlertSeverity, pulumi.Output<string>>;
    for (const severity of ALERT_SEVERITIES) {
      const topic = new aws.sns.Topic(`${name}-${severity}`, { name: `neurastack-${this.environment}-alerts-${severity}`, kmsMasterKeyId: key.arn, tags: { severity } }, child);
      topicArns[severity] = topic.arn;
      if (s.emailSeverities.includes(severity)) {
        s.emails.forEach((email, i) => new aws.sns.TopicSubscription(`${name}-${severity}-email-${i}`, { topic: topic.arn, protocol: "email", endpoint: email }, child));
      }
      if (s.sms && s.sms.severities.includes(severity)) {
        s.sms.numbers.forEach((number, i) => new aws.sns.TopicSubscription(`${name}-${severity}-sms-${i}`, { topic: topic.arn, protocol: "sms", endpoint: number }, child));
      }
      if (s.pagerDuty?.severities.includes(severity) && cloudWatchKey) {
        new aws.sns.TopicSubscription(
          `${name}-${severity}-pagerduty`,
          {
            topic: topic.arn,
            protocol: "https",
            endpoint: pulumi.secret(cloudWatchKey.apply(pagerDutyCloudWatchEndpoint)),
            endpointAutoConfirms: true,
            // CloudWatch alarm notifications carry no message attributes; Alertmanager's do.
            filterPolicy: JSON.stringify({ [ALERTMANAGER_SOURCE.name]: [{ exists: false }] }),
          },
          child,
        );
      }
    }
    const topics: RegionTopics = { region, provider, keyArn: key.arn, topicArns };
    this.regions.set(region, topics);
    return topics;
  }

  /** alarmActions/okActions of a CloudWatch alarm of `severity` in `region`. */
  alarmActions(region: string, provider: aws.Provider, severity: AlertSeverity): { alarmActions: pulumi.Output<string>[]; okActions: pulumi.Output<string>[] } {
    const arn = this.region(region, provider).topicArns[severity];
    return { alarmActions: [arn], okActions: [arn] };
  }

  /** Every region routed so far. */
  get routedRegions(): readonly RegionTopics[] {
    return [...this.regions.values()];
  }

  /** Chatbot channel configurations over every region's topics; call once, after every system. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    const s = this.settings;
    const channels = [...s.slack.map((c) => ({ kind: "slack" as const, ...c })), ...s.teams.map((c) => ({ kind: "teams" as const, ...c }))];
    if (channels.length > 0 && this.regions.size > 0) {
      const provider = this.args.chatbotProvider ?? new aws.Provider(`${this.componentName}-chatbot-provider`, { region: CHATBOT_REGION }, { parent: this });
      const child = { parent: this, provider };
      const role = new aws.iam.Role(
        `${this.componentName}-chatbot`,
        {
          description: `AWS Chatbot channels of ${this.environment} (notifications only)`,
          assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "chatbot.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
          tags: {},
        },
        child,
      );
      new aws.iam.RolePolicy(
        `${this.componentName}-chatbot`,
        {
          role: role.id,
          // AWS Chatbot's notifications-only permissions: read alarm and metric details for the cards.
          policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Sid: "NotificationsOnly", Effect: "Allow", Action: ["cloudwatch:Describe*", "cloudwatch:Get*", "cloudwatch:List*"], Resource: "*" }],
          }),
        },
        child,
      );
      // Without guardrails Chatbot applies AdministratorAccess to channel members' commands.
      const guardrailPolicyArns = ["arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess"];
      for (const channel of channels) {
        const snsTopicArns = this.routedRegions.flatMap((r) => channel.severities.map((severity) => r.topicArns[severity]));
        const configurationName = `neurastack-${this.environment}-${channel.name}`.slice(0, 128);
        if (channel.kind === "slack") {
          new aws.chatbot.SlackChannelConfiguration(
            `${this.componentName}-slack-${channel.name}`,
            { configurationName, iamRoleArn: role.arn, slackTeamId: channel.workspaceId, slackChannelId: channel.channelId, snsTopicArns, guardrailPolicyArns, loggingLevel: "ERROR", tags: {} },
            child,
          );
        } else {
          new aws.chatbot.TeamsChannelConfiguration(
            `${this.componentName}-teams-${channel.name}`,
            { configurationName, iamRoleArn: role.arn, tenantId: channel.tenantId, teamId: channel.teamId, channelId: channel.channelId, snsTopicArns, guardrailPolicyArns, loggingLevel: "ERROR", tags: {} },
            child,
          );
        }
      }
    }
    this.registerOutputs({ regions: this.routedRegions.map((r) => ({ region: r.region, topics: r.topicArns })) });
  }
}
