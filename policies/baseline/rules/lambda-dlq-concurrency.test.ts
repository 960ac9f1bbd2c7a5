import * as aws from "@pulumi/aws";
import { awsProvider, baseLabels, ruleTests } from "../../testing/rule-tests";
import { lambdaDlqConcurrency } from "./lambda-dlq-concurrency";

const DLQ = "arn:aws:sqs:us-east-1:123456789012:fn-dlq";
const base = { role: "arn:aws:iam::123456789012:role/fn", runtime: "nodejs20.x", handler: "index.handler", s3Bucket: "code", s3Key: "fn.zip", tags: baseLabels() };

ruleTests(lambdaDlqConcurrency, {
  violating: () => {
    const provider = awsProvider();
    new aws.lambda.Function("no-dlq", { ...base, reservedConcurrentExecutions: 10 }, { provider });
    new aws.lambda.Function("unreserved", { ...base, deadLetterConfig: { targetArn: DLQ } }, { provider });
    new aws.lambda.Function("minus-one", { ...base, deadLetterConfig: { targetArn: DLQ }, reservedConcurrentExecutions: -1 }, { provider });
    new aws.lambda.Function("throttled", { ...base, deadLetterConfig: { targetArn: DLQ }, reservedConcurrentExecutions: 0 }, { provider });
  },
  violates: ["no-dlq", "unreserved", "minus-one", "throttled"],
  passing: () => {
    new aws.lambda.Function("guarded", { ...base, deadLetterConfig: { targetArn: DLQ }, reservedConcurrentExecutions: 10 }, { provider: awsProvider() });
  },
});
