import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import { awsProvider, baseLabels, gcpProvider, ruleTests } from "../../testing/rule-tests";
import { privateEgressFunctions } from "./private-egress-functions";

const fn = (name: string, serviceConfig: gcp.types.input.cloudfunctionsv2.FunctionServiceConfig, environment = "production") =>
  new gcp.cloudfunctionsv2.Function(name, { location: "us-central1", labels: baseLabels(environment), buildConfig: { runtime: "nodejs22", entryPoint: "handler" }, serviceConfig }, { provider: gcpProvider() });
const lambda = (name: string, vpcConfig?: aws.types.input.lambda.FunctionVpcConfig) =>
  new aws.lambda.Function(name, { role: "arn:aws:iam::123456789012:role/fn", runtime: "nodejs22.x", handler: "index.handler", s3Bucket: "artifacts", s3Key: "fn.zip", vpcConfig, tags: baseLabels() }, { provider: awsProvider() });

ruleTests(privateEgressFunctions, {
  violating: () => {
    fn("internet-egress", { serviceAccountEmail: "fn@fixture-project.iam.gserviceaccount.com" });
    lambda("outside-vpc");
  },
  violates: ["internet-egress", "outside-vpc"],
  passing: () => {
    fn("connector", { serviceAccountEmail: "fn@fixture-project.iam.gserviceaccount.com", vpcConnector: "projects/fixture-project/locations/us-central1/connectors/c", vpcConnectorEgressSettings: "PRIVATE_RANGES_ONLY" });
    fn("staging-internet", { serviceAccountEmail: "fn@fixture-project.iam.gserviceaccount.com" }, "staging");
    lambda("in-vpc", { subnetIds: ["subnet-private-a"], securityGroupIds: ["sg-fn"] });
  },
});
