/**
 * The guide's critical alerts for one region, as CloudWatch alarms to SNS:
 *  - endpoint down: the region's Route53 health check fails for a minute (guide: < 1 minute);
 *  - error rate above `errorRatePercent` (guide: 5%) for 5 consecutive minutes (ALB 5xx / requests);
 *  - latency above 2x the configured baseline (ALB target response time p95) for 5 minutes;
 *  - security events: a spike of requests blocked by the region's WAF web ACL.
 * Route53 publishes health-check metrics only in us-east-1, so the endpoint-down alarm lives
 * there (global provider) and notifies us-east-1's topics; the others notify their region's.
 * Severity per guide: downtime and error rate are critical, latency and WAF spikes warnings;
 * the stack's alert routing (components/aws/alerting) delivers each severity.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { SnnFusionConfig } from "../../../stacks/sections/snn-fusion";
import type { AlertSeverity } from "../../../stacks/sections/core";
import type { AlertRouting } from "../../aws/alerting/routing";

/** Route53 health-check metrics exist only in us-east-1. */
const GLOBAL_ALARM_REGION = "us-east-1";

export interface SnnFusionAlarmsArgs {
  readonly settings: SnnFusionConfig;
  readonly environment: string;
  readonly region: string;
  readonly provider: aws.Provider;
  /** us-east-1 provider (Route53 health-check metrics). */
  readonly globalProvider: aws.Provider;
  /** The stack's alert routing (topics per region and severity). */
  readonly alerts: AlertRouting;
  readonly healthCheckId: pulumi.Input<string>;
  /** ALB metric dimension `app/<name>/<id>`. */
  readonly albArnSuffix: pulumi.Input<string>;
  readonly webAclName: pulumi.Input<string>;
}

export class SnnFusionAlarms extends pulumi.ComponentResource {
  /** Alarm names by kind. */
  readonly alarmNames: Readonly<Record<"endpointDown" | "errorRate" | "latency" | "wafBlocked", pulumi.Output<string>>>;

  constructor(name: string, args: SnnFusionAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:systems:SnnFusionAlarms", name, {}, opts);
    const regional = { parent: this, provider: args.provider };
    const prefix = `snn-fusion-${args.environment}-${args.region}`;
    const a = args.settings.alarms;
    const notify = (severity: AlertSeverity, global = false) =>
      global ? args.alerts.alarmActions(GLOBAL_ALARM_REGION, args.globalProvider, severity) : args.alerts.alarmActions(args.region, args.provider, severity);
    const alb = { LoadBalancer: args.albArnSuffix };

    const endpointDown = new aws.cloudwatch.MetricAlarm(
      `${name}-endpoint-down`,
      {
        name: `${prefix}-endpoint-down`,
        alarmDescription: `SNN-Fusion ${args.region}: /health failing (Route53 health check)`,
        namespace: "AWS/Route53",
        metricName: "HealthCheckStatus",
        dimensions: { HealthCheckId: args.healthCheckId },
        statistic: "Minimum",
        period: 60,
        evaluationPeriods: 1,
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
        treatMissingData: "breaching",
        ...notify("critical", true),
        tags: { severity: "critical" },
      },
      { parent: this, provider: args.globalProvider },
    );

    const metric = (id: string, metricName: string) => ({ id, returnData: false, metric: { namespace: "AWS/ApplicationELB", metricName, dimensions: alb, period: 60, stat: "Sum" } });
    const errorRate = new aws.cloudwatch.MetricAlarm(
      `${name}-error-rate`,
      {
        name: `${prefix}-error-rate`,
        alarmDescription: `SNN-Fusion ${args.region}: more than ${a.errorRatePercent}% of requests fail (5xx) for 5 minutes`,
        metricQueries: [
          metric("targetErrors", "HTTPCode_Target_5XX_Count"),
          metric("albErrors", "HTTPCode_ELB_5XX_Count"),
          metric("requests", "RequestCount"),
          { id: "errorRate", label: "5xx error rate (%)", returnData: true, expression: "100 * (FILL(targetErrors, 0) + FILL(albErrors, 0)) / requests" },
        ],
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        comparisonOperator: "GreaterThanThreshold",
        threshold: a.errorRatePercent,
        treatMissingData: "notBreaching",
        ...notify("critical"),
        tags: { severity: "critical" },
      },
      regional,
    );

    // TargetResponseTime is in seconds.
    const latencyThresholdSeconds = (2 * a.latencyBaselineMs) / 1000;
    const latency = new aws.cloudwatch.MetricAlarm(
      `${name}-latency`,
      {
        name: `${prefix}-latency`,
        alarmDescription: `SNN-Fusion ${args.region}: p95 latency above 2x the ${a.latencyBaselineMs} ms baseline for 5 minutes`,
        namespace: "AWS/ApplicationELB",
        metricName: "TargetResponseTime",
        dimensions: alb,
        extendedStatistic: "p95",
        period: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        comparisonOperator: "GreaterThanThreshold",
        threshold: latencyThresholdSeconds,
        treatMissingData: "notBreaching",
        ...notify("warning"),
        tags: { severity: "warning" },
      },
      regional,
    );

    const wafBlocked = new aws.cloudwatch.MetricAlarm(
      `${name}-waf-blocked`,
      {
        name: `${prefix}-waf-blocked`,
        alarmDescription: `SNN-Fusion ${args.region}: more than ${a.wafBlockedRequestsPerMinute} requests per minute blocked by the WAF (possible attack)`,
        namespace: "AWS/WAFV2",
        metricName: "BlockedRequests",
        dimensions: { WebACL: args.webAclName, Region: args.region, Rule: "ALL" },
        statistic: "Sum",
        period: 60,
        evaluationPeriods: 1,
        comparisonOperator: "GreaterThanThreshold",
        threshold: a.wafBlockedRequestsPerMinute,
        treatMissingData: "notBreaching",
        ...notify("warning"),
        tags: { severity: "warning" },
      },
      regional,
    );

    this.alarmNames = { endpointDown: endpointDown.name, errorRate: errorRate.name, latency: latency.name, wafBlocked: wafBlocked.name };
    this.registerOutputs({ alarmNames: this.alarmNames });
  }
}
