import * as aws from "@pulumi/aws";
import { awsProvider, dataLabels, ruleTests } from "../../testing/rule-tests";
import { rdsLogExports } from "./rds-log-exports";

const base = { instanceClass: "db.r6g.large", engine: "postgres", tags: dataLabels() };

ruleTests(rdsLogExports, {
  violating: () => {
    const provider = awsProvider();
    new aws.rds.Instance("silent", { ...base }, { provider });
    new aws.rds.Instance("partial", { ...base, enabledCloudwatchLogsExports: ["upgrade"] }, { provider });
    new aws.rds.Instance("replica-silent", { instanceClass: "db.r6g.large", replicateSourceDb: "arn:aws:rds:us-east-1:123456789012:db:primary", tags: dataLabels() }, { provider });
  },
  violates: ["silent", "partial", "replica-silent"],
  passing: () => {
    const provider = awsProvider();
    new aws.rds.Instance("exported", { ...base, enabledCloudwatchLogsExports: ["postgresql", "upgrade"] }, { provider });
    new aws.rds.Instance("replica-exported", { instanceClass: "db.r6g.large", replicateSourceDb: "arn:aws:rds:us-east-1:123456789012:db:primary", enabledCloudwatchLogsExports: ["postgresql", "upgrade"], tags: dataLabels() }, { provider });
  },
});
