/**
 * Firestore (real-time queries): a named native-mode database with CMEK, point-in-time
 * recovery, optimistic concurrency (the handler's conditional writes), delete protection in
 * production, and backup schedules: daily, plus weekly when the configured backup retention
 * exceeds the 7 days Firestore keeps daily backups.
 *
 * Firestore databases take no labels (only Resource Manager tags); the compliance facts of
 * this store are on the CMEK key's project and in the stack outputs.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { LedgerEncryption } from "./encryption";
import { NAMES, seconds, type EffectiveRetention } from "./settings";

export interface LedgerFirestoreArgs {
  readonly provider: gcp.Provider;
  readonly project: string;
  readonly region: string;
  readonly encryption: LedgerEncryption;
  readonly retention: EffectiveRetention;
  readonly deletionProtection: boolean;
  readonly protect: boolean;
  readonly dependsOn: pulumi.Input<pulumi.Resource>[];
}

export class LedgerFirestore extends pulumi.ComponentResource {
  readonly database: gcp.firestore.Database;
  readonly dailyBackup: gcp.firestore.BackupSchedule;
  readonly weeklyBackup?: gcp.firestore.BackupSchedule;

  constructor(name: string, args: LedgerFirestoreArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:neural-ledger:Firestore", name, {}, opts);
    const child: pulumi.CustomResourceOptions = { parent: this, provider: args.provider };
    this.database = new gcp.firestore.Database(`${name}-database`, {
      project: args.project,
      name: NAMES.firestoreDatabase,
      locationId: args.region,
      type: "FIRESTORE_NATIVE",
      concurrencyMode: "OPTIMISTIC",
      appEngineIntegrationMode: "DISABLED",
      pointInTimeRecoveryEnablement: "POINT_IN_TIME_RECOVERY_ENABLED",
      deleteProtectionState: args.deletionProtection ? "DELETE_PROTECTION_ENABLED" : "DELETE_PROTECTION_DISABLED",
      // Production: removing it from the program must not delete the data.
      deletionPolicy: args.deletionProtection ? "ABANDON" : "DELETE",
      cmekConfig: { kmsKeyName: args.encryption.key("firestore").id },
    }, { ...child, protect: args.protect, dependsOn: [...args.dependsOn, ...args.encryption.ready("firestore")] });

    this.dailyBackup = new gcp.firestore.BackupSchedule(`${name}-daily-backup`, {
      project: args.project,
      database: this.database.name,
      retention: seconds(args.retention.firestoreDailyBackupDays),
      dailyRecurrence: {},
    }, child);
    if (args.retention.firestoreWeeklyBackupDays > 0) {
      this.weeklyBackup = new gcp.firestore.BackupSchedule(`${name}-weekly-backup`, {
        project: args.project,
        database: this.database.name,
        retention: seconds(args.retention.firestoreWeeklyBackupDays),
        weeklyRecurrence: { day: "SUNDAY" },
      }, child);
    }
    this.registerOutputs({ database: this.database.name });
  }
}
