import * as aws from "@pulumi/aws";
import { awsProvider, baseLabels, ruleTests } from "../../testing/rule-tests";
import { guarddutyEnabled } from "./guardduty-enabled";

const cluster = (name: string, provider: aws.Provider) =>
  new aws.eks.Cluster(name, { roleArn: "arn:aws:iam::123456789012:role/eks", vpcConfig: { subnetIds: ["subnet-1", "subnet-2"] }, tags: baseLabels() }, { provider });
const detector = (name: string, provider: aws.Provider, features: readonly string[]) => {
  const d = new aws.guardduty.Detector(name, { enable: true, tags: baseLabels() }, { provider });
  for (const f of features) new aws.guardduty.DetectorFeature(`${name}-${f}`, { detectorId: d.id, name: f, status: "ENABLED" }, { provider });
  return d;
};
const routed = (name: string, provider: aws.Provider) => {
  const rule = new aws.cloudwatch.EventRule(name, { name, eventPattern: JSON.stringify({ source: ["aws.guardduty"], "detail-type": ["GuardDuty Finding"] }), tags: baseLabels() }, { provider });
  new aws.cloudwatch.EventTarget(name, { rule: rule.name, arn: "arn:aws:sns:us-east-1:123456789012:alerts-critical" }, { provider });
};

ruleTests(guarddutyEnabled, {
  violating: () => {
    // No detector at all in us-east-1.
    cluster("bare", awsProvider("us-east-1"));
    // A detector without runtime monitoring, findings not routed.
    const west = awsProvider("us-west-2");
    cluster("west", west);
    detector("partial", west, ["EKS_AUDIT_LOGS"]);
  },
  violates: ["bare", "partial"],
  messages: ["without an enabled GuardDuty detector", "does not enable RUNTIME_MONITORING", "are not routed"],
  passing: () => {
    const provider = awsProvider("eu-west-1");
    cluster("protected", provider);
    detector("detector", provider, ["EKS_AUDIT_LOGS", "RUNTIME_MONITORING"]);
    routed("guardduty-findings", provider);
  },
});
