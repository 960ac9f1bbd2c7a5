import * as aws from "@pulumi/aws";
import { awsProvider, dataLabels, ruleTests } from "../../testing/rule-tests";
import { rdsIamAuthentication } from "./rds-iam-authentication";

const db = (name: string, iamDatabaseAuthenticationEnabled?: boolean) =>
  new aws.rds.Instance(name, { instanceClass: "db.r6g.large", engine: "postgres", iamDatabaseAuthenticationEnabled, tags: dataLabels() }, { provider: awsProvider() });

ruleTests(rdsIamAuthentication, {
  violating: () => {
    db("passwords-only");
  },
  violates: ["passwords-only"],
  passing: () => {
    db("iam", true);
  },
});
