import * as aws from "@pulumi/aws";
import { AUDIT_LOGGING, HIPAA } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";
import { bool, strings, type Props } from "../../lib/values";

/**
 * An alarm nobody hears is not monitoring: every CloudWatch alarm sends its ALARM state
 * somewhere (the alert topic) with actions enabled. cdk-nag CloudWatchAlarmAction (AWS Config
 * cloudwatch-alarm-action-check: alarmActionRequired true, actions enabled).
 */
export const alarmActions = resourceRule<Props>({
  id: "hipaa-alarm-actions",
  description: "CloudWatch metric alarms have at least one alarm action and actions enabled.",
  severity: "medium",
  controls: [...AUDIT_LOGGING, HIPAA.riskManagement],
  remediation: "Set `alarmActions` to the alert topic's ARN (and leave `actionsEnabled` unset or true).",
  appliesTo: [aws.cloudwatch.MetricAlarm],
  check: (props, _args, finding) => {
    if (strings(props.alarmActions).length === 0) finding("alarmActions is empty (the ALARM state notifies nobody)");
    if (bool(props.actionsEnabled) === false) finding("actionsEnabled is false");
  },
});
