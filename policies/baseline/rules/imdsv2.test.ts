import * as aws from "@pulumi/aws";
import { awsProvider, baseLabels, ruleTests } from "../../testing/rule-tests";
import { imdsv2 } from "./imdsv2";

ruleTests(imdsv2, {
  violating: () => {
    const provider = awsProvider();
    new aws.ec2.LaunchTemplate("v1-allowed", { tags: baseLabels() }, { provider });
    new aws.ec2.LaunchTemplate("optional-tokens", { metadataOptions: { httpTokens: "optional" }, tags: baseLabels() }, { provider });
  },
  violates: ["v1-allowed", "optional-tokens"],
  passing: () => {
    new aws.ec2.LaunchTemplate("v2-only", { metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 2 }, tags: baseLabels() }, { provider: awsProvider() });
  },
});
