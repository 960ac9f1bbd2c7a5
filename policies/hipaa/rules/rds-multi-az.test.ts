import * as aws from "@pulumi/aws";
import { awsProvider, dataLabels, ruleTests } from "../../testing/rule-tests";
import { rdsMultiAz } from "./rds-multi-az";

ruleTests(rdsMultiAz, {
  violating: () => {
    new aws.rds.Instance("single-az", { instanceClass: "db.r6g.large", engine: "postgres", multiAz: false, tags: dataLabels() }, { provider: awsProvider() });
  },
  violates: ["single-az"],
  passing: () => {
    const provider = awsProvider();
    const primary = new aws.rds.Instance("multi-az", { instanceClass: "db.r6g.large", engine: "postgres", multiAz: true, tags: dataLabels() }, { provider });
    new aws.rds.Instance("replica", { instanceClass: "db.r6g.large", replicateSourceDb: primary.arn, tags: dataLabels() }, { provider });
    new aws.rds.Instance("staging", { instanceClass: "db.r6g.large", engine: "postgres", multiAz: false, tags: dataLabels({ environment: "staging" }) }, { provider });
  },
});
