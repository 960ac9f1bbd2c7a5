/**
 * Monitoring of the Convergence API (guide, Monitoring > Alerts): an uptime check on /health
 * and alert policies for > N consecutive failed health checks, P95 latency, 5xx error rate,
 * KMS failures (log-based metric) and BigQuery quota, sent to the stack's alert e-mails.
 * Data Access audit logs of Cloud KMS and Secret Manager record every key use and every read of
 * the admin key (guide: "Enable audit logging for all admin operations"). The KMS alert waits
 * for its new log-based metric to reach Cloud Monitoring (components/gcp/propagation.ts).
 */
import * as gcp from "@pulumi/gcp";
import { AlertChannels, type GcpPolicySeverity } from "../../gcp/alert-channels";
import type { AlertingConfig } from "../../../stacks/sections/core";
import * as pulumi from "@pulumi/pulumi";
import type { ConvergenceConfig } from "../../../stacks/sections/convergence";
import { propagationDelay } from "../../gcp/propagation";
import { baseLabels, labelValue } from "../../labels";
import { childOpts, type Placement } from "./placement";
import { HEALTH_PATH } from "./service";

type Alerts = ConvergenceConfig["alerts"];

export interface Aggregation {
  readonly alignmentPeriod: string;
  readonly perSeriesAligner: string;
  readonly crossSeriesReducer: string;
  readonly groupByFields?: string[];
}

/** A threshold condition (the only kind used here), as plain data. */
export interface AlertCondition {
  readonly displayName: string;
  readonly conditionThreshold: {
    readonly filter: pulumi.Input<string>;
    readonly aggregations: Aggregation[];
    readonly denominatorFilter?: string;
    readonly denominatorAggregations?: Aggregation[];
    readonly comparison: "COMPARISON_GT";
    readonly thresholdValue: number;
    readonly duration: string;
    readonly trigger: { readonly count: number };
  };
}

/** Cloud Run request metrics of one service. */
export function runMetricFilter(metric: string, service: string, extra = ""): string {
  return `metric.type="run.googleapis.com/${metric}" AND resource.type="cloud_run_revision" AND resource.label.service_name="${service}"${extra}`;
}

/**
 * KMS failures: failed Cloud KMS calls on the service's key ring (data-access audit logs,
 * enabled below) and errors the API itself logs about KMS (timeouts never reach KMS's logs;
 * guide, Troubleshooting: "KMS Encryption Timeout").
 */
export function kmsFailureFilter(keyRing: string, service: string): string {
  return [
    `(logName:"cloudaudit.googleapis.com%2Fdata_access" AND protoPayload.serviceName="cloudkms.googleapis.com" AND resource.labels.key_ring_id="${keyRing}" AND severity>=ERROR)`,
    `(resource.type="cloud_run_revision" AND resource.labels.service_name="${service}" AND severity>=ERROR AND (jsonPayload.msg:"KMS" OR textPayload:"KMS"))`,
  ].join(" OR ");
}

/**
 * Data Access audit log types per service: KMS Encrypt/Decrypt are DATA_READ / DATA_WRITE;
 * Secret Manager's AccessSecretVersion is DATA_READ and GetSecret / ListSecrets ADMIN_READ
 * (Secret Manager, "Audit logging"). Each IAMAuditConfig is authoritative for its service.
 */
export const AUDITED = {
  "cloudkms.googleapis.com": ["DATA_READ", "DATA_WRITE"],
  "secretmanager.googleapis.com": ["ADMIN_READ", "DATA_READ"],
} as const;

/**
 * The alert conditions. Health checks: the uptime check runs every `uptimePeriodSeconds` from
 * several regions; a failure counts when more than one region fails, and the condition must
 * hold for `consecutiveHealthCheckFailures` periods, so it fires on the next (> N-th) failure.
 */
