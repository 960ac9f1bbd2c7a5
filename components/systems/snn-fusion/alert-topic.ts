/**
 * An SNS topic for alarms, encrypted with its own KMS key (whose policy lets CloudWatch
 * publish), with one email subscription per address in `alerting.emails`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface AlertTopicArgs {
  readonly provider: aws.Provider;
  /** Topic name, e.g. snn-fusion-production-alerts-eu-west-1. */
  readonly topicName: string;
  /** Email endpoints (each must confirm its subscription). */
  readonly emails: readonly string[];
  /** Pulumi `protect` on the key (production: config.protection.protectResources). */
  readonly protect: boolean;
}

export class AlertTopic extends pulumi.ComponentResource {
  readonly topicArn: pulumi.Output<string>;

  constructor(name: string, args: AlertTopicArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:systems:SnnFusionAlertTopic", name, {}, opts);
    const child = { parent: this, provider: args.provider };
    const identity = aws.getCallerIdentityOutput({}, child);
    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `SNS topic ${args.topicName}`,
        enableKeyRotation: true,
        rotationPeriodInDays: 90,
        deletionWindowInDays: 30,
        // CloudWatch alarms publish to an encrypted topic only if the key lets them.
        policy: identity.accountId.apply((account) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              { Sid: "AccountAdministration", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
              { Sid: "CloudWatchAlarms", Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: "*" },
            ],
          }),
        ),
        tags: {},
      },
      { ...child, protect: args.protect },
    );
    const topic = new aws.sns.Topic(`${name}-topic`, { name: args.topicName, kmsMasterKeyId: key.arn, tags: {} }, child);
    args.emails.forEach((email, i) => new aws.sns.TopicSubscription(`${name}-email-${i}`, { topic: topic.arn, protocol: "email", endpoint: email }, child));
    this.topicArn = topic.arn;
    this.registerOutputs({ topicArn: this.topicArn });
  }
}
