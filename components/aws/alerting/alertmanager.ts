/**
 * Alertmanager's receivers and routes from `neurastack:alerting`, for kube-prometheus-stack on
 * each cluster (through ClusterAddons' monitoring overlay hook):
 *
 *  - one receiver per severity publishing to that severity's SNS topic in the cluster's region
 *    (AlertRouting), so email, SMS and Slack/Teams (AWS Chatbot) get what CloudWatch alarms get;
 *    the message is an AWS Chatbot custom notification (Chatbot ignores other payloads), and the
 *    `source` attribute keeps it away from PagerDuty's CloudWatch integration;
 *  - PagerDuty through its Events API v2 (`pagerduty_configs`) for `pagerDuty.severities`;
 *  - routes by the `severity` label; Watchdog and InfoInhibitor (the chart's heartbeat and
 *    inhibition helpers) go to the chart's "null" receiver, anything unlabelled to warning.
 *
 * Alertmanager signs SNS requests with SigV4 under its own IRSA role, which may publish to the
 * region's alert topics only.
 */
import * as pulumi from "@pulumi/pulumi";
import { serviceAccountRole } from "../irsa";
import type { MonitoringOverlayHook } from "../monitoring-hook";
import { secretSetting } from "../../../stacks/load";
import { ALERT_SEVERITIES, type AlertSeverity, type AlertingConfig } from "../../../stacks/sections/core";
import { ALERTMANAGER_SOURCE, type AlertRouting } from "./routing";

/** Alerts the chart defines for plumbing, not for people. */
export const PLUMBING_ALERTS = ["Watchdog", "InfoInhibitor"] as const;

/** AWS Chatbot custom notification (AWS Chatbot admin guide, "Custom notifications"); quotes are replaced so the JSON stays valid. */
export const CHATBOT_MESSAGE_TEMPLATE =
  '{"version":"1.0","source":"custom","content":{"textType":"client-markdown",' +
  '"title":"{{ .Status | toUpper }} {{ .CommonLabels.severity }}: {{ .CommonLabels.alertname }}",' +
  '"description":"{{ range .Alerts }}{{ reReplaceAll "\\"" "\'" .Annotations.summary }} ({{ .Labels.namespace }}) {{ end }}"}}';

export interface AlertmanagerConfigInput {
  readonly settings: AlertingConfig;
  readonly region: string;
  readonly topicArns: Readonly<Record<AlertSeverity, string>>;
  /** PagerDuty Events API v2 key; PagerDuty receivers are left out without it. */
  readonly pagerDutyRoutingKey?: string;
}

/** The Alertmanager configuration (alertmanager.yaml as an object). Pure. */
export function alertmanagerConfig(input: AlertmanagerConfigInput): Record<string, unknown> {
  const s = input.settings;
  const receivers = ALERT_SEVERITIES.map((severity) => ({
    name: severity,
    sns_configs: [
      {
        topic_arn: input.topicArns[severity],
        sigv4: { region: input.region },
        subject: `[${severity}] {{ .CommonLabels.alertname }}`,
        message: CHATBOT_MESSAGE_TEMPLATE,
        attributes: { [ALERTMANAGER_SOURCE.name]: ALERTMANAGER_SOURCE.value, severity },
        send_resolved: true,
      },
    ],
    ...(s.pagerDuty?.severities.includes(severity) && input.pagerDutyRoutingKey
      ? { pagerduty_configs: [{ routing_key: input.pagerDutyRoutingKey, severity: severity === "critical" ? "critical" : severity === "warning" ? "warning" : "info", send_resolved: true }] }
      : {}),
  }));
  return {
    route: {
      receiver: "warning",
      group_by: ["alertname", "namespace", "severity"],
      group_wait: "30s",
      group_interval: "5m",
      repeat_interval: "4h",
      routes: [
        { receiver: "null", matchers: [`alertname =~ "${PLUMBING_ALERTS.join("|")}"`] },
        ...ALERT_SEVERITIES.map((severity) => ({ receiver: severity, matchers: [`severity = "${severity}"`], ...(severity === "critical" ? { repeat_interval: "1h" } : {}) })),
      ],
    },
    receivers: [{ name: "null" }, ...receivers],
  };
}

/** The overlay hook: Alertmanager's IRSA role (publish to the region's topics) and its config. */
export function alertmanagerOverlay(routing: AlertRouting, routingName: string, settings: AlertingConfig): MonitoringOverlayHook {
  const routingKey = settings.pagerDuty ? secretSetting("alertingPagerDutyRoutingKey") : undefined;
  if (settings.pagerDuty && !routingKey) {
    pulumi.log.warn("alerting: pagerDuty is configured but the secret alertingPagerDutyRoutingKey is not set; Prometheus alerts will not page (run `pulumi config set --secret alertingPagerDutyRoutingKey <key>`)");
  }
  return (context) => {
    const topics = routing.region(context.region, context.awsProvider);
    const topicArns = pulumi.all(topics.topicArns);
    const policy = pulumi.all([topicArns, topics.keyArn]).apply(([arns, keyArn]) =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Sid: "PublishAlerts", Effect: "Allow", Action: "sns:Publish", Resource: Object.values(arns) },
          { Sid: "TopicKey", Effect: "Allow", Action: ["kms:GenerateDataKey*", "kms:Decrypt"], Resource: keyArn },
        ],
      }),
    );
    const role = serviceAccountRole(
      `${routingName}-${context.region}-alertmanager`,
      { oidc: context.oidc, namespace: context.namespace, serviceAccount: `${context.release}-alertmanager`, inlinePolicy: policy, tags: {} },
      { parent: routing, provider: context.awsProvider },
    );
    const values = pulumi.all([topicArns, role.role.arn, routingKey ?? pulumi.output("")]).apply(([arns, roleArn, key]) => ({
      alertmanager: {
        serviceAccount: { annotations: { "eks.amazonaws.com/role-arn": roleArn } },
        config: alertmanagerConfig({ settings, region: context.region, topicArns: arns as Record<AlertSeverity, string>, pagerDutyRoutingKey: key || undefined }),
      },
    }));
    // The values carry the PagerDuty key: a Pulumi secret when there is one.
    return { values: routingKey ? pulumi.secret(values) : values, dependsOn: role.ready };
  };
}
