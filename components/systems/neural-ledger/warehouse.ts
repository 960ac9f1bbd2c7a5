/**
 * BigQuery (long-term storage and analytics): dataset `neural_ledger` with a CMEK default key,
 * the `events` table (daily partitions on `timestamp`, clustered, partitions kept for the
 * long-term retention), and a BigQuery subscription on the accepted-events topic so every
 * accepted event lands in the table without handler code. Failed writes go to the dead-letter
 * topic.
 *
 * Backups (guide: "BigQuery: Automatic table snapshots", "Point-in-time recovery from BigQuery
 * snapshots"): a daily scheduled query creates a table snapshot in `neural_ledger_snapshots`
 * that expires after the backup retention, plus 7 days of time travel on the table itself.
 * With a replica region (production) a second subscription writes every accepted event to the
 * same table in `neural_ledger_replica` there, so the long-term store survives the region.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type * as time from "@pulumiverse/time";
import { BIGQUERY } from "../../../functions/ledger-processor/layout";
import { grantRole } from "../../gcp/iam";
import { propagationDelay } from "../../gcp/propagation";
import { ServiceAccount } from "../../gcp/service-account";
import type { Labels } from "../../labels";
import type { KeySite, LedgerEncryption } from "./encryption";
import type { LedgerMessaging } from "./messaging";
import { DAY_SECONDS, NAMES, RETRY_BACKOFF, seconds, type EffectiveRetention } from "./settings";

export interface LedgerWarehouseArgs {
  readonly provider: gcp.Provider;
  readonly timeProvider: time.Provider;
  readonly project: string;
  readonly location: string;
  /** Replica region (production): the replica dataset's location. */
  readonly replicaRegion?: string;
  readonly encryption: LedgerEncryption;
  readonly messaging: LedgerMessaging;
  readonly retention: EffectiveRetention;
  readonly maxDeliveryAttempts: number;
  readonly labels: Labels;
  readonly deletionProtection: boolean;
  readonly protect: boolean;
  readonly dependsOn: pulumi.Input<pulumi.Resource>[];
}

/** Time travel at BigQuery's 7-day maximum: point-in-time recovery of the table. */
export const TIME_TRAVEL_HOURS = 168;
/** How often the snapshot query runs (Data Transfer schedule syntax). */
export const SNAPSHOT_SCHEDULE = "every 24 hours";
const MS_PER_DAY = DAY_SECONDS * 1000;

/**
 * The scheduled query that snapshots `source` into `snapshotDataset` as `events_<YYYYMMDD>` of
 * the run, expiring after `days` ("Create periodic table snapshots", BigQuery docs: a scheduled
 * DDL script with EXECUTE IMMEDIATE, since a snapshot's name cannot be a query parameter).
 */
export function snapshotQuery(project: string, sourceDataset: string, table: string, snapshotDataset: string, days: number): string {
  return [
    `DECLARE snapshot STRING DEFAULT CONCAT('\`${project}.${snapshotDataset}.${table}_', FORMAT_TIMESTAMP('%Y%m%d', @run_time), '\`');`,
    `EXECUTE IMMEDIATE CONCAT(`,
    `  'CREATE SNAPSHOT TABLE IF NOT EXISTS ', snapshot,`,
    `  ' CLONE \`${project}.${sourceDataset}.${table}\`',`,
    `  ' OPTIONS (expiration_timestamp = TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL ${days} DAY))');`,
  ].join("\n");
}

export class LedgerWarehouse extends pulumi.ComponentResource {
  readonly dataset: gcp.bigquery.Dataset;
  readonly eventsTable: gcp.bigquery.Table;
  readonly subscription: gcp.pubsub.Subscription;
  readonly snapshots: gcp.bigquery.Dataset;
  readonly snapshotSchedule: gcp.bigquery.DataTransferConfig;
  readonly replica?: { readonly dataset: gcp.bigquery.Dataset; readonly table: gcp.bigquery.Table; readonly subscription: gcp.pubsub.Subscription };

