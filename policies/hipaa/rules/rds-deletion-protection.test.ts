import * as aws from "@pulumi/aws";
import { awsProvider, dataLabels, ruleTests } from "../../testing/rule-tests";
import { rdsDeletionProtection } from "./rds-deletion-protection";

const db = (name: string, deletionProtection: boolean | undefined, environment = "production") =>
  new aws.rds.Instance(name, { instanceClass: "db.r6g.large", engine: "postgres", deletionProtection, tags: dataLabels({ environment }) }, { provider: awsProvider() });

ruleTests(rdsDeletionProtection, {
  violating: () => {
    db("unprotected", false);
    db("implicit", undefined);
  },
  violates: ["unprotected", "implicit"],
  passing: () => {
    db("protected", true);
    db("staging", false, "staging");
  },
});
