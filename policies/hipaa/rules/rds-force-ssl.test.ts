import * as aws from "@pulumi/aws";
import { awsProvider, dataLabels, ruleTests } from "../../testing/rule-tests";
import { rdsForceSsl } from "./rds-force-ssl";

const base = { instanceClass: "db.r6g.large", engine: "postgres", allocatedStorage: 100, manageMasterUserPassword: true, username: "app", tags: dataLabels() };
const group = (name: string, value: string) => new aws.rds.ParameterGroup(name, { family: "postgres15", parameters: [{ name: "rds.force_ssl", value }], tags: dataLabels() }, { provider: awsProvider() });

ruleTests(rdsForceSsl, {
  violating: () => {
    const provider = awsProvider();
    new aws.rds.Instance("default-group", { ...base, engineVersion: "15" }, { provider });
    const lax = group("lax", "0");
    new aws.rds.Instance("lax-group", { ...base, engineVersion: "15", parameterGroupName: lax.name }, { provider });
  },
  violates: ["default-group", "lax-group"],
  messages: ["default parameter group", "rds.force_ssl=0"],
  passing: () => {
    const provider = awsProvider();
    const strict = group("strict", "1");
    new aws.rds.Instance("tls-only", { ...base, engineVersion: "15", parameterGroupName: strict.name }, { provider });
    new aws.rds.Instance("pg16-default", { ...base, engineVersion: "16.4" }, { provider });
  },
});
