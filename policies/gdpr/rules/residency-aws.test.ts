import * as aws from "@pulumi/aws";
import { awsProvider, dataLabels, ruleTests } from "../../testing/rule-tests";
import { residencyAws } from "./residency-aws";

const db = (name: string, region: string, jurisdiction: string) =>
  new aws.rds.Instance(name, { instanceClass: "db.r6g.large", engine: "postgres", tags: dataLabels({ jurisdiction, "data-classification": "pii" }) }, { provider: awsProvider(region) });

ruleTests(residencyAws, {
  violating: () => {
    db("gdpr-in-virginia", "us-east-1", "gdpr");
    db("pdpa-in-tokyo", "ap-northeast-1", "pdpa");
    new aws.secretsmanager.Secret("gdpr-secret-replica-us", { replicas: [{ region: "us-east-1" }], tags: dataLabels({ jurisdiction: "gdpr" }) }, { provider: awsProvider("eu-west-1") });
    // `none` cannot remove Ireland's GDPR (stacks/jurisdictions.ts); its replica in Virginia breaks it too.
    new aws.secretsmanager.Secret("relabelled-none-in-ireland", { replicas: [{ region: "us-east-1" }], tags: dataLabels({ jurisdiction: "none" }) }, { provider: awsProvider("eu-west-1") });
  },
  violates: ["gdpr-in-virginia", "pdpa-in-tokyo", "gdpr-secret-replica-us", "relabelled-none-in-ireland"],
  passing: () => {
    db("gdpr-in-ireland", "eu-west-1", "gdpr");
    db("ccpa-in-oregon", "us-west-2", "ccpa");
    db("pdpa-in-singapore", "ap-southeast-1", "pdpa");
    db("none-in-tokyo", "ap-northeast-1", "none");
  },
});
