/**
 * Alerts that reach people: every CloudWatch alarm, GCP alert policy and PrometheusRule alert in
 * both plans is delivered to at least one configured receiver, walked from the recorded
 * resources (alarm -> SNS topic -> subscription or Chatbot channel; policy -> notification
 * channel; rule -> Alertmanager route of its cluster -> receiver -> SNS topic or PagerDuty).
 * A second production plan sets every channel kind (Slack, Teams, PagerDuty, SMS) with their
 * secrets, to check the per-severity fan-out the guide asks for.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { planStack, resourcesOf, type EngineResource, type Plan } from "./harness";
import { SECRET_SIG, SIG_KEY } from "../tools/engine/wire";

type Json = Record<string, unknown>;
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const TOPIC = "aws:sns/topic:Topic";
const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
const POLICY = "gcp:monitoring/alertPolicy:AlertPolicy";
const CHANNEL = "gcp:monitoring/notificationChannel:NotificationChannel";
const RULE = "kubernetes:monitoring.coreos.com/v1:PrometheusRule";
const RELEASE = "kubernetes:helm.sh/v3:Release";

/** Wire values with secrets unwrapped (the test reads what the engine would receive). */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") {
    const o = value as Json;
    if (o[SIG_KEY] === SECRET_SIG) return plain(o.value);
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}
const wire = (r: EngineResource): Json => plain(r.wireInputs) as Json;
const out = (r: EngineResource): Json => plain(r.wireOutputs) as Json;

/** A stack file with every channel kind configured and their secrets set (placeholders offline). */
function allChannelsStackFile(): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "alerting-")), "Pulumi.production.yaml");
  const doc = parse(fs.readFileSync(path.join(__dirname, "..", "Pulumi.production.yaml"), "utf8")) as { config: Json };
  doc.config["neurastack:alerting"] = {
    ...(doc.config["neurastack:alerting"] as Json),
    emails: ["platform-oncall@neurascale.example"],
    slack: [{ name: "oncall", workspaceId: "T07EA123LEP", channelId: "C07EZ1ABC23", channelName: "#oncall", severities: ["critical", "warning", "info"] }],
    teams: [{ name: "ops-teams", tenantId: "00000000-0000-4000-8000-000000000001", teamId: "00000000-0000-4000-8000-000000000002", channelId: "19:abc123@thread.tacv2", severities: ["critical"] }],
    pagerDuty: { severities: ["critical"] },
    sms: { numbers: ["+15555550100"] },
  };
  for (const key of ["alertingPagerDutyRoutingKey", "alertingPagerDutyCloudWatchKey", "alertingSlackGcpToken", "alertingTeamsWebhookUrl"]) doc.config[`neurastack:${key}`] = { secure: `v1:offline-${key}` };
  fs.writeFileSync(file, stringify(doc));
  return file;
}

const PLANS = {
  staging: () => planStack("staging"),
  production: () => planStack("production"),
  "production, every channel": () => planStack("production", { stackFile: allChannelsStackFile() }),
} as const;
const plans = new Map<string, Plan>();
// Three whole-program plans (one not shared with other suites through the plan cache).
beforeAll(async () => {
  for (const [name, load] of Object.entries(PLANS)) plans.set(name, await load());
}, 600_000);

/** What reaches a person from each SNS topic ARN: subscriptions and Chatbot channels. */
function topicReceivers(p: Plan): Map<string, string[]> {
  const receivers = new Map<string, string[]>();
  const add = (arn: string, what: string) => receivers.set(arn, [...(receivers.get(arn) ?? []), what]);
  for (const s of resourcesOf(p, SUBSCRIPTION)) add(String(wire(s).topic), String(wire(s).protocol));
  for (const type of ["aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration", "aws:chatbot/teamsChannelConfiguration:TeamsChannelConfiguration"]) {
    for (const c of resourcesOf(p, type)) for (const arn of (wire(c).snsTopicArns as string[]) ?? []) add(arn, type.includes("slack") ? "slack" : "teams");
  }
  return receivers;
}

