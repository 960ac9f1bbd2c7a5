import * as aws from "@pulumi/aws";
import { awsProvider, dataLabels, ruleTests } from "../../testing/rule-tests";
import { rdsEnhancedMonitoring } from "./rds-enhanced-monitoring";

const ROLE = "arn:aws:iam::123456789012:role/rds-monitoring";
const base = { instanceClass: "db.r6g.large", engine: "postgres", tags: dataLabels() };

ruleTests(rdsEnhancedMonitoring, {
  violating: () => {
    const provider = awsProvider();
    new aws.rds.Instance("unmonitored", { ...base }, { provider });
    new aws.rds.Instance("zero", { ...base, monitoringInterval: 0, monitoringRoleArn: ROLE }, { provider });
    new aws.rds.Instance("no-role", { ...base, monitoringInterval: 60 }, { provider });
  },
  violates: ["unmonitored", "zero", "no-role"],
  passing: () => {
    new aws.rds.Instance("monitored", { ...base, monitoringInterval: 60, monitoringRoleArn: ROLE }, { provider: awsProvider() });
  },
});
