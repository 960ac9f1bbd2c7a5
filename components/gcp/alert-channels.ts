/**
 * Cloud Monitoring notification channels from `neurastack:alerting` (issue #20), per severity:
 * email (`emailSeverities`), Slack (the Cloud Monitoring Slack app: channel name + the secret
 * `alertingSlackGcpToken`), Microsoft Teams (a Teams Workflows webhook: the secret
 * `alertingTeamsWebhookUrl`; Cloud Monitoring has no Teams channel type), PagerDuty (Events API
 * v2 key, the secret `alertingPagerDutyRoutingKey`) and SMS (critical only). Secrets travel as
 * Pulumi secrets in `sensitiveLabels` (auth_token, service_key), or, for the webhook URL whose
 * token Cloud Monitoring keeps in `labels.url`, as a secret `labels` input.
 *
 * Alert policies take `idsFor(policy severity)`: GCP's CRITICAL maps to critical, ERROR and
 * WARNING to warning. A channel whose secret is not set is left out with a warning, so a
 * preview works before the integrations exist.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { Labels } from "../labels";
import { secretSetting } from "../../stacks/load";
import type { AlertSeverity, AlertingConfig } from "../../stacks/sections/core";

/** GCP alert-policy severities. */
export type GcpPolicySeverity = "CRITICAL" | "ERROR" | "WARNING";

/** Which routing severity a policy severity is delivered as. */
export function routingSeverity(severity: GcpPolicySeverity): AlertSeverity {
  return severity === "CRITICAL" ? "critical" : "warning";
}

export interface AlertChannelsArgs {
  readonly provider: gcp.Provider;
  readonly project: pulumi.Input<string>;
  readonly alerting: AlertingConfig;
  /** Prefix of each channel's display name, e.g. "Neural Ledger". */
  readonly displayPrefix: string;
  /** Resource labels of the channels (system, environment, ...). */
  readonly userLabels: Labels;
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export class AlertChannels extends pulumi.ComponentResource {
  /** Every channel with the severities it receives. */
  readonly channels: readonly { readonly channel: gcp.monitoring.NotificationChannel; readonly severities: readonly AlertSeverity[] }[];
  /** Email channel names (budget alerts take at most five channels). */
  readonly emailIds: pulumi.Output<string>[];

  constructor(name: string, args: AlertChannelsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:gcp:AlertChannels", name, {}, opts);
    const a = args.alerting;
    const child = { parent: this, provider: args.provider, dependsOn: args.dependsOn };
    const channels: { channel: gcp.monitoring.NotificationChannel; severities: readonly AlertSeverity[] }[] = [];
    const add = (suffix: string, severities: readonly AlertSeverity[], spec: Omit<gcp.monitoring.NotificationChannelArgs, "project" | "userLabels" | "enabled">) => {
      const channel = new gcp.monitoring.NotificationChannel(`${name}-${suffix}`, { ...spec, project: args.project, userLabels: { ...args.userLabels }, enabled: true }, child);
      channels.push({ channel, severities });
      return channel;
    };
    const emails = a.emails.map((email, i) => add(`email-${i}`, a.emailSeverities, { type: "email", displayName: `${args.displayPrefix}: ${email}`, labels: { email_address: email } }));
    const missing = (key: string, what: string) => pulumi.log.warn(`alerting: ${what} is configured but the secret ${key} is not set; its Cloud Monitoring channel is left out (run \`pulumi config set --secret ${key} <value>\`)`, this);

    if (a.slack.length > 0) {
      const token = secretSetting("alertingSlackGcpToken");
      if (!token) missing("alertingSlackGcpToken", "Slack");
      else for (const c of a.slack) add(`slack-${c.name}`, c.severities, { type: "slack", displayName: `${args.displayPrefix}: Slack ${c.channelName}`, labels: { channel_name: c.channelName }, sensitiveLabels: { authToken: token } });
    }
    if (a.teams.length > 0) {
      const url = secretSetting("alertingTeamsWebhookUrl");
      if (!url) missing("alertingTeamsWebhookUrl", "Microsoft Teams");
      else {
        const severities = [...new Set(a.teams.flatMap((c) => c.severities))];
        add("teams", severities, { type: "webhook_tokenauth", displayName: `${args.displayPrefix}: Microsoft Teams`, labels: pulumi.secret(url.apply((u) => ({ url: u }))) });
      }
    }
    if (a.pagerDuty) {
      const key = secretSetting("alertingPagerDutyRoutingKey");
      if (!key) missing("alertingPagerDutyRoutingKey", "PagerDuty");
      else add("pagerduty", a.pagerDuty.severities, { type: "pagerduty", displayName: `${args.displayPrefix}: PagerDuty`, sensitiveLabels: { serviceKey: key } });
    }
    if (a.sms) a.sms.numbers.forEach((number, i) => add(`sms-${i}`, a.sms!.severities, { type: "sms", displayName: `${args.displayPrefix}: SMS ${i + 1}`, labels: { number } }));

    this.channels = channels;
    this.emailIds = emails.map((c) => c.name);
    this.registerOutputs({ ids: channels.map((c) => c.channel.name) });
  }

  /** Channel names an alert policy of `severity` notifies (at least the email channels: the config requires it). */
  idsFor(severity: GcpPolicySeverity): pulumi.Output<string>[] {
    const wanted = routingSeverity(severity);
    return this.channels.filter((c) => c.severities.includes(wanted)).map((c) => c.channel.name);
  }
}
