import * as aws from "@pulumi/aws";
import { awsProvider, dataLabels, ruleTests } from "../../testing/rule-tests";
import { s3AccessLogging } from "./s3-access-logging";

ruleTests(s3AccessLogging, {
  violating: () => {
    new aws.s3.Bucket("unlogged", { bucket: "unlogged", tags: dataLabels() }, { provider: awsProvider() });
  },
  violates: ["unlogged"],
  passing: () => {
    const provider = awsProvider();
    const data = new aws.s3.Bucket("data", { bucket: "data", tags: dataLabels() }, { provider });
    const logs = new aws.s3.Bucket("logs", { bucket: "logs", tags: dataLabels() }, { provider });
    new aws.s3.BucketLogging("data-logging", { bucket: data.id, targetBucket: logs.id, targetPrefix: "data/" }, { provider });
  },
});
