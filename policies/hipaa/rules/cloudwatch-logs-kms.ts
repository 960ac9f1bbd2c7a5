import * as aws from "@pulumi/aws";
import type { Unwrap } from "@pulumi/pulumi";
import { ENCRYPTION_AT_REST } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";

/** Logs carry request data (subject ids, payload fragments): all of them take a customer key. */
export const cloudwatchLogsKms = resourceRule<Unwrap<aws.cloudwatch.LogGroupArgs>>({
  id: "hipaa-cloudwatch-logs-kms",
  description: "CloudWatch log groups are encrypted with a customer-managed KMS key.",
  severity: "medium",
  controls: ENCRYPTION_AT_REST,
  remediation: "Set `kmsKeyId` to a KMS key ARN whose key policy lets the regional `logs.<region>.amazonaws.com` principal use it.",
  appliesTo: [aws.cloudwatch.LogGroup],
  check: (props, _args, finding) => {
    if (!props.kmsKeyId) finding("the log group has no kmsKeyId");
  },
});
