import * as aws from "@pulumi/aws";
import { awsProvider, ruleTests } from "../../testing/rule-tests";
import { apiRoutesAuthenticated } from "./api-routes-authenticated";

ruleTests(apiRoutesAuthenticated, {
  violating: () => {
    new aws.apigatewayv2.Route("anonymous", { apiId: "api123", routeKey: "POST /requests" }, { provider: awsProvider() });
  },
  violates: ["anonymous"],
  passing: () => {
    new aws.apigatewayv2.Route("iam", { apiId: "api123", routeKey: "POST /requests", authorizationType: "AWS_IAM" }, { provider: awsProvider() });
  },
});
