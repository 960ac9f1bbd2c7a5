import { AUDIT_LOGGING, HIPAA } from "../../lib/controls";
import { awsRegionOf } from "../../lib/facts";
import { stackRule } from "../../lib/rule";
import { StackView } from "../../lib/stack";
import { bool, get, str, type Props } from "../../lib/values";
import type { PolicyResource } from "@pulumi/policy";

const CLUSTER = "aws:eks/cluster:Cluster";
const DETECTOR = "aws:guardduty/detector:Detector";
const FEATURE = "aws:guardduty/detectorFeature:DetectorFeature";
const EVENT_RULE = "aws:cloudwatch/eventRule:EventRule";
const EVENT_TARGET = "aws:cloudwatch/eventTarget:EventTarget";
/** Either name of EKS runtime protection (a detector carries one of them: GuardDuty API DetectorFeatureConfiguration). */
const RUNTIME = new Set(["RUNTIME_MONITORING", "EKS_RUNTIME_MONITORING"]);

const regionOf = (r: PolicyResource) => awsRegionOf(r.props as Props, r.provider) ?? "(unknown region)";

/**
 * Every region that runs an EKS cluster has an enabled GuardDuty detector (cdk-nag
 * GuardDutyEnabled) with EKS audit-log and runtime protection, and an EventBridge rule with a
 * target that routes its findings: detection that nobody hears of is not monitoring.
 */
export const guarddutyEnabled = stackRule({
  id: "hipaa-guardduty-enabled",
  description: "Each region running EKS has an enabled GuardDuty detector with EKS_AUDIT_LOGS and runtime monitoring, and its findings routed by an EventBridge rule with a target.",
  severity: "high",
  controls: [...AUDIT_LOGGING, HIPAA.riskManagement],
  resourceTypes: [CLUSTER, DETECTOR, FEATURE, EVENT_RULE, EVENT_TARGET],
  remediation: "Per region: an aws.guardduty.Detector (enable: true), aws.guardduty.DetectorFeature EKS_AUDIT_LOGS and RUNTIME_MONITORING (additional configuration EKS_ADDON_MANAGEMENT) ENABLED, and an aws.cloudwatch.EventRule on source aws.guardduty with an aws.cloudwatch.EventTarget (the region's alert topic).",
  check: (args, finding) => {
    const view = new StackView(args.resources);
    const detectors = view.ofType(DETECTOR).filter((d) => bool((d.props as Props).enable) !== false);
    // A region has one detector per account (GuardDuty CreateDetector), so features are keyed by region.
    const features = new Map<string, Set<string>>();
    for (const f of view.ofType(FEATURE)) {
      const p = f.props as Props;
      if (str(p.status) !== "ENABLED") continue;
      const region = regionOf(f);
      features.set(region, new Set([...(features.get(region) ?? []), str(p.name) ?? ""]));
    }
    const targeted = new Set(view.ofType(EVENT_TARGET).map((t) => str((t.props as Props).rule)));
    const routedRegions = new Set(
      view
        .ofType(EVENT_RULE)
        .filter((r) => {
          const pattern = str((r.props as Props).eventPattern) ?? "";
          return pattern.includes('"aws.guardduty"') && targeted.has(str((r.props as Props).name));
        })
        .map(regionOf),
    );
    const reported = new Set<string>();
    for (const cluster of view.ofType(CLUSTER)) {
      const region = regionOf(cluster);
      if (reported.has(region)) continue;
      reported.add(region);
      const detector = detectors.find((d) => regionOf(d) === region);
      if (!detector) {
        finding(`region ${region} runs EKS cluster ${cluster.name} without an enabled GuardDuty detector`, cluster.urn);
        continue;
      }
      const on = features.get(region) ?? new Set<string>();
      // Inline features of the detector (older `datasources.kubernetes.auditLogs`) count too.
      const inlineAudit = bool(get(detector.props, "datasources", "kubernetes", "auditLogs", "enable")) === true;
      if (!on.has("EKS_AUDIT_LOGS") && !inlineAudit) finding(`GuardDuty detector in ${region} does not enable EKS_AUDIT_LOGS`, detector.urn);
      if (![...on].some((n) => RUNTIME.has(n))) finding(`GuardDuty detector in ${region} does not enable RUNTIME_MONITORING (or EKS_RUNTIME_MONITORING)`, detector.urn);
      if (!routedRegions.has(region)) finding(`GuardDuty findings in ${region} are not routed (no EventBridge rule on aws.guardduty with a target)`, detector.urn);
    }
  },
});
