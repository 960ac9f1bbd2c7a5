import * as aws from "@pulumi/aws";
import { awsProvider, baseLabels, ruleTests } from "../../testing/rule-tests";
import { alarmActions } from "./alarm-actions";

const TOPIC = "arn:aws:sns:us-east-1:123456789012:alerts";
const base = { comparisonOperator: "GreaterThanThreshold", evaluationPeriods: 1, metricName: "Errors", namespace: "AWS/Lambda", period: 60, statistic: "Sum", threshold: 1, tags: baseLabels() };

ruleTests(alarmActions, {
  violating: () => {
    const provider = awsProvider();
    new aws.cloudwatch.MetricAlarm("silent", { ...base }, { provider });
    new aws.cloudwatch.MetricAlarm("disabled", { ...base, alarmActions: [TOPIC], actionsEnabled: false }, { provider });
  },
  violates: ["silent", "disabled"],
  passing: () => {
    new aws.cloudwatch.MetricAlarm("paging", { ...base, alarmActions: [TOPIC] }, { provider: awsProvider() });
  },
});
