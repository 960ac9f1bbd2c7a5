/**
 * NCA's monitoring (guide "Monitoring and Observability": alerting rules for critical metrics,
 * notification channels, escalation): Prometheus rules over the API and worker metrics
 * (./metrics.ts) for the Prometheus Operator, and CloudWatch alarms over what only AWS sees
 * (RDS, ElastiCache, the data-subject-request queue, dead-letter queue and failures). Every
 * alert names a severity; the stack's alert routing delivers it (PrometheusRules through
 * Alertmanager, alarms through the region's SNS topics).
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { AlertRouting } from "../../aws/alerting/routing";
import { backupRules } from "../../k8s/backup-alerts";
import { dashboardConfigMap } from "../../k8s/grafana-dashboards";
import { ncaDashboards } from "./dashboards";
import { prometheusRule, type AlertRule } from "../../k8s/prometheus";
import type { NcaConfig } from "../../../stacks/sections/nca";
import type { AlertSeverity } from "../../../stacks/sections/core";
import { NCA_METRICS } from "./metrics";
import { API_NAME, BACKUP_JOB, NAMESPACE, S3_BACKUP_JOB, WORKER_NAME } from "./settings";

/** Log metric of failed data-subject requests (erasures included), from the handler's JSON logs. */
export const DSR_FAILURE_PATTERN = '{ ($.level = "error") || ($.message = "sweep of pending erasures failed") }';
export const DSR_METRIC_NAMESPACE = "NeuroCognitive/DataSubjectRequests";

/** The Prometheus rules (pure: tests read them). */
export function ncaAlertRules(a: NcaConfig["alerts"]): AlertRule[] {
  const api = `namespace="${NAMESPACE}", app_kubernetes_io_component="api"`;
  const worker = `namespace="${NAMESPACE}", app_kubernetes_io_component="worker"`;
  return [
    {
      alert: "NcaApiHighErrorRate",
      expr: `sum(rate(${NCA_METRICS.requests}{${api}, status=~"5.."}[5m])) / sum(rate(${NCA_METRICS.requests}{${api}}[5m])) > ${a.apiErrorRatePercent / 100}`,
      for: "5m",
      labels: { severity: "critical" },
      annotations: { summary: `NCA API 5xx above ${a.apiErrorRatePercent}% of requests`, runbook: "Guide Troubleshooting: kubectl logs deployment/neuroca-api -n neuroca; roll back with kubectl rollout undo" },
    },
    {
      alert: "NcaApiHighLatency",
      expr: `histogram_quantile(0.95, sum by (le) (rate(${NCA_METRICS.requestDuration}_bucket{${api}}[5m]))) > ${a.apiLatencyP95Ms / 1000}`,
      for: "10m",
      labels: { severity: "warning" },
      annotations: { summary: `NCA API p95 latency above ${a.apiLatencyP95Ms} ms`, runbook: "Guide Performance Issues: check resource usage, slow queries, external services" },
    },
    {
      alert: "NcaApiDown",
      expr: `sum(up{${api}}) == 0 or absent(up{${api}})`,
      for: "2m",
      labels: { severity: "critical" },
      annotations: { summary: "No NCA API pod is scraped up", runbook: "Guide Application Not Starting: kubectl describe pod -n neuroca" },
    },
    {
      alert: "NcaWorkerQueueBacklog",
      expr: `max(${NCA_METRICS.workerQueueDepth}{${worker}}) > ${a.workerQueueDepth}`,
      for: "10m",
      labels: { severity: "warning" },
      annotations: { summary: `NCA worker queue above ${a.workerQueueDepth} jobs for 10 minutes`, runbook: "Scale the worker (HPA bounds nca.worker.replicas) or check failing jobs" },
    },
    {
      alert: "NcaWorkerUnavailable",
      expr: `kube_deployment_status_replicas_available{namespace="${NAMESPACE}", deployment="${WORKER_NAME}"} < 1`,
      for: "5m",
      labels: { severity: "critical" },
      annotations: { summary: "No NCA worker replica is available", runbook: "kubectl describe deployment/neuroca-worker -n neuroca" },
    },
    {
      alert: "NcaApiReplicasMissing",
      expr: `kube_deployment_status_replicas_available{namespace="${NAMESPACE}", deployment="${API_NAME}"} < kube_deployment_spec_replicas{namespace="${NAMESPACE}", deployment="${API_NAME}"}`,
      for: "15m",
      labels: { severity: "warning" },
      annotations: { summary: "NCA API runs below its desired replicas", runbook: "kubectl get events -n neuroca" },
    },
    // Backups in both locations, and the restore test of the S3 copy.
    ...backupRules(NAMESPACE, { verify: [`${S3_BACKUP_JOB}-verify`], backups: [BACKUP_JOB, S3_BACKUP_JOB] }, 26, "Nca"),
  ];
}

