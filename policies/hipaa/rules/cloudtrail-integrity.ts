import * as aws from "@pulumi/aws";
import { AUDIT_LOGGING, HIPAA } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";
import { bool, str, type Props } from "../../lib/values";

/**
 * The audit trail can be trusted and read: digest files prove the log files were not altered
 * (log file validation), a customer-managed KMS key encrypts them, and delivery to CloudWatch
 * Logs lets the metric filters and alarms see events as they happen. Same checks as cdk-nag's
 * CloudTrailLogFileValidationEnabled / CloudTrailEncryptionEnabled / CloudTrailCloudWatchLogsEnabled
 * (AWS Config rules cloud-trail-log-file-validation-enabled, cloud-trail-encryption-enabled,
 * cloud-trail-cloud-watch-logs-enabled).
 */
export const cloudtrailIntegrity = resourceRule<Props>({
  id: "hipaa-cloudtrail-integrity",
  description: "CloudTrail trails validate their log files, encrypt them with a KMS key and deliver them to CloudWatch Logs.",
  severity: "high",
  controls: [...AUDIT_LOGGING, HIPAA.integrity],
  remediation: "Set `enableLogFileValidation: true`, `kmsKeyId` to a customer-managed key whose policy lets cloudtrail.amazonaws.com encrypt, and `cloudWatchLogsGroupArn` (`<group arn>:*`) with `cloudWatchLogsRoleArn` a role CloudTrail can assume to write to it.",
  appliesTo: [aws.cloudtrail.Trail],
  check: (props, _args, finding) => {
    if (bool(props.enableLogFileValidation) !== true) finding("enableLogFileValidation is not true (log files cannot be proven unaltered)");
    if (!str(props.kmsKeyId)) finding("kmsKeyId is not set (log files are encrypted only with S3-managed keys)");
    if (!str(props.cloudWatchLogsGroupArn)) finding("cloudWatchLogsGroupArn is not set (no delivery to CloudWatch Logs for metric filters and alarms)");
    else if (!str(props.cloudWatchLogsRoleArn)) finding("cloudWatchLogsRoleArn is not set (CloudTrail cannot write to the log group)");
  },
});
