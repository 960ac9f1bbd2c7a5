import * as aws from "@pulumi/aws";
import { awsProvider, baseLabels, dataLabels, ruleTests } from "../../testing/rule-tests";
import { noWildcardIamOnPhi } from "./no-wildcard-iam-on-phi";

const doc = (Action: string | string[], Resource: string | string[]) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action, Resource }] });

ruleTests(noWildcardIamOnPhi, {
  violating: () => {
    const provider = awsProvider();
    new aws.s3.Bucket("phi", { bucket: "phi-data", tags: dataLabels() }, { provider });
    new aws.iam.Policy("s3-star", { policy: doc("s3:*", "*"), tags: baseLabels() }, { provider });
    new aws.iam.Policy("get-star-on-phi", { policy: doc("s3:Get*", "arn:aws:s3:::phi-data/*"), tags: baseLabels() }, { provider });
    new aws.iam.RolePolicyAttachment("full-access", { role: "worker", policyArn: "arn:aws:iam::aws:policy/AmazonS3FullAccess" }, { provider });
  },
  violates: ["s3-star", "get-star-on-phi", "full-access"],
  passing: () => {
    const provider = awsProvider();
    new aws.s3.Bucket("phi", { bucket: "phi-data", tags: dataLabels() }, { provider });
    new aws.iam.Policy("exact", { policy: doc(["s3:GetObject", "s3:PutObject"], "arn:aws:s3:::phi-data/subjects/*"), tags: baseLabels() }, { provider });
    new aws.iam.Policy("describe", { policy: doc("ec2:Describe*", "*"), tags: baseLabels() }, { provider });
  },
});
