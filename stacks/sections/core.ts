import { z } from "zod";
import { email, positiveInt } from "./common";

export const SYSTEM_NAMES = ["neuralLedger", "convergence", "snnFusion", "nca", "zkpLedger"] as const;
export type SystemName = (typeof SYSTEM_NAMES)[number];

export const ENVIRONMENTS = ["staging", "production"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const environment = z.enum(ENVIRONMENTS, {
  error: (issue) => `${JSON.stringify(issue.input)} is not an environment (one of ${ENVIRONMENTS.join(", ")})`,
});

/** `neurastack:systems`: the systems this stack builds. */
export const systems = z
  .array(
    z.enum(SYSTEM_NAMES, {
      error: (issue) => `${JSON.stringify(issue.input)} is not a known system (one of ${SYSTEM_NAMES.join(", ")})`,
    }),
  )
  .refine((list) => new Set(list).size === list.length, { error: "names a system twice; list each system once" });

/** `neurastack:protection`: how stateful resources are guarded against deletion. */
export const protection = z.strictObject({
  /** Cloud-side deletion protection (Bigtable, BigQuery, Firestore, RDS, ...). Required in production. */
  deletionProtection: z.boolean(),
  /** Pulumi `protect: true` on stateful resources. Required in production. */
  protectResources: z.boolean(),
});

/** `neurastack:compliance`: facts every data store carries and minimums policies enforce. */
export const compliance = z.strictObject({
  /** Team that owns the data (label `owner`, GDPR Art. 30 records of processing). */
  owner: z.string().regex(/^[a-z0-9-]{2,63}$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a label value (lowercase letters, digits, hyphens)` }),
  /** Minimum log retention in days for audit-relevant logs. */
  minLogRetentionDays: positiveInt,
  /** Minimum backup retention in days for PHI/PII stores. */
  minBackupRetentionDays: positiveInt,
});

// ---- alerting (issue #20) -----------------------------------------------------------------

/** Alert severities, most urgent first. Every alarm, alert policy and PrometheusRule names one. */
export const ALERT_SEVERITIES = ["critical", "warning", "info"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
const severity = z.enum(ALERT_SEVERITIES, { error: (issue) => `${JSON.stringify(issue.input)} is not a severity (one of ${ALERT_SEVERITIES.join(", ")})` });
const severities = z
  .array(severity)
  .min(1, { error: "names no severity; list at least one of critical, warning, info" })
  .refine((list) => new Set(list).size === list.length, { error: "names a severity twice" });

/** Slack through AWS Chatbot (AWS) and the Cloud Monitoring Slack app (GCP). */
const slackChannel = z.strictObject({
  /** Short name of the channel configuration, e.g. "oncall" (lowercase letters, digits, hyphens). */
  name: z.string().regex(/^[a-z0-9-]{1,32}$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a short name (1-32 lowercase letters, digits, hyphens)` }),
  /** Slack workspace (team) id authorized in the AWS Chatbot console, e.g. "T07EA123LEP". */
  workspaceId: z.string().regex(/^T[A-Z0-9]{8,}$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a Slack workspace id (T followed by 8+ capitals/digits)` }),
  /** Slack channel id, e.g. "C07EZ1ABC23" (AWS Chatbot takes the id). */
  channelId: z.string().regex(/^[CG][A-Z0-9]{8,}$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a Slack channel id (C or G followed by 8+ capitals/digits)` }),
  /** Slack channel name for Cloud Monitoring, e.g. "#oncall" (GCP's Slack channel takes the name). */
  channelName: z.string().regex(/^#[a-z0-9_-]{1,80}$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a Slack channel name (#name)` }),
  severities,
});

