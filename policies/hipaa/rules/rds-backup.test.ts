import * as aws from "@pulumi/aws";
import { awsProvider, dataLabels, ruleTests } from "../../testing/rule-tests";
import { rdsBackup } from "./rds-backup";

const base = { instanceClass: "db.r6g.large", engine: "postgres", tags: dataLabels() };

ruleTests(rdsBackup, {
  config: { minBackupRetentionDays: 30 },
  violating: () => {
    const provider = awsProvider();
    new aws.rds.Instance("week", { ...base, backupRetentionPeriod: 7 }, { provider });
    new aws.rds.Instance("no-final-snapshot", { ...base, backupRetentionPeriod: 30, skipFinalSnapshot: true }, { provider });
  },
  violates: ["week", "no-final-snapshot"],
  passing: () => {
    const provider = awsProvider();
    const primary = new aws.rds.Instance("month", { ...base, backupRetentionPeriod: 30, finalSnapshotIdentifier: "month-final" }, { provider });
    new aws.rds.Instance("replica", { instanceClass: "db.r6g.large", replicateSourceDb: primary.arn, tags: dataLabels() }, { provider });
  },
});
