/**
 * Breach detection in one region (seed: "real-time monitoring and alerting"; cdk-nag
 * GuardDutyEnabled): a GuardDuty detector with EKS protection and its findings routed to the
 * region's alert topics.
 *
 *  - EKS_AUDIT_LOGS: GuardDuty reads the clusters' Kubernetes audit logs itself (no log export);
 *  - RUNTIME_MONITORING with EKS_ADDON_MANAGEMENT: GuardDuty installs and updates its security
 *    agent add-on on every EKS cluster. EKS_RUNTIME_MONITORING is the older name of the same
 *    protection; a detector may carry only one of the two (GuardDuty API, DetectorFeatureConfiguration);
 *  - S3_DATA_EVENTS and RDS_LOGIN_EVENTS: the PHI buckets and databases.
 *
 * GuardDuty allows one detector per account and region (CreateDetector fails when one exists):
 * an account whose detector is managed elsewhere (an organization's delegated administrator)
 * turns `security.guardDuty.enabled` off.
 *
 * Findings: an EventBridge rule per severity band publishes to the alert topic of that
 * severity (high, 7.0-8.9 and critical 9.0+ to `critical`; medium 4.0-6.9 to `warning`).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Detector features turned on, with their additional configurations. */
export const GUARDDUTY_FEATURES: readonly { readonly name: string; readonly additional?: readonly string[] }[] = [
  { name: "EKS_AUDIT_LOGS" },
  { name: "RUNTIME_MONITORING", additional: ["EKS_ADDON_MANAGEMENT"] },
  { name: "S3_DATA_EVENTS" },
  { name: "RDS_LOGIN_EVENTS" },
];

/** EventBridge pattern of GuardDuty findings whose severity is in [min, max). */
export function findingPattern(min: number, max?: number): string {
  const range: (string | number)[] = [">=", min, ...(max === undefined ? [] : ["<", max])];
  return JSON.stringify({ source: ["aws.guardduty"], "detail-type": ["GuardDuty Finding"], detail: { severity: [{ numeric: range }] } });
}

export interface GuardDutyArgs {
  readonly provider: aws.Provider;
  readonly region: string;
  /** Name prefix of the EventBridge rules. */
  readonly namePrefix: string;
  /** Alert topics findings go to (the topics' key and policy must admit EventBridge). */
  readonly criticalTopicArn: pulumi.Input<string>;
  readonly warningTopicArn: pulumi.Input<string>;
}

export class GuardDuty extends pulumi.ComponentResource {
  readonly detectorId: pulumi.Output<string>;

  constructor(name: string, args: GuardDutyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:aws:GuardDuty", name, {}, opts);
    const child: pulumi.CustomResourceOptions = { parent: this, provider: args.provider };
    const detector = new aws.guardduty.Detector(name, { enable: true, findingPublishingFrequency: "FIFTEEN_MINUTES", tags: {} }, child);
    for (const feature of GUARDDUTY_FEATURES) {
      new aws.guardduty.DetectorFeature(
        `${name}-${feature.name.toLowerCase().replace(/_/g, "-")}`,
        { detectorId: detector.id, name: feature.name, status: "ENABLED", additionalConfigurations: (feature.additional ?? []).map((a) => ({ name: a, status: "ENABLED" })) },
        child,
      );
    }
    const bands = [
      { suffix: "high", pattern: findingPattern(7), topic: args.criticalTopicArn, description: "high and critical" },
      { suffix: "medium", pattern: findingPattern(4, 7), topic: args.warningTopicArn, description: "medium" },
    ];
    for (const band of bands) {
      const rule = new aws.cloudwatch.EventRule(
        `${name}-findings-${band.suffix}`,
        { name: `${args.namePrefix}-guardduty-${band.suffix}`.slice(0, 64), description: `GuardDuty ${band.description} findings in ${args.region} to the alert topic`, eventPattern: band.pattern, tags: {} },
        child,
      );
      new aws.cloudwatch.EventTarget(`${name}-findings-${band.suffix}`, { rule: rule.name, arn: band.topic }, child);
    }
    this.detectorId = detector.id;
    this.registerOutputs({ detectorId: this.detectorId });
  }
}