export interface NcaMonitoringArgs {
  readonly settings: NcaConfig;
  readonly environment: string;
  readonly region: string;
  readonly awsProvider: aws.Provider;
  readonly kubernetesProvider: k8s.Provider;
  readonly namespace: pulumi.Input<string>;
  readonly alerts: AlertRouting;
  /** Labels the Prometheus Operator's ruleSelector matches (kube-prometheus-stack: release). */
  readonly ruleLabels: Readonly<Record<string, string>>;
  /** What the PrometheusRule waits for (the platform's monitoring release: its CRDs). */
  readonly ruleDependsOn: readonly pulumi.Resource[];
  readonly database: { readonly identifier: pulumi.Input<string>; readonly replicaIdentifiers: readonly pulumi.Input<string>[] };
  readonly cache: { readonly replicationGroupId: pulumi.Input<string>; readonly nodes: number };
  readonly dsr: { readonly functionName: pulumi.Input<string>; readonly queueName: pulumi.Input<string>; readonly deadLetterQueueName: pulumi.Input<string>; readonly logGroupName: pulumi.Input<string> };
}

export class NcaMonitoring extends pulumi.ComponentResource {
  readonly rule: k8s.apiextensions.CustomResource;
  readonly alarms: readonly aws.cloudwatch.MetricAlarm[];

