import * as aws from "@pulumi/aws";
import { awsProvider, baseLabels, ruleTests } from "../../testing/rule-tests";
import { apiAccessLogs } from "./api-access-logs";

ruleTests(apiAccessLogs, {
  violating: () => {
    new aws.apigatewayv2.Stage("silent", { apiId: "api123", name: "$default", autoDeploy: true, tags: baseLabels() }, { provider: awsProvider() });
  },
  violates: ["silent"],
  passing: () => {
    new aws.apigatewayv2.Stage("logged", { apiId: "api123", name: "$default", autoDeploy: true, accessLogSettings: { destinationArn: "arn:aws:logs:us-east-1:123456789012:log-group:/api", format: "$context.requestId" }, tags: baseLabels() }, { provider: awsProvider() });
  },
});