describe.each(Object.keys(PLANS))("%s", (name) => {
  const p = () => plans.get(name)!;

  test("every CloudWatch alarm notifies an SNS topic of its severity that reaches a configured receiver", () => {
    const alarms = resourcesOf(p(), ALARM);
    expect(alarms.length).toBeGreaterThan(10);
    const topics = new Map(resourcesOf(p(), TOPIC).map((t) => [String(out(t).arn), t]));
    const receivers = topicReceivers(p());
    const unrouted: string[] = [];
    for (const alarm of alarms) {
      const actions = (wire(alarm).alarmActions as string[] | undefined) ?? [];
      const severity = (wire(alarm).tags as Json | undefined)?.severity;
      const reached = actions.filter((arn) => topics.has(arn) && (wire(topics.get(arn)!).tags as Json).severity === severity && (receivers.get(arn) ?? []).length > 0);
      if (reached.length === 0) unrouted.push(`${alarm.name} (${String(severity)}: ${actions.join(", ") || "no action"})`);
    }
    expect(unrouted).toEqual([]);
  });

  test("every GCP alert policy notifies at least one notification channel of the stack", () => {
    const policies = resourcesOf(p(), POLICY);
    expect(policies.length).toBeGreaterThan(5);
    const channels = new Set(resourcesOf(p(), CHANNEL).map((c) => String(out(c).name)));
    const unrouted = policies.filter((policy) => !((wire(policy).notificationChannels as string[] | undefined) ?? []).some((c) => channels.has(c))).map((x) => x.name);
    expect(unrouted).toEqual([]);
  });

  test("every PrometheusRule alert routes, through its cluster's Alertmanager, to a receiver that reaches someone", () => {
    const rules = resourcesOf(p(), RULE);
    expect(rules.length).toBeGreaterThanOrEqual(3);
    const releases = resourcesOf(p(), RELEASE).filter((r) => wire(r).name === "kube-prometheus-stack");
    const topics = new Set(resourcesOf(p(), TOPIC).map((t) => String(out(t).arn)));
    const receivers = topicReceivers(p());
    const problems: string[] = [];
    let alerts = 0;
    for (const rule of rules) {
      const release = releases.find((r) => r.provider === rule.provider);
      if (!release) {
        problems.push(`${rule.name}: no kube-prometheus-stack on its cluster`);
        continue;
      }
      // The operator's ruleSelector (release label) must pick the rule up.
      if ((wire(rule).metadata as { labels: Json }).labels.release !== "kube-prometheus-stack") problems.push(`${rule.name}: not selected by the operator (release label)`);
      const config = ((wire(release).values as Json).alertmanager as Json).config as { route: { receiver: string; routes: { receiver: string; matchers: string[] }[] }; receivers: { name: string; sns_configs?: { topic_arn: string }[]; pagerduty_configs?: { routing_key: string }[] }[] };
      for (const group of (wire(rule).spec as { groups: { rules: { alert: string; labels: Json }[] }[] }).groups) {
        for (const r of group.rules) {
          alerts++;
          const severity = String(r.labels.severity);
          const route = config.route.routes.find((x) => x.matchers.some((m) => m === `severity = "${severity}"`));
          const receiver = config.receivers.find((x) => x.name === (route?.receiver ?? config.route.receiver));
          const viaSns = (receiver?.sns_configs ?? []).some((c) => topics.has(c.topic_arn) && (receivers.get(c.topic_arn) ?? []).length > 0);
          const viaPagerDuty = (receiver?.pagerduty_configs ?? []).some((c) => c.routing_key.length > 0);
          if (!["critical", "warning", "info"].includes(severity) || !(viaSns || viaPagerDuty)) problems.push(`${rule.name}/${r.alert} (${severity}) reaches no receiver`);
        }
      }
    }
    expect(alerts).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });
});