export function alertConditions(a: Alerts, service: string, uptimeCheckId: pulumi.Input<string>, kmsMetric: string): Record<string, AlertCondition> {
  const period = `${a.uptimePeriodSeconds}s`;
  const window = `${a.errorRateWindowMinutes * 60}s`;
  return {
    health: {
      displayName: `/health failed more than ${a.consecutiveHealthCheckFailures} times in a row`,
      conditionThreshold: {
        filter: pulumi.interpolate`metric.type="monitoring.googleapis.com/uptime_check/check_passed" AND resource.type="uptime_url" AND metric.label.check_id="${uptimeCheckId}"`,
        aggregations: [{ alignmentPeriod: period, perSeriesAligner: "ALIGN_NEXT_OLDER", crossSeriesReducer: "REDUCE_COUNT_FALSE", groupByFields: ["resource.label.host"] }],
        comparison: "COMPARISON_GT",
        thresholdValue: 1,
        duration: `${a.consecutiveHealthCheckFailures * a.uptimePeriodSeconds}s`,
        trigger: { count: 1 },
      },
    },
    latency: {
      displayName: `P95 latency above ${a.p95LatencyMs} ms`,
      conditionThreshold: {
        filter: runMetricFilter("request_latencies", service),
        aggregations: [{ alignmentPeriod: "60s", perSeriesAligner: "ALIGN_PERCENTILE_95", crossSeriesReducer: "REDUCE_MAX", groupByFields: ["resource.label.service_name"] }],
        comparison: "COMPARISON_GT",
        thresholdValue: a.p95LatencyMs,
        duration: "300s",
        trigger: { count: 1 },
      },
    },
    errors: {
      displayName: `5xx rate above ${a.errorRatePercent}% over ${a.errorRateWindowMinutes} min`,
      conditionThreshold: {
        filter: runMetricFilter("request_count", service, ` AND metric.label.response_code_class="5xx"`),
        aggregations: [{ alignmentPeriod: window, perSeriesAligner: "ALIGN_RATE", crossSeriesReducer: "REDUCE_SUM", groupByFields: ["resource.label.service_name"] }],
        denominatorFilter: runMetricFilter("request_count", service),
        denominatorAggregations: [{ alignmentPeriod: window, perSeriesAligner: "ALIGN_RATE", crossSeriesReducer: "REDUCE_SUM", groupByFields: ["resource.label.service_name"] }],
        comparison: "COMPARISON_GT",
        thresholdValue: a.errorRatePercent / 100,
        duration: "0s",
        trigger: { count: 1 },
      },
    },
    kms: {
      displayName: "KMS failures",
      conditionThreshold: {
        filter: `metric.type="logging.googleapis.com/user/${kmsMetric}"`,
        aggregations: [{ alignmentPeriod: "300s", perSeriesAligner: "ALIGN_DELTA", crossSeriesReducer: "REDUCE_SUM" }],
        comparison: "COMPARISON_GT",
        thresholdValue: 0,
        duration: "0s",
        trigger: { count: 1 },
      },
    },
    bigqueryQuota: {
      displayName: "BigQuery quota exceeded",
      conditionThreshold: {
        filter: `metric.type="serviceruntime.googleapis.com/quota/exceeded" AND resource.type="consumer_quota" AND resource.label.service="bigquery.googleapis.com"`,
        aggregations: [{ alignmentPeriod: "60s", perSeriesAligner: "ALIGN_COUNT_TRUE", crossSeriesReducer: "REDUCE_SUM", groupByFields: ["metric.label.quota_metric"] }],
        comparison: "COMPARISON_GT",
        thresholdValue: 0,
        duration: "0s",
        trigger: { count: 1 },
      },
    },
  };
}

const SEVERITY: Record<string, GcpPolicySeverity> = { health: "CRITICAL", latency: "WARNING", errors: "ERROR", kms: "ERROR", bigqueryQuota: "WARNING" };

