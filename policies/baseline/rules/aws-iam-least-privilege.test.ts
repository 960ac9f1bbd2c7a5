import * as aws from "@pulumi/aws";
import { awsProvider, baseLabels, ruleTests } from "../../testing/rule-tests";
import { awsIamLeastPrivilege } from "./aws-iam-least-privilege";

const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] });
const doc = (statement: Record<string, unknown>) => JSON.stringify({ Version: "2012-10-17", Statement: [statement] });

ruleTests(awsIamLeastPrivilege, {
  violating: () => {
    const provider = awsProvider();
    new aws.iam.RolePolicyAttachment("admin-attachment", { role: "worker", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }, { provider });
    new aws.iam.Policy("star-star", { policy: doc({ Effect: "Allow", Action: "*", Resource: "*" }), tags: baseLabels() }, { provider });
    new aws.iam.Role("not-action", { assumeRolePolicy: trust, inlinePolicies: [{ name: "almost-all", policy: doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }) }], tags: baseLabels() }, { provider });
  },
  violates: ["admin-attachment", "star-star", "not-action"],
  passing: () => {
    const provider = awsProvider();
    new aws.iam.Role("scoped", { assumeRolePolicy: trust, inlinePolicies: [{ name: "logs", policy: doc({ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: "arn:aws:logs:us-east-1:123456789012:log-group:/fn:*" }) }], tags: baseLabels() }, { provider });
    new aws.iam.RolePolicyAttachment("basic-execution", { role: "worker", policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" }, { provider });
  },
});
