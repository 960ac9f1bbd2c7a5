import * as aws from "@pulumi/aws";
import { awsProvider, dataLabels, ruleTests } from "../../testing/rule-tests";
import { s3TlsOnly } from "./s3-tls-only";

ruleTests(s3TlsOnly, {
  violating: () => {
    const provider = awsProvider();
    new aws.s3.Bucket("no-policy", { bucket: "no-policy", tags: dataLabels() }, { provider });
    const allowOnly = new aws.s3.Bucket("allow-only", { bucket: "allow-only", tags: dataLabels() }, { provider });
    new aws.s3.BucketPolicy("allow-only-policy", { bucket: allowOnly.id, policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::allow-only/*" }] }) }, { provider });
  },
  violates: ["no-policy", "allow-only"],
  passing: () => {
    const provider = awsProvider();
    const bucket = new aws.s3.Bucket("tls-only", { bucket: "tls-only", tags: dataLabels() }, { provider });
    new aws.s3.BucketPolicy("tls-only-policy", {
      bucket: bucket.id,
      policy: bucket.arn.apply((arn) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [arn, `${arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }] })),
    }, { provider });
  },
});
