import * as aws from "@pulumi/aws";
import { ENCRYPTION_AT_REST } from "../../lib/controls";
import { resourceFacts } from "../../lib/facts";
import { resourceRule } from "../../lib/rule";
import { str, type Props } from "../../lib/values";

/**
 * Secrets Manager secrets always (they are credentials to the data); SQS queues and SNS topics
 * when labelled as carrying PHI/PII (data-subject requests, event fan-out).
 */
export const awsSecretsMessagingCmek = resourceRule<Props>({
  id: "hipaa-aws-secrets-messaging-cmek",
  description: "Secrets Manager secrets, and SQS queues / SNS topics carrying PHI or PII, are encrypted with a customer-managed KMS key.",
  severity: "medium",
  controls: ENCRYPTION_AT_REST,
  remediation: "Secrets: set `kmsKeyId`; queues: `kmsMasterKeyId` (not only SSE-SQS); topics: `kmsMasterKeyId` — each a customer-managed key of the region.",
  appliesTo: [aws.secretsmanager.Secret, aws.sqs.Queue, aws.sns.Topic],
  check: (props, args, finding) => {
    if (args.isType(aws.secretsmanager.Secret)) {
      if (!str(props.kmsKeyId)) finding("the secret has no kmsKeyId (AWS-managed aws/secretsmanager key)");
      return;
    }
    if (!resourceFacts(args).personal) return;
    if (!str(props.kmsMasterKeyId)) finding(`the ${args.isType(aws.sqs.Queue) ? "queue" : "topic"} carries personal data but has no kmsMasterKeyId`);
  },
});
