import { AUDIT_LOGGING, HIPAA } from "../../lib/controls";
import { awsRegionOf, isProduction, labelsOf } from "../../lib/facts";
import { stackRule } from "../../lib/rule";
import { StackView } from "../../lib/stack";
import { str, type Props } from "../../lib/values";
import type { PolicyResource } from "@pulumi/policy";

const CLUSTER = "aws:eks/cluster:Cluster";
const ACCOUNT = "aws:securityhub/account:Account";
const SUBSCRIPTION = "aws:securityhub/standardsSubscription:StandardsSubscription";
/** The AWS Foundational Security Best Practices standard, any region (Security Hub user guide). */
const FSBP = /^arn:aws[a-z-]*:securityhub:([a-z0-9-]+)::standards\/aws-foundational-security-best-practices\/v\//;

const regionOf = (r: PolicyResource) => awsRegionOf(r.props as Props, r.provider) ?? "(unknown region)";

/**
 * Security Hub evaluates the AWS Foundational Security Best Practices controls on the live
 * account (the controls cdk-nag checks at synthesis, and drift after deploy). Optional by
 * config: every Security Hub account in the plan subscribes the standard of its own region, and
 * production regions that run EKS have Security Hub on.
 */
export const securityHubStandards = stackRule({
  id: "baseline-security-hub-standards",
  description: "Security Hub is enabled in every production region running EKS, and every Security Hub account subscribes the AWS Foundational Security Best Practices standard of its region.",
  severity: "medium",
  controls: [...AUDIT_LOGGING, HIPAA.riskManagement],
  resourceTypes: [CLUSTER, ACCOUNT, SUBSCRIPTION],
  remediation: "Per region: an aws.securityhub.Account and an aws.securityhub.StandardsSubscription with standardsArn `arn:aws:securityhub:<region>::standards/aws-foundational-security-best-practices/v/1.0.0` (config `security.securityHub.enabled`).",
  check: (args, finding) => {
    const view = new StackView(args.resources);
    const subscribed = new Set<string>();
    for (const s of view.ofType(SUBSCRIPTION)) {
      const m = FSBP.exec(str((s.props as Props).standardsArn) ?? "");
      if (!m) continue;
      if (m[1] !== regionOf(s)) finding(`standards subscription ${s.name} names the standard of ${m[1]} from ${regionOf(s)} (the ARN is regional)`, s.urn);
      else subscribed.add(m[1]);
    }
    const hubs = new Set(view.ofType(ACCOUNT).map(regionOf));
    for (const a of view.ofType(ACCOUNT)) {
      if (!subscribed.has(regionOf(a))) finding(`Security Hub in ${regionOf(a)} does not subscribe the AWS Foundational Security Best Practices standard`, a.urn);
    }
    const reported = new Set<string>();
    for (const c of view.ofType(CLUSTER)) {
      const region = regionOf(c);
      if (reported.has(region) || !isProduction(labelsOf(c.type, c.props as Props, c.provider), c.urn)) continue;
      reported.add(region);
      if (!hubs.has(region)) finding(`production region ${region} runs EKS cluster ${c.name} without Security Hub`, c.urn);
    }
  },
});
