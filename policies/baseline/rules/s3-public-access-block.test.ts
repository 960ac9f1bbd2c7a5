import * as aws from "@pulumi/aws";
import { awsProvider, dataLabels, ruleTests } from "../../testing/rule-tests";
import { s3PublicAccessBlock } from "./s3-public-access-block";

ruleTests(s3PublicAccessBlock, {
  violating: () => {
    const provider = awsProvider();
    new aws.s3.Bucket("unblocked", { bucket: "unblocked", tags: dataLabels() }, { provider });
    const partial = new aws.s3.Bucket("partial", { bucket: "partial", tags: dataLabels() }, { provider });
    new aws.s3.BucketPublicAccessBlock("partial-block", { bucket: partial.id, blockPublicAcls: true, blockPublicPolicy: true }, { provider });
  },
  violates: ["unblocked", "partial"],
  passing: () => {
    const provider = awsProvider();
    const bucket = new aws.s3.Bucket("blocked", { bucket: "blocked", tags: dataLabels() }, { provider });
    new aws.s3.BucketPublicAccessBlock("blocked-block", { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, { provider });
  },
});
