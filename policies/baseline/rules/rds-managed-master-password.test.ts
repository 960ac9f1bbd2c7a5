import * as aws from "@pulumi/aws";
import { awsProvider, dataLabels, ruleTests } from "../../testing/rule-tests";
import { rdsManagedMasterPassword } from "./rds-managed-master-password";

ruleTests(rdsManagedMasterPassword, {
  violating: () => {
    new aws.rds.Instance("password-in-state", { instanceClass: "db.r6g.large", engine: "postgres", username: "app", password: "not-in-state-please", tags: dataLabels() }, { provider: awsProvider() });
  },
  violates: ["password-in-state"],
  messages: ["manageMasterUserPassword is not true", "stored in state"],
  passing: () => {
    const provider = awsProvider();
    const primary = new aws.rds.Instance("managed", { instanceClass: "db.r6g.large", engine: "postgres", username: "app", manageMasterUserPassword: true, tags: dataLabels() }, { provider });
    new aws.rds.Instance("replica", { instanceClass: "db.r6g.large", replicateSourceDb: primary.arn, tags: dataLabels() }, { provider });
  },
});