export interface ApiMonitoringArgs {
  readonly placement: Placement;
  readonly serviceName: string;
  /** The key ring id (suffixed per deployment). */
  readonly keyRing: pulumi.Input<string>;
  readonly kmsFailureMetric: string;
  /** Host the uptime check calls over HTTPS (the LB domain in production, else the run.app host). */
  readonly host: pulumi.Input<string>;
  /** `neurastack:alerting`: channels per severity (email, Slack, Teams, PagerDuty, SMS). */
  readonly alerting: AlertingConfig;
  readonly alerts: Alerts;
}

export class ApiMonitoring extends pulumi.ComponentResource {
  readonly channels: AlertChannels;
  readonly uptimeCheck: gcp.monitoring.UptimeCheckConfig;

  constructor(name: string, args: ApiMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:convergence:ApiMonitoring", name, {}, opts);
    const { placement } = args;
    const project = placement.project;
    const userLabels = { ...baseLabels(placement.labels) };

    this.channels = new AlertChannels(
      `${name}-email`,
      { provider: placement.provider, project, alerting: args.alerting, displayPrefix: "Convergence API alerts", userLabels, dependsOn: [placement.apis] },
      { parent: this },
    );

    this.uptimeCheck = new gcp.monitoring.UptimeCheckConfig(
      `${name}-health`,
      {
        project,
        displayName: `${args.serviceName} ${HEALTH_PATH}`,
        period: `${args.alerts.uptimePeriodSeconds}s`,
        timeout: "10s",
        checkerType: "STATIC_IP_CHECKERS",
        httpCheck: { path: HEALTH_PATH, port: 443, useSsl: true, validateSsl: true, requestMethod: "GET", acceptedResponseStatusCodes: [{ statusClass: "STATUS_CLASS_2XX" }] },
        monitoredResource: { type: "uptime_url", labels: { project_id: project, host: args.host } },
        userLabels,
      },
      childOpts(this, placement),
    );

    // Data-access operations are only logged (with their failures) when enabled.
    const audits = Object.entries(AUDITED).map(([service, types]) =>
      new gcp.projects.IAMAuditConfig(`${name}-${service.split(".")[0]}-audit`, { project, service, auditLogConfigs: types.map((logType) => ({ logType })) }, childOpts(this, placement)),
    );
    const kmsMetric = new gcp.logging.Metric(
      `${name}-kms-failures`,
      {
        project,
        name: args.kmsFailureMetric,
        description: `Failed KMS operations of ${args.serviceName}`,
        filter: pulumi.output(args.keyRing).apply((ring) => kmsFailureFilter(ring, args.serviceName)),
        metricDescriptor: { metricKind: "DELTA", valueType: "INT64", unit: "1", displayName: "KMS failures" },
      },
      childOpts(this, placement, { dependsOn: audits }),
    );
    const kmsMetricKnown = propagationDelay(`${name}-metric-propagation`, { provider: placement.timeProvider, kind: "logMetric", after: [kmsMetric], triggers: { metric: args.kmsFailureMetric } }, { parent: this });

    for (const [key, condition] of Object.entries(alertConditions(args.alerts, args.serviceName, this.uptimeCheck.uptimeCheckId, args.kmsFailureMetric))) {
      new gcp.monitoring.AlertPolicy(
        `${name}-${labelValue(key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`))}`,
        {
          project,
          displayName: `${args.serviceName}: ${condition.displayName}`,
          combiner: "OR",
          conditions: [condition],
          notificationChannels: this.channels.idsFor(SEVERITY[key]),
          severity: SEVERITY[key],
          alertStrategy: { autoClose: "1800s" },
          documentation: {
            mimeType: "text/markdown",
            content: `Runbook: docs of ${args.serviceName} (deployment guide, Troubleshooting). Roll back by pinning the last good revision in \`neurastack:convergence.traffic\`.`,
          },
          userLabels,
        },
        childOpts(this, placement, { dependsOn: key === "kms" ? [kmsMetric, kmsMetricKnown] : [] }),
      );
    }
    this.registerOutputs({ uptimeCheckId: this.uptimeCheck.uptimeCheckId });
  }
}
