import * as aws from "@pulumi/aws";
import { awsProvider, dataLabels, ruleTests } from "../../testing/rule-tests";
import { s3Versioning } from "./s3-versioning";

ruleTests(s3Versioning, {
  violating: () => {
    const provider = awsProvider();
    new aws.s3.Bucket("unversioned", { bucket: "unversioned", tags: dataLabels() }, { provider });
    new aws.s3.Bucket("suspended", { bucket: "suspended", tags: dataLabels() }, { provider });
    new aws.s3.BucketVersioning("suspended-versioning", { bucket: "suspended", versioningConfiguration: { status: "Suspended" } }, { provider });
  },
  violates: ["unversioned", "suspended"],
  passing: () => {
    const provider = awsProvider();
    new aws.s3.Bucket("versioned", { bucket: "versioned", tags: dataLabels() }, { provider });
    new aws.s3.BucketVersioning("versioned-versioning", { bucket: "versioned", versioningConfiguration: { status: "Enabled" } }, { provider });
  },
});