  constructor(name: string, args: NcaMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:nca:Monitoring", name, {}, opts);
    const a = args.settings.alerts;
    const child = { parent: this, provider: args.awsProvider };
    this.rule = prometheusRule(
      `${name}-rules`,
      { name: "neuroca-alerts", namespace: args.namespace, labels: { ...args.ruleLabels }, group: "neuroca", rules: ncaAlertRules(a) },
      { parent: this, provider: args.kubernetesProvider, dependsOn: [...args.ruleDependsOn] },
    );

    // Dashboards for the cluster Grafana's sidecar (ConfigMaps labelled grafana_dashboard).
    for (const d of ncaDashboards()) dashboardConfigMap(`${name}-dashboard-${d.uid}`, { namespace: args.namespace, folder: "NCA", dashboard: d }, { parent: this, provider: args.kubernetesProvider });

    const prefix = `nca-${args.environment}`;
    const alarms: aws.cloudwatch.MetricAlarm[] = [];
    const alarm = (key: string, severity: AlertSeverity, spec: Omit<aws.cloudwatch.MetricAlarmArgs, "alarmActions" | "okActions" | "tags" | "name">, extra: pulumi.CustomResourceOptions = {}) => {
      const created = new aws.cloudwatch.MetricAlarm(
        `${name}-${key}`,
        { ...spec, name: `${prefix}-${key}`, ...args.alerts.alarmActions(args.region, args.awsProvider, severity), tags: { severity } },
        { ...child, ...extra },
      );
      alarms.push(created);
      return created;
    };

    // ---- Data-subject requests: a message in the dead-letter queue is a request nobody served.
    alarm("dsr-dead-letters", "critical", {
      alarmDescription: "NCA data-subject requests in the dead-letter queue (a legal request failed every retry)",
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: args.dsr.deadLetterQueueName },
      statistic: "Maximum",
      period: 300,
      evaluationPeriods: 1,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      treatMissingData: "notBreaching",
    });
    const failures = new aws.cloudwatch.LogMetricFilter(
      `${name}-dsr-failures`,
      {
        name: `${prefix}-dsr-failures`,
        logGroupName: args.dsr.logGroupName,
        pattern: DSR_FAILURE_PATTERN,
        metricTransformation: { name: "Failures", namespace: DSR_METRIC_NAMESPACE, value: "1", defaultValue: "0" },
      },
      child,
    );
    alarm(
      "dsr-failed-erasures",
      "critical",
      {
        alarmDescription: "NCA data-subject requests or erasure sweeps failed (erasures owed to data subjects)",
        namespace: DSR_METRIC_NAMESPACE,
        metricName: "Failures",
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        treatMissingData: "notBreaching",
      },
      { dependsOn: [failures] },
    );
    alarm("dsr-function-errors", "warning", {
      alarmDescription: "NCA data-subject-request Lambda errors",
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: args.dsr.functionName },
      statistic: "Sum",
      period: 300,
      evaluationPeriods: 1,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      treatMissingData: "notBreaching",
    });
    alarm("dsr-queue-age", "warning", {
      alarmDescription: "NCA data-subject requests waiting over an hour",
      namespace: "AWS/SQS",
      metricName: "ApproximateAgeOfOldestMessage",
      dimensions: { QueueName: args.dsr.queueName },
      statistic: "Maximum",
      period: 300,
      evaluationPeriods: 2,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 3600,
      treatMissingData: "notBreaching",
    });

    // ---- Database health.
    const rds = (id: pulumi.Input<string>) => ({ DBInstanceIdentifier: id });
    alarm("db-cpu", "warning", {
      alarmDescription: `NCA PostgreSQL CPU above ${a.databaseCpuPercent}% for 15 minutes`,
      namespace: "AWS/RDS",
      metricName: "CPUUtilization",
      dimensions: rds(args.database.identifier),
      statistic: "Average",
      period: 300,
      evaluationPeriods: 3,
      comparisonOperator: "GreaterThanThreshold",
      threshold: a.databaseCpuPercent,
      treatMissingData: "breaching",
    });
    alarm("db-free-storage", "critical", {
      alarmDescription: `NCA PostgreSQL free storage below ${a.databaseFreeStorageGb} GiB`,
      namespace: "AWS/RDS",
      metricName: "FreeStorageSpace",
      dimensions: rds(args.database.identifier),
      statistic: "Minimum",
      period: 300,
      evaluationPeriods: 1,
      comparisonOperator: "LessThanThreshold",
      threshold: a.databaseFreeStorageGb * 1024 ** 3,
      treatMissingData: "breaching",
    });
    args.database.replicaIdentifiers.forEach((id, i) =>
      alarm(`db-replica-${i + 1}-lag`, "warning", {
        alarmDescription: `NCA read replica ${i + 1} lags more than ${a.replicaLagSeconds} s`,
        namespace: "AWS/RDS",
        metricName: "ReplicaLag",
        dimensions: rds(id),
        statistic: "Maximum",
        period: 300,
        evaluationPeriods: 2,
        comparisonOperator: "GreaterThanThreshold",
        threshold: a.replicaLagSeconds,
        treatMissingData: "breaching",
      }),
    );

    // ---- Cache health, per node of the replication group (`<group>-001`, ...; ElastiCache
    // publishes per CacheClusterId only).
    for (let n = 1; n <= args.cache.nodes; n++) {
      const node = pulumi.interpolate`${args.cache.replicationGroupId}-${String(n).padStart(3, "0")}`;
      alarm(`cache-${n}-memory`, "warning", {
        alarmDescription: `NCA Redis node ${n} memory above ${a.cacheMemoryPercent}%`,
        namespace: "AWS/ElastiCache",
        metricName: "DatabaseMemoryUsagePercentage",
        dimensions: { CacheClusterId: node },
        statistic: "Maximum",
        period: 300,
        evaluationPeriods: 2,
        comparisonOperator: "GreaterThanThreshold",
        threshold: a.cacheMemoryPercent,
        treatMissingData: "breaching",
      });
      alarm(`cache-${n}-cpu`, "warning", {
        alarmDescription: `NCA Redis node ${n} engine CPU above ${a.cacheCpuPercent}%`,
        namespace: "AWS/ElastiCache",
        metricName: "EngineCPUUtilization",
        dimensions: { CacheClusterId: node },
        statistic: "Average",
        period: 300,
        evaluationPeriods: 3,
        comparisonOperator: "GreaterThanThreshold",
        threshold: a.cacheCpuPercent,
        treatMissingData: "breaching",
      });
    }
    this.alarms = alarms;
    this.registerOutputs({ ruleName: this.rule.metadata.name, alarms: alarms.map((x) => x.name) });
  }
}
