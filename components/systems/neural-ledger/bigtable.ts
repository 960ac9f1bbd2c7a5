/**
 * Bigtable (high-frequency queries): instance `neural-ledger` with a CMEK cluster in the
 * region and, in production, a replica cluster in a second region of the same jurisdiction
 * (guide: "cross-region replication"), the processor's tables and column families from the
 * handler's layout, GC rules (events expire after the hot-tier retention; chain heads keep one
 * version and never age) and daily automated backups, which Bigtable creates on every cluster
 * of the instance (so a replica region also holds backups).
 *
 * The processor writes through the app profile `neural-ledger-processor`: single-cluster
 * routing with single-row transactions, because the chain head is replaced with
 * CheckAndMutateRow, which Bigtable refuses on multi-cluster routing ("single-row transactions
 * require single-cluster routing"; Bigtable docs, "App profiles"). Failover is a config edit
 * (`recovery.servingCluster: replica`) that re-routes the profile (docs/recovery.md).
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { BIGTABLE } from "../../../functions/ledger-processor/layout";
import type { Labels } from "../../labels";
import type { LedgerEncryption } from "./encryption";
import { NAMES, goHours, type EffectiveRetention } from "./settings";

export interface LedgerBigtableArgs {
  readonly provider: gcp.Provider;
  readonly project: string;
  readonly region: string;
  /** Primary cluster zone suffix (validated against the region's zones in config). */
  readonly zone: string;
  /** Replica cluster (production): region and zone suffix. */
  readonly replica?: { readonly region: string; readonly zone: string };
  /** Which cluster the processor's app profile routes to. Default primary. */
  readonly servingCluster?: "primary" | "replica";
  readonly nodes: number;
  readonly storageType: "SSD" | "HDD";
  readonly encryption: LedgerEncryption;
  readonly retention: EffectiveRetention;
  readonly labels: Labels;
  readonly deletionProtection: boolean;
  readonly protect: boolean;
  readonly dependsOn: pulumi.Input<pulumi.Resource>[];
}

export const CLUSTER_IDS = { primary: `${NAMES.bigtableInstance}-c1`, replica: `${NAMES.bigtableInstance}-c2` } as const;

export class LedgerBigtable extends pulumi.ComponentResource {
  readonly instance: gcp.bigtable.Instance;
  readonly eventsTable: gcp.bigtable.Table;
  readonly headsTable: gcp.bigtable.Table;
  /** The processor's app profile (BIGTABLE_APP_PROFILE). */
  readonly appProfile: gcp.bigtable.AppProfile;

  constructor(name: string, args: LedgerBigtableArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:neural-ledger:Bigtable", name, {}, opts);
    const child: pulumi.CustomResourceOptions = { parent: this, provider: args.provider };
    const stateful: pulumi.CustomResourceOptions = { ...child, protect: args.protect };
    const clusters: gcp.types.input.bigtable.InstanceCluster[] = [{
      clusterId: CLUSTER_IDS.primary,
      zone: `${args.region}-${args.zone}`,
      numNodes: args.nodes,
      storageType: args.storageType,
      kmsKeyName: args.encryption.key("bigtable").id,
    }];
    const ready = [...args.encryption.ready("bigtable")];
    if (args.replica) {
      // Each cluster's CMEK key lives in that cluster's region (Bigtable CMEK documentation).
      clusters.push({
        clusterId: CLUSTER_IDS.replica,
        zone: `${args.replica.region}-${args.replica.zone}`,
        numNodes: args.nodes,
        storageType: args.storageType,
        kmsKeyName: args.encryption.key("bigtable", "replica").id,
      });
      ready.push(...args.encryption.ready("bigtable", "replica"));
    }
    this.instance = new gcp.bigtable.Instance(`${name}-instance`, {
      project: args.project,
      name: NAMES.bigtableInstance,
      displayName: "Neural Ledger",
      deletionProtection: args.deletionProtection,
      forceDestroy: false,
      clusters,
      labels: { ...args.labels },
    }, { ...stateful, dependsOn: [...args.dependsOn, ...ready] });

    const serving = args.servingCluster ?? "primary";
    if (serving === "replica" && !args.replica) throw new Error(`${name}: servingCluster replica needs a replica cluster`);
    this.appProfile = new gcp.bigtable.AppProfile(`${name}-app-profile`, {
      project: args.project,
      instance: this.instance.name,
      appProfileId: NAMES.appProfile,
      description: "Neural Ledger processor: single-cluster routing with single-row transactions (CheckAndMutateRow on chain heads)",
      singleClusterRouting: { clusterId: CLUSTER_IDS[serving], allowTransactionalWrites: true },
      // allow_transactional_writes: "CheckAndMutateRow and ReadModifyWriteRow requests are allowed
      // ... It is unsafe to send these requests to the same row in multiple clusters"; only this
      // profile writes, to one cluster at a time. Re-routing it on failover is an update the API
      // guards with safety checks, which ignore_warnings lets through (terraform-provider-google,
      // bigtable_app_profile: "If true, ignore safety checks when deleting/updating").
      ignoreWarnings: true,
    }, child);

    // Automated backups: daily, kept as long as Bigtable allows up to the configured retention.
    // Durations in Go's spelling, as the provider reads them back (settings.ts goHours).
    const automatedBackupPolicy = { frequency: goHours(24), retentionPeriod: goHours(args.retention.bigtableBackupDays * 24) };
    const table = (suffix: string, tableName: string, families: readonly string[]) =>
      new gcp.bigtable.Table(`${name}-${suffix}`, {
        project: args.project,
        instanceName: this.instance.name,
        name: tableName,
        columnFamilies: families.map((family) => ({ family })),
        deletionProtection: args.deletionProtection ? "PROTECTED" : "UNPROTECTED",
        automatedBackupPolicy,
      }, stateful);
    this.eventsTable = table("events", BIGTABLE.eventsTable, [BIGTABLE.eventsFamily]);
    this.headsTable = table("heads", BIGTABLE.headsTable, [BIGTABLE.headsFamily, BIGTABLE.indexFamily]);

    // GC policies keep the configured spelling in state (resource_bigtable_gc_policy.go reads max_age from config).
    const maxAge = { duration: `${args.retention.bigtableGcDays * 24}h` };
    new gcp.bigtable.GCPolicy(`${name}-events-gc`, {
      project: args.project,
      instanceName: this.instance.name,
      table: this.eventsTable.name,
      columnFamily: BIGTABLE.eventsFamily,
      maxAge,
    }, child);
    // Chain heads: one version each and never aged, so an idle stream resumes its chain instead
    // of restarting it (one small row per stream, no event payload beyond the last link).
    new gcp.bigtable.GCPolicy(`${name}-heads-gc`, {
      project: args.project,
      instanceName: this.instance.name,
      table: this.headsTable.name,
      columnFamily: BIGTABLE.headsFamily,
      maxVersions: [{ number: 1 }],
    }, child);
    // Event-id index (redelivery dedup) ages out with the events it points at (storage limitation).
    new gcp.bigtable.GCPolicy(`${name}-index-gc`, {
      project: args.project,
      instanceName: this.instance.name,
      table: this.headsTable.name,
      columnFamily: BIGTABLE.indexFamily,
      mode: "UNION",
      maxVersions: [{ number: 1 }],
      maxAge,
    }, child);
    this.registerOutputs({ instance: this.instance.name, appProfile: this.appProfile.appProfileId });
  }
}
