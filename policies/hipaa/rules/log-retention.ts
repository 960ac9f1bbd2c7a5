import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import { AUDIT_LOGGING } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";
import { num, type Props } from "../../lib/values";

export const DEFAULT_MIN_RETENTION_DAYS = 90;

/**
 * Audit-relevant logs are kept at least `minRetentionDays` (policy config, per stack: the
 * stack's compliance.minLogRetentionDays). A CloudWatch group without retention keeps logs
 * forever, which satisfies the minimum.
 */
export const logRetention = resourceRule<Props>({
  id: "hipaa-log-retention",
  description: "Log groups and log buckets keep logs at least the configured minimum number of days.",
  severity: "medium",
  controls: AUDIT_LOGGING,
  remediation: "Set `retentionInDays` (CloudWatch) or `retentionDays` (Cloud Logging bucket) to at least the stack's minimum (policy config `minRetentionDays`).",
  config: { minRetentionDays: { type: "integer", minimum: 1, default: DEFAULT_MIN_RETENTION_DAYS } },
  appliesTo: [aws.cloudwatch.LogGroup, gcp.logging.ProjectBucketConfig],
  check: (props, args, finding) => {
    const min = num(args.getConfig<{ minRetentionDays?: number }>().minRetentionDays) ?? DEFAULT_MIN_RETENTION_DAYS;
    if (args.isType(aws.cloudwatch.LogGroup)) {
      const days = num(props.retentionInDays);
      if (days !== undefined && days !== 0 && days < min) finding(`retentionInDays ${days} is below the minimum of ${min}`);
    } else {
      const days = num(props.retentionDays) ?? 30;
      if (days < min) finding(`retentionDays ${days}${props.retentionDays === undefined ? " (the default)" : ""} is below the minimum of ${min}`);
    }
  },
});
