import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import type { PolicyResource } from "@pulumi/policy";
import { BACKUP } from "../../lib/controls";
import { isPersonal } from "../../lib/facts";
import { DATA_STORES, UNLABELLED_STORES } from "../../lib/inventory";
import { bucketName, configsByBucket, S3_CONFIG } from "../../lib/s3";
import { stackRule, typeToken } from "../../lib/rule";
import { StackView } from "../../lib/stack";
import { bool, get, isRecord, num, str, type Props } from "../../lib/values";

const T = {
  bigtable: typeToken(gcp.bigtable.Instance),
  bigtableTable: typeToken(gcp.bigtable.Table),
  firestore: typeToken(gcp.firestore.Database),
  firestoreSchedule: typeToken(gcp.firestore.BackupSchedule),
  dataset: typeToken(gcp.bigquery.Dataset),
  gcs: typeToken(gcp.storage.Bucket),
  rdsInstance: typeToken(aws.rds.Instance),
  rdsCluster: typeToken(aws.rds.Cluster),
  redis: typeToken(aws.elasticache.ReplicationGroup),
  dynamodb: typeToken(aws.dynamodb.Table),
  s3: typeToken(aws.s3.Bucket),
  s3v2: typeToken(aws.s3.BucketV2),
};

/**
 * Each personal-data store has a way back after loss: Bigtable tables with automated backups,
 * Firestore backup schedules, BigQuery time travel, versioned buckets, RDS automated backups
 * (or a replica of a backed-up primary), Redis snapshots (or a global datastore secondary),
 * DynamoDB point-in-time recovery. Transient stores (Pub/Sub) are out of scope.
 */
export const backupPath = stackRule({
  id: "hipaa-backup-path",
  description: "Every PHI/PII store has a backup path (automated backups, snapshots, versioning or point-in-time recovery).",
  severity: "high",
  controls: BACKUP,
  resourceTypes: [...DATA_STORES, ...UNLABELLED_STORES, T.firestoreSchedule, ...S3_CONFIG.versioning, ...S3_CONFIG.replication],
  remediation: "Bigtable: `automatedBackupPolicy` on every table; Firestore: a `gcp.firestore.BackupSchedule`; Cloud Storage: `versioning.enabled`; S3: `aws.s3.BucketVersioning` Enabled or replication; RDS: `backupRetentionPeriod` > 0; ElastiCache: `snapshotRetentionLimit` > 0; DynamoDB: `pointInTimeRecovery.enabled`.",
  check: (args, finding) => {
    const view = new StackView(args.resources);
    const tablesByInstance = new Map<string, PolicyResource[]>();
    for (const t of view.ofType(T.bigtableTable)) {
      const instance = str((t.props as Props).instanceName) ?? "";
      tablesByInstance.set(instance, [...(tablesByInstance.get(instance) ?? []), t]);
    }
    const schedules = new Set(view.ofType(T.firestoreSchedule).map((s) => str((s.props as Props).database)));
    const versioning = configsByBucket(view, S3_CONFIG.versioning);
    const replication = configsByBucket(view, S3_CONFIG.replication);

    const missing = (store: PolicyResource): string | undefined => {
      const p = store.props as Props;
      switch (store.type) {
        case T.bigtable: {
          const tables = tablesByInstance.get(str(p.name) ?? "") ?? [];
          if (tables.length === 0) return "no managed tables with an automated backup policy";
          const bare = tables.filter((t) => {
            const policy = get(t.props, "automatedBackupPolicy");
            return !isRecord(policy) || str(policy.retentionPeriod) === "0" || str(policy.retentionPeriod) === "0s";
          });
          return bare.length > 0 ? `tables without an automated backup policy: ${bare.map((t) => t.name).join(", ")}` : undefined;
        }
        case T.firestore:
          return schedules.has(str(p.name)) ? undefined : "no Firestore backup schedule";
        case T.dataset: {
          const hours = num(p.maxTimeTravelHours);
          return hours !== undefined && hours < 48 ? `maxTimeTravelHours ${hours} leaves less than two days of point-in-time recovery` : undefined;
        }
        case T.gcs:
          return get(p, "versioning", "enabled") === true ? undefined : "object versioning is off";
        case T.rdsInstance:
        case T.rdsCluster:
          return str(p.replicateSourceDb) || (num(p.backupRetentionPeriod) ?? 0) > 0 ? undefined : "automated backups are off";
        case T.redis:
          return str(p.globalReplicationGroupId) || (num(p.snapshotRetentionLimit) ?? 0) > 0 ? undefined : "no automatic snapshots";
        case T.dynamodb:
          return bool(get(p, "pointInTimeRecovery", "enabled")) === true ? undefined : "point-in-time recovery is off";
        case T.s3:
        case T.s3v2: {
          const name = str(p.bucket) ?? str(p.id) ?? "";
          const versioned = (versioning.get(name) ?? []).some((v) => str(get(v.props, "versioningConfiguration", "status")) === "Enabled") || bool(get(p, "versioning", "enabled")) === true;
          return versioned || replication.has(name) ? undefined : "neither versioning nor replication";
        }
        default:
          return undefined;
      }
    };

    for (const store of view.ofType(...DATA_STORES, T.firestore)) {
      if (!isPersonal(view.factLabels(store))) continue;
      const problem = missing(store);
      if (problem) finding(`${store.type.split(":")[2]} ${store.type === T.s3 || store.type === T.s3v2 ? bucketName(store) ?? store.name : store.name}: ${problem}`, store.urn);
    }
  },
});
