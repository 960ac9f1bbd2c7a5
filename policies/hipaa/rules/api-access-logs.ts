import * as aws from "@pulumi/aws";
import { AUDIT_LOGGING } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";
import { get, str, type Props } from "../../lib/values";

/** API Gateway stages front data-subject requests: every call is logged. */
export const apiAccessLogs = resourceRule<Props>({
  id: "hipaa-api-access-logs",
  description: "API Gateway stages write access logs to a log destination.",
  severity: "medium",
  controls: AUDIT_LOGGING,
  remediation: "Set `accessLogSettings: { destinationArn: <encrypted log group ARN>, format }` on the stage.",
  appliesTo: [aws.apigatewayv2.Stage, aws.apigateway.Stage],
  check: (props, _args, finding) => {
    if (!str(get(props, "accessLogSettings", "destinationArn"))) finding("the stage has no accessLogSettings.destinationArn");
  },
});
