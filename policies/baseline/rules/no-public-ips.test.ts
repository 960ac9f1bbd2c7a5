import * as aws from "@pulumi/aws";
import { awsProvider, baseLabels, dataLabels, ruleTests } from "../../testing/rule-tests";
import { noPublicIps } from "./no-public-ips";

ruleTests(noPublicIps, {
  violating: () => {
    const provider = awsProvider();
    new aws.rds.Instance("public-db", { instanceClass: "db.r6g.large", engine: "postgres", publiclyAccessible: true, tags: dataLabels() }, { provider });
    new aws.ec2.LaunchTemplate("public-nodes", { networkInterfaces: [{ associatePublicIpAddress: "true" }], tags: baseLabels() }, { provider });
  },
  violates: ["public-db", "public-nodes"],
  passing: () => {
    const provider = awsProvider();
    new aws.rds.Instance("private-db", { instanceClass: "db.r6g.large", engine: "postgres", publiclyAccessible: false, tags: dataLabels() }, { provider });
    new aws.ec2.LaunchTemplate("private-nodes", { tags: baseLabels() }, { provider });
  },
});
