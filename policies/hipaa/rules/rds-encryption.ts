import * as aws from "@pulumi/aws";
import { ENCRYPTION_AT_REST } from "../../lib/controls";
import { resourceFacts } from "../../lib/facts";
import { resourceRule } from "../../lib/rule";
import { bool, str, type Props } from "../../lib/values";

/**
 * RDS storage (and Performance Insights data) encrypted with a customer-managed KMS key. A
 * cross-region read replica inherits encryption but must name a key in its own region.
 */
export const rdsEncryption = resourceRule<Props>({
  id: "hipaa-rds-encryption",
  description: "RDS instances and clusters encrypt storage and Performance Insights with a customer-managed KMS key.",
  severity: "critical",
  controls: ENCRYPTION_AT_REST,
  remediation: "Set `storageEncrypted: true` and `kmsKeyId` to a customer-managed KMS key of the region; with Performance Insights on, set `performanceInsightsKmsKeyId` too.",
  appliesTo: [aws.rds.Instance, aws.rds.Cluster],
  check: (props, args, finding) => {
    if (!resourceFacts(args).sensitive) return;
    const replica = str(props.replicateSourceDb) !== undefined;
    if (bool(props.storageEncrypted) !== true && !replica) finding("storageEncrypted is not true");
    if (!str(props.kmsKeyId)) finding("no kmsKeyId: storage would use the AWS-managed aws/rds key, not a customer-managed key");
    if (bool(props.performanceInsightsEnabled) === true && !str(props.performanceInsightsKmsKeyId)) finding("Performance Insights is on without performanceInsightsKmsKeyId");
  },
});
