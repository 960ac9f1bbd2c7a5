/**
 * Neural Ledger (seed 000) on GCP: Pub/Sub ingestion -> Cloud Functions gen2 processor ->
 * Bigtable (high-frequency queries), Firestore (real-time state) and BigQuery (long-term, via
 * a BigQuery subscription), with KMS signing, CMEK on every store, monitoring and alerting.
 * Staging and production differ only through `settings` (stacks/sections/neural-ledger.ts)
 * and the stack's protection flags.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as time from "@pulumiverse/time";
import type { NeuralLedgerConfig } from "../../stacks/sections/neural-ledger";
import { stateful, type SystemContext } from "../context";
import { DataAccessAuditLogs } from "../gcp/data-access-audit-logs";
import { deploymentSuffix, suffixed } from "../gcp/deployment-suffix";
import { ProjectServices } from "../gcp/project-services";
import { ServerlessNetwork } from "../gcp/serverless-network";
import { baseLabels, dataLabels } from "../labels";
import { AUDITED_SERVICES, BUDGET_APIS, GUIDE_APIS, NETWORK_APIS, PLATFORM_APIS, SNAPSHOT_APIS } from "./neural-ledger/apis";
import { LedgerBigtable } from "./neural-ledger/bigtable";
import { LedgerEncryption } from "./neural-ledger/encryption";
import { LedgerFirestore } from "./neural-ledger/firestore";
import { LedgerMessaging } from "./neural-ledger/messaging";
import { LedgerObservability } from "./neural-ledger/observability";
import { LedgerProcessor } from "./neural-ledger/processor";
import { NAMES, effectiveRetention } from "./neural-ledger/settings";
import { LedgerWarehouse } from "./neural-ledger/warehouse";

export interface NeuralLedgerArgs {
  readonly context: SystemContext;
  readonly settings: NeuralLedgerConfig;
}

export class NeuralLedger extends pulumi.ComponentResource {
  /** Stack outputs of the system (no secret values). */
  readonly exports: Record<string, pulumi.Input<unknown>>;
  readonly provider: gcp.Provider;
  readonly processor: LedgerProcessor;

  constructor(name: string, args: NeuralLedgerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:systems:NeuralLedger", name, {}, opts);
    const { context, settings } = args;
    const { config } = context;
    const project = settings.projectId;
    const region = settings.region;
    const protect = stateful(config, {}).protect === true;
    const deletionProtection = config.protection.deletionProtection;
    const retention = effectiveRetention(settings, config.compliance.minLogRetentionDays);
    const phi = dataLabels(context.labels, { classification: "phi", jurisdiction: settings.jurisdiction, purpose: "event-ledger" });
    const billingAccount = config.alerting.billingAccount;
    const replicaRegion = settings.recovery.replicaRegion;

    // The system's own providers: project and region from its settings, never ambient config.
    const provider = new gcp.Provider(`${name}-gcp`, { project, region }, { parent: this });
    const randomProvider = new random.Provider(`${name}-random`, {}, { parent: this });
    const timeProvider = new time.Provider(`${name}-time`, {}, { parent: this });
    this.provider = provider;
    const common = { provider, project };

    const apis = new ProjectServices(`${name}-apis`, {
      ...common,
      services: [...GUIDE_APIS, ...PLATFORM_APIS, ...SNAPSHOT_APIS, ...(settings.privateNetworking ? NETWORK_APIS : []), ...(billingAccount ? BUDGET_APIS : [])],
    }, { parent: this });
    const dependsOn = [apis];
    // Names GCP never frees (key rings, log buckets) carry this deployment's suffix.
    const suffix = deploymentSuffix(`${name}-suffix`, randomProvider, { parent: this });

    const encryption = new LedgerEncryption(`${name}-keys`, {
      ...common, timeProvider, region, bigqueryLocation: settings.bigqueryLocation, replicaRegion, suffix,
      hsmSigningKey: settings.hsmSigningKey, protect, retainKeys: deletionProtection, dependsOn,
    }, { parent: this });
    const messaging = new LedgerMessaging(`${name}-pubsub`, { ...common, region, encryption, retention, labels: phi, protect, dependsOn }, { parent: this });
    const bigtable = new LedgerBigtable(`${name}-bigtable`, {
      ...common, region, zone: settings.zones.primary, nodes: settings.bigtable.nodes, storageType: settings.bigtable.storageType,
      replica: replicaRegion ? { region: replicaRegion, zone: settings.zones.replica } : undefined,
      servingCluster: settings.recovery.servingCluster,
      encryption, retention, labels: phi, deletionProtection, protect, dependsOn,
    }, { parent: this });
    const firestore = new LedgerFirestore(`${name}-firestore`, { ...common, region, encryption, retention, deletionProtection, protect, dependsOn }, { parent: this });
    const warehouse = new LedgerWarehouse(`${name}-bigquery`, {
      ...common, timeProvider, location: settings.bigqueryLocation, replicaRegion, encryption, messaging, retention,
      maxDeliveryAttempts: settings.processor.maxDeliveryAttempts, labels: phi, deletionProtection, protect, dependsOn,
    }, { parent: this });

    const network = settings.privateNetworking
      ? new ServerlessNetwork(`${name}-network`, {
          ...common, region, networkName: NAMES.network, connectorName: NAMES.connector, connectorCidr: settings.connectorCidr,
          flowLogs: settings.auditLogs, dependsOn,
        }, { parent: this })
      : undefined;

    this.processor = new LedgerProcessor(`${name}-processor`, {
      ...common, timeProvider, region, environment: config.environment, settings, encryption, messaging, bigtable, firestore, retention,
      vpcConnector: network?.connectorId,
      dataLabels: phi,
      sourceLabels: dataLabels(context.labels, { classification: "internal", jurisdiction: settings.jurisdiction, purpose: "function-source" }),
      deletionProtection, protect, dependsOn,
    }, { parent: this });

    const observability = new LedgerObservability(`${name}-monitoring`, {
      ...common, timeProvider, region, environment: config.environment, alerting: config.alerting, billingAccount,
      projectNumber: encryption.agents.projectNumber, userLabels: baseLabels(context.labels), uptime: settings.uptimeChecks,
      monitoringLogDays: retention.monitoringLogDays,
      auditLogs: settings.auditLogs ? { bucketId: suffixed(NAMES.auditLogBucket, suffix), days: retention.auditLogDays } : undefined,
      dependsOn,
    }, { parent: this });

    if (settings.auditLogs) {
      new DataAccessAuditLogs(`${name}-audit`, { ...common, services: AUDITED_SERVICES, dependsOn }, { parent: this });
    }

    this.exports = {
      projectId: project,
      region,
      eventsTopic: messaging.eventsTopic.id,
      acceptedTopic: messaging.acceptedTopic.id,
      deadLetterTopic: messaging.deadLetterTopic.id,
      processorSubscription: this.processor.subscription.id,
      function: this.processor.function.name,
      functionServiceAccount: this.processor.account.email,
      bigtableInstance: bigtable.instance.name,
      bigtableAppProfile: bigtable.appProfile.appProfileId,
      firestoreDatabase: firestore.database.name,
      bigqueryTable: pulumi.interpolate`${project}.${warehouse.dataset.datasetId}.${warehouse.eventsTable.tableId}`,
      bigquerySnapshots: warehouse.snapshots.datasetId,
      ...(warehouse.replica ? { bigqueryReplicaTable: pulumi.interpolate`${project}.${warehouse.replica.dataset.datasetId}.${warehouse.replica.table.tableId}` } : {}),
      keyRing: encryption.ringName,
      signingKey: encryption.signingKey.id,
      dashboard: observability.dashboard.id,
      ...(observability.logs.auditBucket ? { auditLogBucket: observability.logs.auditBucket.bucketId } : {}),
      bundleBytes: this.processor.bundleBytes,
      retentionDays: retention,
    };
    this.registerOutputs(this.exports);
  }
}
