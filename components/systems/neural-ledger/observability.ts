/**
 * Monitoring of the ledger: notification channels from `alerting` (per severity), the
 * log-based metrics, the dashboard (guide: `neural-ledger-<environment>`), the alert policies,
 * log retention (monitoring data and Data Access audit logs), and a budget alert when a
 * billing account is configured.
 *
 * Alert policies on the log-based metrics wait for the metric types to reach Cloud Monitoring
 * (components/gcp/propagation.ts): the first `pulumi up` creates them in the same pass.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type * as time from "@pulumiverse/time";
import { alertPolicy } from "../../gcp/alert-policy";
import { AlertChannels } from "../../gcp/alert-channels";
import { BudgetAlert, MAX_BUDGET_CHANNELS } from "../../gcp/budget-alert";
import { LogBuckets } from "../../gcp/log-buckets";
import type { AlertingConfig } from "../../../stacks/sections/core";
import { logCounterMetric, logDistributionMetric } from "../../gcp/log-metric";
import { propagationDelay } from "../../gcp/propagation";
import type { Labels } from "../../labels";
import { ledgerAlerts } from "./alerts";
import { dashboardJson } from "./dashboard";
import { LATENCY_BOUNDS_MS, LOG_METRICS } from "./metrics";

export interface LedgerObservabilityArgs {
  readonly provider: gcp.Provider;
  readonly timeProvider: time.Provider;
  readonly project: string;
  readonly region: string;
  readonly environment: string;
  /** `neurastack:alerting`: channels per severity (email, Slack, Teams, PagerDuty, SMS). */
  readonly alerting: AlertingConfig;
  /** Budget alerts are created only with a billing account. */
  readonly billingAccount?: string;
  readonly projectNumber: pulumi.Input<string>;
  /** Labels of channels and policies (userLabels). */
  readonly userLabels: Labels;
  /** The ingestion-path availability alert (guide: enable_uptime_checks). */
  readonly uptime: boolean;
  /** `_Default` log bucket retention (monitoring data). */
  readonly monitoringLogDays: number;
  /** Data Access audit log bucket; none when audit logs are off. */
  readonly auditLogs?: { readonly bucketId: pulumi.Input<string>; readonly days: number };
  readonly dependsOn: pulumi.Input<pulumi.Resource>[];
}

/** The guide's dashboard name: `create_monitoring_dashboard(project, 'neural-ledger-<env>')`. */
export function dashboardName(environment: string): string {
  return `neural-ledger-${environment}`;
}

export class LedgerObservability extends pulumi.ComponentResource {
  readonly channels: AlertChannels;
  readonly metrics: readonly gcp.logging.Metric[];
  readonly dashboard: gcp.monitoring.Dashboard;
  readonly alerts: readonly gcp.monitoring.AlertPolicy[];
  readonly logs: LogBuckets;
  readonly budget?: BudgetAlert;

  constructor(name: string, args: LedgerObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:neural-ledger:Observability", name, {}, opts);
    const child: pulumi.CustomResourceOptions = { parent: this, provider: args.provider, dependsOn: args.dependsOn };
    this.channels = new AlertChannels(`${name}-email`, {
      provider: args.provider,
      project: args.project,
      alerting: args.alerting,
      displayPrefix: `Neural Ledger (${args.environment})`,
      userLabels: args.userLabels,
      dependsOn: args.dependsOn,
    }, { parent: this });

    this.metrics = LOG_METRICS.map((spec) =>
      spec.kind === "counter"
        ? logCounterMetric(`${name}-metric-${spec.key}`, { project: args.project, metricId: spec.metricId, description: spec.description, filter: spec.filter, labels: spec.labels }, child)
        : logDistributionMetric(`${name}-metric-${spec.key}`, {
            project: args.project, metricId: spec.metricId, description: spec.description, filter: spec.filter, labels: spec.labels,
            valueField: spec.valueField, unit: "ms", bounds: LATENCY_BOUNDS_MS,
          }, child),
    );

    this.dashboard = new gcp.monitoring.Dashboard(`${name}-dashboard`, {
      project: args.project,
      dashboardJson: dashboardJson(dashboardName(args.environment)),
    }, child);

    // Policies reference the user metrics: they wait until Monitoring knows the metric types.
    const metricsKnown = propagationDelay(`${name}-metric-propagation`, {
      provider: args.timeProvider,
      kind: "logMetric",
      after: this.metrics,
      triggers: { metrics: LOG_METRICS.map((m) => m.metricId).sort().join(",") },
    }, { parent: this });
    const alertOpts: pulumi.CustomResourceOptions = { ...child, dependsOn: [...args.dependsOn, ...this.metrics, metricsKnown] };
    this.alerts = ledgerAlerts({ uptime: args.uptime }).map((spec) =>
      alertPolicy(`${name}-alert-${spec.key}`, {
        project: args.project,
        displayName: spec.displayName,
        conditions: spec.conditions,
        channels: this.channels.idsFor(spec.severity),
        severity: spec.severity,
        runbook: spec.runbook,
        userLabels: args.userLabels,
      }, alertOpts),
    );

    this.logs = new LogBuckets(`${name}-logs`, {
      provider: args.provider,
      project: args.project,
      location: args.region,
      defaultDays: args.monitoringLogDays,
      audit: args.auditLogs,
      dependsOn: args.dependsOn,
    }, { parent: this });

    if (args.billingAccount) {
      this.budget = new BudgetAlert(`${name}-budget`, {
        project: args.project,
        region: args.region,
        billingAccount: args.billingAccount,
        projectNumber: args.projectNumber,
        displayName: `Neural Ledger ${args.environment}`,
        channels: this.channels.emailIds.slice(0, MAX_BUDGET_CHANNELS),
        dependsOn: args.dependsOn,
      }, { parent: this });
    }
    this.registerOutputs({ dashboard: this.dashboard.id, channels: this.channels.channels.map((c) => c.channel.name) });
  }
}
