/**
 * Monitoring of the ledger: notification channels from `alerting` (per severity), the
 * log-based metrics, the dashboard, the alert policies, and a budget alert when a billing
 * account is configured.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { alertPolicy } from "../../gcp/alert-policy";
import { BudgetAlert } from "../../gcp/budget-alert";
import { AlertChannels } from "../../gcp/alert-channels";
import type { AlertingConfig } from "../../../stacks/sections/core";
import { logCounterMetric, logDistributionMetric } from "../../gcp/log-metric";
import type { Labels } from "../../labels";
import { ledgerAlerts } from "./alerts";
import { dashboardJson } from "./dashboard";
import { LATENCY_BOUNDS_MS, LOG_METRICS } from "./metrics";

export interface LedgerObservabilityArgs {
  readonly provider: gcp.Provider;
  readonly project: string;
  readonly environment: string;
  /** `neurastack:alerting`: channels per severity (email, Slack, Teams, PagerDuty, SMS). */
  readonly alerting: AlertingConfig;
  /** Budget alerts are created only with a billing account. */
  readonly billingAccount?: string;
  readonly projectNumber: pulumi.Input<string>;
  /** Labels of channels and policies (userLabels). */
  readonly userLabels: Labels;
  readonly dependsOn: pulumi.Input<pulumi.Resource>[];
}

export class LedgerObservability extends pulumi.ComponentResource {
  readonly channels: AlertChannels;
  readonly metrics: readonly gcp.logging.Metric[];
  readonly dashboard: gcp.monitoring.Dashboard;
  readonly alerts: readonly gcp.monitoring.AlertPolicy[];
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
      dashboardJson: dashboardJson(`Neural Ledger (${args.environment})`),
    }, child);

    // Policies reference the user metrics: they must exist first.
    const alertOpts: pulumi.CustomResourceOptions = { ...child, dependsOn: [...args.dependsOn, ...this.metrics] };
    this.alerts = ledgerAlerts().map((spec) =>
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

    if (args.billingAccount) {
      this.budget = new BudgetAlert(`${name}-budget`, {
        provider: args.provider,
        billingAccount: args.billingAccount,
        projectNumber: args.projectNumber,
        displayName: `Neural Ledger ${args.environment}`,
        channels: this.channels.emailIds.slice(0, 5),
        dependsOn: args.dependsOn,
      }, { parent: this });
    }
    this.registerOutputs({ dashboard: this.dashboard.id, channels: this.channels.channels.map((c) => c.channel.name) });
  }
}
