/**
 * Bigtable (high-frequency queries): instance `neural-ledger` with one CMEK cluster in the
 * region, the processor's tables and column families from the handler's layout, GC rules
 * (events expire after the retention period; chain heads keep one version and expire with
 * their stream's events) and daily
 * automated backups.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { BIGTABLE } from "../../../functions/ledger-processor/layout";
import type { Labels } from "../../labels";
import type { LedgerEncryption } from "./encryption";
import { NAMES, type EffectiveRetention } from "./settings";

export interface LedgerBigtableArgs {
  readonly provider: gcp.Provider;
  readonly project: string;
  readonly region: string;
  /** Cluster zone suffix. Default "a". */
  readonly zone?: string;
  readonly nodes: number;
  readonly storageType: "SSD" | "HDD";
  readonly encryption: LedgerEncryption;
  readonly retention: EffectiveRetention;
  readonly labels: Labels;
  readonly deletionProtection: boolean;
  readonly protect: boolean;
  readonly dependsOn: pulumi.Input<pulumi.Resource>[];
}

export class LedgerBigtable extends pulumi.ComponentResource {
  readonly instance: gcp.bigtable.Instance;
  readonly eventsTable: gcp.bigtable.Table;
  readonly headsTable: gcp.bigtable.Table;

  constructor(name: string, args: LedgerBigtableArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:neural-ledger:Bigtable", name, {}, opts);
    const child: pulumi.CustomResourceOptions = { parent: this, provider: args.provider };
    const stateful: pulumi.CustomResourceOptions = { ...child, protect: args.protect };
    this.instance = new gcp.bigtable.Instance(`${name}-instance`, {
      project: args.project,
      name: NAMES.bigtableInstance,
      displayName: "Neural Ledger",
      deletionProtection: args.deletionProtection,
      forceDestroy: false,
      clusters: [{
        clusterId: `${NAMES.bigtableInstance}-c1`,
        zone: `${args.region}-${args.zone ?? "a"}`,
        numNodes: args.nodes,
        storageType: args.storageType,
        kmsKeyName: args.encryption.key("bigtable").id,
      }],
      labels: { ...args.labels },
    }, { ...stateful, dependsOn: [...args.dependsOn, ...args.encryption.ready("bigtable")] });

    // Automated backups: daily, kept as long as Bigtable allows up to the configured retention.
    const automatedBackupPolicy = { frequency: "24h", retentionPeriod: `${args.retention.bigtableBackupDays * 24}h` };
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

    new gcp.bigtable.GCPolicy(`${name}-events-gc`, {
      project: args.project,
      instanceName: this.instance.name,
      table: this.eventsTable.name,
      columnFamily: BIGTABLE.eventsFamily,
      maxAge: { duration: `${args.retention.bigtableGcDays * 24}h` },
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
      maxAge: { duration: `${args.retention.bigtableGcDays * 24}h` },
    }, child);
    this.registerOutputs({ instance: this.instance.name });
  }
}
