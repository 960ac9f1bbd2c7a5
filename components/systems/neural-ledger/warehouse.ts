/**
 * BigQuery (long-term storage and analytics): dataset `neural_ledger` with a CMEK default key,
 * the `events` table (daily partitions on `timestamp`, clustered, partitions expire after the
 * retention period), and a BigQuery subscription on the accepted-events topic so every
 * accepted event lands in the table without handler code. Failed writes go to the dead-letter
 * topic.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { BIGQUERY } from "../../../functions/ledger-processor/layout";
import { grantRole } from "../../gcp/iam";
import type { Labels } from "../../labels";
import type { LedgerEncryption } from "./encryption";
import type { LedgerMessaging } from "./messaging";
import { DAY_SECONDS, NAMES, RETRY_BACKOFF, seconds, type EffectiveRetention } from "./settings";

export interface LedgerWarehouseArgs {
  readonly provider: gcp.Provider;
  readonly project: string;
  readonly location: string;
  readonly encryption: LedgerEncryption;
  readonly messaging: LedgerMessaging;
  readonly retention: EffectiveRetention;
  readonly maxDeliveryAttempts: number;
  readonly labels: Labels;
  readonly deletionProtection: boolean;
  readonly protect: boolean;
  readonly dependsOn: pulumi.Input<pulumi.Resource>[];
}

export class LedgerWarehouse extends pulumi.ComponentResource {
  readonly dataset: gcp.bigquery.Dataset;
  readonly eventsTable: gcp.bigquery.Table;
  readonly subscription: gcp.pubsub.Subscription;

  constructor(name: string, args: LedgerWarehouseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:neural-ledger:Warehouse", name, {}, opts);
    const child: pulumi.CustomResourceOptions = { parent: this, provider: args.provider };
    const stateful: pulumi.CustomResourceOptions = { ...child, protect: args.protect };
    const kmsKeyName = args.encryption.key("bigquery").id;
    this.dataset = new gcp.bigquery.Dataset(`${name}-dataset`, {
      project: args.project,
      datasetId: NAMES.dataset,
      friendlyName: "Neural Ledger",
      description: "Accepted ledger events (long-term storage and analytics)",
      location: args.location,
      defaultEncryptionConfiguration: { kmsKeyName },
      // Time travel at its 7-day maximum: point-in-time recovery of the table.
      maxTimeTravelHours: "168",
      deleteContentsOnDestroy: !args.deletionProtection,
      labels: { ...args.labels },
    }, { ...stateful, dependsOn: [...args.dependsOn, ...args.encryption.ready("bigquery")] });

    this.eventsTable = new gcp.bigquery.Table(`${name}-events`, {
      project: args.project,
      datasetId: this.dataset.datasetId,
      tableId: BIGQUERY.eventsTable,
      description: "One row per accepted event (written by the BigQuery subscription)",
      schema: JSON.stringify(BIGQUERY.schema),
      timePartitioning: {
        type: "DAY",
        field: BIGQUERY.partitionField,
        expirationMs: args.retention.bigqueryPartitionDays * DAY_SECONDS * 1000,
      },
      clusterings: [...BIGQUERY.clusterFields],
      encryptionConfiguration: { kmsKeyName },
      deletionProtection: args.deletionProtection,
      labels: { ...args.labels },
    }, stateful);

    const pubsubAgent = args.encryption.agents.member("pubsub");
    // The Pub/Sub service agent writes rows: data editor on this table only.
    const writer = grantRole(`${name}-agent-table-editor`, pubsubAgent, {
      kind: "bigqueryTable",
      datasetId: this.dataset.datasetId,
      tableId: this.eventsTable.tableId,
      role: "roles/bigquery.dataEditor",
    }, child);

    this.subscription = new gcp.pubsub.Subscription(`${name}-subscription`, {
      project: args.project,
      name: NAMES.bigquerySubscription,
      topic: args.messaging.acceptedTopic.id,
      bigqueryConfig: {
        table: pulumi.interpolate`${args.project}.${this.dataset.datasetId}.${this.eventsTable.tableId}`,
        useTableSchema: true,
        // Schema drift must fail loudly (dead letters), not drop fields silently.
        dropUnknownFields: false,
        writeMetadata: false,
      },
      messageRetentionDuration: seconds(args.retention.subscriptionDays),
      expirationPolicy: { ttl: "" },
      deadLetterPolicy: { deadLetterTopic: args.messaging.deadLetterTopic.id, maxDeliveryAttempts: args.maxDeliveryAttempts },
      retryPolicy: { minimumBackoff: `${RETRY_BACKOFF.minimumSeconds}s`, maximumBackoff: `${RETRY_BACKOFF.maximumSeconds}s` },
      labels: { ...args.labels },
    }, { ...child, dependsOn: [writer, args.messaging.deadLetterPublisher] });
    // Dead-letter forwarding needs the agent to be a subscriber of the source subscription.
    grantRole(`${name}-agent-subscriber`, pubsubAgent, { kind: "pubsubSubscription", subscription: this.subscription.name, role: "roles/pubsub.subscriber" }, child);
    this.registerOutputs({ dataset: this.dataset.datasetId, table: this.eventsTable.tableId });
  }
}