describe("production, every channel: the guide's fan-out per severity", () => {
  const p = () => plans.get("production, every channel")!;

  test("SMS subscribes to critical topics only; email to critical and warning; PagerDuty pages for CloudWatch alarms only", () => {
    const topics = new Map(resourcesOf(p(), TOPIC).map((t) => [String(out(t).arn), String((wire(t).tags as Json).severity)]));
    const bySeverity = (protocol: string) => new Set(resourcesOf(p(), SUBSCRIPTION).filter((s) => wire(s).protocol === protocol).map((s) => topics.get(String(wire(s).topic))));
    expect([...bySeverity("sms")]).toEqual(["critical"]);
    expect([...bySeverity("email")].sort()).toEqual(["critical", "warning"]);
    const pagerDuty = resourcesOf(p(), SUBSCRIPTION).filter((s) => wire(s).protocol === "https");
    expect(pagerDuty.length).toBeGreaterThan(0);
    for (const s of pagerDuty) {
      expect(topics.get(String(wire(s).topic))).toBe("critical");
      // The integration key is in the endpoint: a Pulumi secret, masked in every report.
      expect(s.inputs.endpoint).toBe("[secret]");
      expect(JSON.parse(String(wire(s).filterPolicy))).toEqual({ source: [{ exists: false }] });
    }
  });

  test("Slack and Teams go through AWS Chatbot (us-east-2) with read-only guardrails, over every region's topics", () => {
    const slack = resourcesOf(p(), "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration");
    const teams = resourcesOf(p(), "aws:chatbot/teamsChannelConfiguration:TeamsChannelConfiguration");
    expect(slack).toHaveLength(1);
    expect(teams).toHaveLength(1);
    const regions = new Set(resourcesOf(p(), TOPIC).map((t) => String(p().run.resources.find((x) => x.urn === t.provider)?.inputs.region)));
    expect((wire(slack[0]).snsTopicArns as string[]).length).toBe(regions.size * 3);
    expect((wire(teams[0]).snsTopicArns as string[]).length).toBe(regions.size);
    for (const c of [...slack, ...teams]) {
      expect(p().run.resources.find((x) => x.urn === c.provider)?.inputs.region).toBe("us-east-2");
      expect(wire(c).guardrailPolicyArns).toEqual(["arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess"]);
    }
  });

  test("GCP channels per severity: PagerDuty and SMS only on critical policies, Slack and Teams as configured, keys as secrets", () => {
    const channels = resourcesOf(p(), CHANNEL);
    const type = new Map(channels.map((c) => [String(out(c).name), String(wire(c).type)]));
    for (const c of channels.filter((x) => ["slack", "pagerduty"].includes(String(wire(x).type)))) expect(JSON.stringify(c.inputs.sensitiveLabels)).toMatch(/^\{"(authToken|serviceKey)":"\[secret\]"\}$/);
    for (const c of channels.filter((x) => wire(x).type === "webhook_tokenauth")) expect(c.inputs.labels).toBe("[secret]");
    for (const policy of resourcesOf(p(), POLICY)) {
      const kinds = new Set(((wire(policy).notificationChannels as string[]) ?? []).map((id) => type.get(id)));
      const critical = wire(policy).severity === "CRITICAL";
      expect([policy.name, kinds.has("pagerduty"), kinds.has("sms"), kinds.has("webhook_tokenauth")]).toEqual([policy.name, critical, critical, critical]);
      expect([policy.name, kinds.has("slack"), kinds.has("email")]).toEqual([policy.name, true, true]);
    }
  });

  test("Alertmanager pages PagerDuty (Events API v2) for critical alerts, signs SNS with its own IRSA role", () => {
    const release = resourcesOf(p(), RELEASE).find((r) => wire(r).name === "kube-prometheus-stack")!;
    expect(release.inputs.values).toBe("[secret]");
    const am = (wire(release).values as Json).alertmanager as { serviceAccount: { annotations: Json }; config: { receivers: { name: string; pagerduty_configs?: unknown[]; sns_configs: { sigv4: Json; attributes: Json }[] }[] } };
    expect(String(am.serviceAccount.annotations["eks.amazonaws.com/role-arn"])).toMatch(/^arn:aws:iam::/);
    const critical = am.config.receivers.find((r) => r.name === "critical")!;
    expect(critical.pagerduty_configs).toHaveLength(1);
    expect(am.config.receivers.find((r) => r.name === "warning")!.pagerduty_configs).toBeUndefined();
    expect(critical.sns_configs[0].attributes).toMatchObject({ source: "alertmanager" });
  });
});