  constructor(name: string, args: LedgerWarehouseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:neural-ledger:Warehouse", name, {}, opts);
    const child: pulumi.CustomResourceOptions = { parent: this, provider: args.provider };
    const stateful: pulumi.CustomResourceOptions = { ...child, protect: args.protect };
    const pubsubAgent = args.encryption.agents.member("pubsub");

    const dataset = (suffix: string, datasetId: string, location: string, site: KeySite, description: string, extra: Partial<gcp.bigquery.DatasetArgs> = {}) =>
      new gcp.bigquery.Dataset(`${name}-${suffix}`, {
        project: args.project,
        datasetId,
        friendlyName: "Neural Ledger",
        description,
        location,
        defaultEncryptionConfiguration: { kmsKeyName: args.encryption.key("bigquery", site).id },
        maxTimeTravelHours: String(TIME_TRAVEL_HOURS),
        deleteContentsOnDestroy: !args.deletionProtection,
        labels: { ...args.labels },
        ...extra,
      }, { ...stateful, dependsOn: [...args.dependsOn, ...args.encryption.ready("bigquery", site)] });

    const eventsTable = (suffix: string, ds: gcp.bigquery.Dataset, site: KeySite) =>
      new gcp.bigquery.Table(`${name}-${suffix}`, {
        project: args.project,
        datasetId: ds.datasetId,
        tableId: BIGQUERY.eventsTable,
        description: "One row per accepted event (written by the BigQuery subscription)",
        schema: JSON.stringify(BIGQUERY.schema),
        timePartitioning: {
          type: "DAY",
          field: BIGQUERY.partitionField,
          // The long-term retention: the audit trail outlives every backup of it.
          expirationMs: args.retention.bigqueryPartitionDays * MS_PER_DAY,
        },
        clusterings: [...BIGQUERY.clusterFields],
        encryptionConfiguration: { kmsKeyName: args.encryption.key("bigquery", site).id },
        deletionProtection: args.deletionProtection,
        labels: { ...args.labels },
      }, stateful);

    // The Pub/Sub service agent writes rows: data editor on each events table only.
    const writer = (suffix: string, ds: gcp.bigquery.Dataset, table: gcp.bigquery.Table) =>
      grantRole(`${name}-${suffix}-agent-table-editor`, pubsubAgent, { kind: "bigqueryTable", datasetId: ds.datasetId, tableId: table.tableId, role: "roles/bigquery.dataEditor" }, child);
    const subscription = (suffix: string, subscriptionName: string, ds: gcp.bigquery.Dataset, table: gcp.bigquery.Table, after: pulumi.Resource) => {
      const sub = new gcp.pubsub.Subscription(`${name}-${suffix}`, {
        project: args.project,
        name: subscriptionName,
        topic: args.messaging.acceptedTopic.id,
        bigqueryConfig: {
          table: pulumi.interpolate`${args.project}.${ds.datasetId}.${table.tableId}`,
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
      }, { ...child, dependsOn: [after, args.messaging.deadLetterPublisher] });
      // Dead-letter forwarding needs the agent to be a subscriber of the source subscription.
      grantRole(`${name}-${suffix}-agent-subscriber`, pubsubAgent, { kind: "pubsubSubscription", subscription: sub.name, role: "roles/pubsub.subscriber" }, child);
      return sub;
    };

    this.dataset = dataset("dataset", NAMES.dataset, args.location, "primary", "Accepted ledger events (long-term storage and analytics)");
    this.eventsTable = eventsTable("events", this.dataset, "primary");
    const grants: pulumi.Resource[] = [writer("subscription", this.dataset, this.eventsTable)];
    const replica = args.replicaRegion
      ? (() => {
          const ds = dataset("replica-dataset", NAMES.replicaDataset, args.replicaRegion, "replica", "Accepted ledger events, written in the replica region by its own subscription");
          const table = eventsTable("replica-events", ds, "replica");
          grants.push(writer("replica-subscription", ds, table));
          return { dataset: ds, table };
        })()
      : undefined;

    // Snapshots: a dataset whose tables (the snapshots) expire after the backup retention.
    this.snapshots = dataset("snapshots", NAMES.snapshotDataset, args.location, "primary", "Daily snapshots of neural_ledger.events (backups)", {
      defaultTableExpirationMs: args.retention.bigquerySnapshotDays * MS_PER_DAY,
    });
    const snapshotter = new ServiceAccount(`${name}-snapshotter`, {
      provider: args.provider,
      project: args.project,
      accountId: NAMES.snapshotAccount,
      displayName: "Neural Ledger snapshots",
      description: "Runs the daily snapshot query of neural_ledger.events",
      grants: {
        // Source table: get, getData and createSnapshot are in Data Viewer; destination: create
        // and updateData are in Data Editor (BigQuery docs, "Create table snapshots", required roles).
        "source-viewer": { kind: "bigqueryTable", datasetId: this.dataset.datasetId, tableId: this.eventsTable.tableId, role: "roles/bigquery.dataViewer" },
        "snapshot-editor": { kind: "bigqueryDataset", datasetId: this.snapshots.datasetId, role: "roles/bigquery.dataEditor" },
        "job-user": { kind: "project", project: args.project, role: "roles/bigquery.jobUser" },
      },
    }, { parent: this, dependsOn: args.dependsOn });
    // The Data Transfer service agent mints the account's tokens for each run.
    const tokenCreator = grantRole(`${name}-snapshotter-dts-token-creator`, args.encryption.agents.member("bigqueryDataTransfer"), {
      kind: "serviceAccount",
      serviceAccountId: snapshotter.id,
      role: "roles/iam.serviceAccountTokenCreator",
    }, child);
    // Pub/Sub checks the agent's table permission when a BigQuery subscription is created, and a
    // scheduled query's first run checks the snapshotter's: both wait for the grants to propagate.
    const propagated = propagationDelay(`${name}-iam-propagation`, {
      provider: args.timeProvider,
      kind: "iamGrant",
      after: [...grants, ...snapshotter.bindings, tokenCreator, args.encryption.propagated],
    }, { parent: this });
    this.subscription = subscription("subscription", NAMES.bigquerySubscription, this.dataset, this.eventsTable, propagated);
    if (replica) this.replica = { ...replica, subscription: subscription("replica-subscription", NAMES.replicaSubscription, replica.dataset, replica.table, propagated) };

    this.snapshotSchedule = new gcp.bigquery.DataTransferConfig(`${name}-snapshot-schedule`, {
      project: args.project,
      displayName: NAMES.snapshotConfig,
      // A scheduled query runs in its dataset's location.
      location: args.location,
      dataSourceId: "scheduled_query",
      schedule: SNAPSHOT_SCHEDULE,
      serviceAccountName: snapshotter.email,
      params: { query: snapshotQuery(args.project, NAMES.dataset, BIGQUERY.eventsTable, NAMES.snapshotDataset, args.retention.bigquerySnapshotDays) },
    }, { ...child, dependsOn: [this.eventsTable, propagated] });

    this.registerOutputs({ dataset: this.dataset.datasetId, table: this.eventsTable.tableId, snapshots: this.snapshots.datasetId });
  }
}
