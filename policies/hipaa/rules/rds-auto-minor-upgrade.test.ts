import * as aws from "@pulumi/aws";
import { awsProvider, dataLabels, ruleTests } from "../../testing/rule-tests";
import { rdsAutoMinorUpgrade } from "./rds-auto-minor-upgrade";

const base = { instanceClass: "db.r6g.large", engine: "postgres", tags: dataLabels() };

ruleTests(rdsAutoMinorUpgrade, {
  violating: () => {
    new aws.rds.Instance("pinned", { ...base, autoMinorVersionUpgrade: false }, { provider: awsProvider() });
  },
  violates: ["pinned"],
  passing: () => {
    const provider = awsProvider();
    new aws.rds.Instance("patched", { ...base, autoMinorVersionUpgrade: true }, { provider });
    new aws.rds.Instance("default", { ...base }, { provider });
  },
});
