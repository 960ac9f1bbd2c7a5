/**
 * Pub/Sub for the ledger: `neural-ledger-events` (ingestion), the accepted-events topic the
 * processor republishes to (drained into BigQuery), and the dead-letter topic with a
 * subscription that keeps dead letters for inspection. All CMEK-encrypted, retained, and
 * pinned to the region (message storage policy: residency).
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { grantRole } from "../../gcp/iam";
import type { Labels } from "../../labels";
import type { LedgerEncryption } from "./encryption";
import { LIMITS, NAMES, seconds, type EffectiveRetention } from "./settings";

export interface LedgerMessagingArgs {
  readonly provider: gcp.Provider;
  readonly project: string;
  readonly region: string;
  readonly encryption: LedgerEncryption;
  readonly retention: EffectiveRetention;
  readonly labels: Labels;
  readonly protect: boolean;
  readonly dependsOn: pulumi.Input<pulumi.Resource>[];
}

export class LedgerMessaging extends pulumi.ComponentResource {
  readonly eventsTopic: gcp.pubsub.Topic;
  readonly acceptedTopic: gcp.pubsub.Topic;
  readonly deadLetterTopic: gcp.pubsub.Topic;
  readonly deadLetterSubscription: gcp.pubsub.Subscription;
  /** Pub/Sub service agent's publisher grant on the dead-letter topic (dead-letter forwarding). */
  readonly deadLetterPublisher: pulumi.CustomResource;

  constructor(name: string, args: LedgerMessagingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:neural-ledger:Messaging", name, {}, opts);
    const child: pulumi.CustomResourceOptions = { parent: this, provider: args.provider };
    const stateful: pulumi.CustomResourceOptions = { ...child, protect: args.protect, dependsOn: [...args.dependsOn, ...args.encryption.ready("pubsub")] };
    const topic = (suffix: string, topicName: string) =>
      new gcp.pubsub.Topic(`${name}-${suffix}`, {
        project: args.project,
        name: topicName,
        kmsKeyName: args.encryption.key("pubsub").id,
        messageRetentionDuration: seconds(args.retention.topicDays),
        messageStoragePolicy: { allowedPersistenceRegions: [args.region] },
        labels: { ...args.labels },
      }, stateful);
    this.eventsTopic = topic("events", NAMES.eventsTopic);
    this.acceptedTopic = topic("accepted", NAMES.acceptedTopic);
    this.deadLetterTopic = topic("dead-letter", NAMES.deadLetterTopic);

    // A topic without subscriptions drops messages: this one keeps dead letters for the
    // maximum 7 days, never expires, and is what the dead-letter alert watches.
    this.deadLetterSubscription = new gcp.pubsub.Subscription(`${name}-dead-letter-store`, {
      project: args.project,
      name: NAMES.deadLetterSubscription,
      topic: this.deadLetterTopic.id,
      ackDeadlineSeconds: 60,
      messageRetentionDuration: seconds(LIMITS.subscriptionRetentionDays),
      retainAckedMessages: true,
      expirationPolicy: { ttl: "" },
      labels: { ...args.labels },
    }, { ...child, protect: args.protect });

    this.deadLetterPublisher = grantRole(`${name}-dead-letter-agent-publisher`, args.encryption.agents.member("pubsub"), {
      kind: "pubsubTopic",
      topic: this.deadLetterTopic.id,
      role: "roles/pubsub.publisher",
    }, child);
    this.registerOutputs({ eventsTopic: this.eventsTopic.id, acceptedTopic: this.acceptedTopic.id, deadLetterTopic: this.deadLetterTopic.id });
  }
}
