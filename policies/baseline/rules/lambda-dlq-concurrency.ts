import * as aws from "@pulumi/aws";
import { GDPR, WORKLOADS } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";
import { num, rec, str, type Props } from "../../lib/values";

/**
 * A Lambda keeps events it fails to process (a dead-letter queue or topic for asynchronous
 * invocations) and has reserved concurrency, so one function cannot starve the account's
 * concurrency pool nor overrun the database behind it. cdk-nag LambdaDLQ and LambdaConcurrency
 * (AWS Config lambda-dlq-check, lambda-concurrency-check).
 */
export const lambdaDlqConcurrency = resourceRule<Props>({
  id: "baseline-lambda-dlq-concurrency",
  description: "Lambda functions have a dead-letter target and reserved concurrency.",
  severity: "medium",
  controls: [...WORKLOADS, GDPR.integrityConfidentiality],
  remediation: "Set `deadLetterConfig: { targetArn }` to an encrypted SQS queue or SNS topic, and `reservedConcurrentExecutions` to a positive limit (not -1, which means unreserved).",
  appliesTo: [aws.lambda.Function],
  check: (props, _args, finding) => {
    if (!str(rec(props.deadLetterConfig).targetArn)) finding("deadLetterConfig.targetArn is not set (failed asynchronous events are dropped)");
    const reserved = num(props.reservedConcurrentExecutions);
    if (reserved === undefined || reserved < 0) finding("reservedConcurrentExecutions is not set (the function shares the unreserved account pool without a limit)");
    else if (reserved === 0) finding("reservedConcurrentExecutions is 0 (the function is throttled completely)");
  },
});
