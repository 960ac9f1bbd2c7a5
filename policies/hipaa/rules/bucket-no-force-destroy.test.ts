import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import { awsProvider, dataLabels, gcpProvider, ruleTests } from "../../testing/rule-tests";
import { bucketNoForceDestroy } from "./bucket-no-force-destroy";

ruleTests(bucketNoForceDestroy, {
  violating: () => {
    new gcp.storage.Bucket("gcs-force", { location: "US", forceDestroy: true, labels: dataLabels() }, { provider: gcpProvider() });
    new aws.s3.Bucket("s3-force", { bucket: "s3-force", forceDestroy: true, tags: dataLabels() }, { provider: awsProvider() });
  },
  violates: ["gcs-force", "s3-force"],
  passing: () => {
    new gcp.storage.Bucket("gcs-kept", { location: "US", labels: dataLabels() }, { provider: gcpProvider() });
    new aws.s3.Bucket("s3-staging-force", { bucket: "s3-staging", forceDestroy: true, tags: dataLabels({ environment: "staging" }) }, { provider: awsProvider() });
  },
});
