import * as aws from "@pulumi/aws";
import { awsProvider, ruleTests } from "../../testing/rule-tests";
import { lambdaPermissionScoped } from "./lambda-permission-scoped";

ruleTests(lambdaPermissionScoped, {
  violating: () => {
    const provider = awsProvider();
    new aws.lambda.Permission("anyone", { action: "lambda:InvokeFunction", function: "dsr", principal: "*" }, { provider });
    new aws.lambda.Permission("any-api", { action: "lambda:InvokeFunction", function: "dsr", principal: "apigateway.amazonaws.com" }, { provider });
  },
  violates: ["anyone", "any-api"],
  passing: () => {
    new aws.lambda.Permission("this-api", { action: "lambda:InvokeFunction", function: "dsr", principal: "apigateway.amazonaws.com", sourceArn: "arn:aws:execute-api:us-east-1:123456789012:api123/*/*" }, { provider: awsProvider() });
  },
});
