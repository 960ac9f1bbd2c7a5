import * as aws from "@pulumi/aws";
import { awsProvider, baseLabels, ruleTests } from "../../testing/rule-tests";
import { eksControlPlaneLogs } from "./eks-control-plane-logs";

const cluster = (name: string, enabledClusterLogTypes: string[]) =>
  new aws.eks.Cluster(name, { roleArn: "arn:aws:iam::123456789012:role/eks", vpcConfig: { subnetIds: ["subnet-1"] }, enabledClusterLogTypes, tags: baseLabels() }, { provider: awsProvider() });

ruleTests(eksControlPlaneLogs, {
  violating: () => {
    cluster("partial", ["api", "audit"]);
  },
  violates: ["partial"],
  messages: ["authenticator, controllerManager, scheduler"],
  passing: () => {
    cluster("all-logs", ["api", "audit", "authenticator", "controllerManager", "scheduler"]);
  },
});