/** Microsoft Teams through AWS Chatbot (AWS) and a Teams Workflows webhook (GCP). */
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a UUID` });
const teamsChannel = z.strictObject({
  name: z.string().regex(/^[a-z0-9-]{1,32}$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a short name (1-32 lowercase letters, digits, hyphens)` }),
  /** Microsoft 365 tenant id. */
  tenantId: uuid,
  /** Team id authorized in the AWS Chatbot console. */
  teamId: uuid,
  /** Channel id, e.g. "19:abc...@thread.tacv2". */
  channelId: z.string().regex(/^19:[^\s]+@thread\.(tacv2|skype)$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a Teams channel id (19:...@thread.tacv2)` }),
  severities,
});

/** E.164 phone numbers. */
const phoneNumber = z.string().regex(/^\+[1-9]\d{6,14}$/, { error: (issue) => `${JSON.stringify(issue.input)} is not an E.164 phone number (e.g. +15555550100)` });

/**
 * `neurastack:alerting`: where alerts go, per severity (guide 002 "Alert Channels": email for
 * critical and warning alerts, Slack/Teams for real-time notifications, PagerDuty for 24/7
 * incident response, SMS for critical alerts only). The same config feeds CloudWatch alarms (SNS
 * topics per region and severity), GCP notification channels and Alertmanager (receivers and
 * routes per severity). Integration keys and webhook URLs are secrets, never keys here:
 * `alertingPagerDutyRoutingKey`, `alertingPagerDutyCloudWatchKey`, `alertingSlackGcpToken`,
 * `alertingTeamsWebhookUrl` (stacks/schema.ts SECRET_KEYS).
 */
export const alerting = z
  .strictObject({
    /** Email notification channels (GCP) / SNS email subscriptions (AWS). */
    emails: z.array(email).min(1, { error: "needs at least one email address for alert notifications" }),
    /** Severities emailed. Default ["critical", "warning"] (guide: email for critical and warning alerts). */
    emailSeverities: severities.default(["critical", "warning"]),
    /** GCP billing account for budget alerts; budgets are skipped when unset. */
    billingAccount: z.string().regex(/^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a billing account id (XXXXXX-XXXXXX-XXXXXX)` }).optional(),
    /** Slack channels. Default none. */
    slack: z.array(slackChannel).default([]),
    /** Microsoft Teams channels. Default none. */
    teams: z.array(teamsChannel).default([]),
    /** PagerDuty service (keys are the secrets alertingPagerDutyRoutingKey and alertingPagerDutyCloudWatchKey). Default: off. */
    pagerDuty: z.strictObject({ severities: severities.default(["critical"]) }).optional(),
    /** SMS: critical alerts only (guide). Default: off. */
    sms: z.strictObject({ numbers: z.array(phoneNumber).min(1, { error: "needs at least one phone number" }), severities: severities.default(["critical"]) }).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.sms) {
      const other = value.sms.severities.filter((s) => s !== "critical");
      if (other.length > 0) ctx.addIssue({ code: "custom", path: ["sms", "severities"], input: value.sms.severities, message: `${JSON.stringify(value.sms.severities)} includes ${other.join(", ")}; SMS is for critical alerts only` });
    }
    const names = [...value.slack.map((c) => c.name), ...value.teams.map((c) => c.name)];
    const twice = names.filter((n, i) => names.indexOf(n) !== i);
    if (twice.length > 0) ctx.addIssue({ code: "custom", path: ["slack"], input: twice, message: `names ${[...new Set(twice)].join(", ")} twice across slack and teams; each channel configuration needs its own name` });
    // Every alert the program defines is critical or warning: each needs a receiver.
    for (const needed of ["critical", "warning"] as const) {
      const receivers = [value.emailSeverities, ...value.slack.map((c) => c.severities), ...value.teams.map((c) => c.severities), value.pagerDuty?.severities ?? [], value.sms?.severities ?? []];
      if (!receivers.some((list) => list.includes(needed))) {
        ctx.addIssue({ code: "custom", path: ["emailSeverities"], input: value.emailSeverities, message: `routes no ${needed} alert to anyone; add ${needed} to emailSeverities or to a channel` });
      }
    }
  });
export type AlertingConfig = z.infer<typeof alerting>;
