import * as aws from "@pulumi/aws";
import { BACKUP } from "../../lib/controls";
import { resourceFacts } from "../../lib/facts";
import { resourceRule } from "../../lib/rule";
import { bool, num, str, type Props } from "../../lib/values";

export const DEFAULT_MIN_BACKUP_DAYS = 7;

/**
 * Automated backups (which give RDS point-in-time recovery) kept at least
 * `minBackupRetentionDays` (policy config, per stack); production keeps a final snapshot.
 * Read replicas take no backups of their own and are exempt.
 */
export const rdsBackup = resourceRule<Props>({
  id: "hipaa-rds-backup",
  description: "RDS primaries keep automated backups (point-in-time recovery) for at least the configured minimum, and production keeps a final snapshot.",
  severity: "high",
  controls: BACKUP,
  remediation: "Set `backupRetentionPeriod` to at least the stack's minimum (policy config `minBackupRetentionDays`, the guide's 30 days); in production leave `skipFinalSnapshot: false` with a `finalSnapshotIdentifier`.",
  config: { minBackupRetentionDays: { type: "integer", minimum: 1, default: DEFAULT_MIN_BACKUP_DAYS } },
  appliesTo: [aws.rds.Instance, aws.rds.Cluster],
  check: (props, args, finding) => {
    if (str(props.replicateSourceDb)) return;
    const facts = resourceFacts(args);
    const min = num(args.getConfig<{ minBackupRetentionDays?: number }>().minBackupRetentionDays) ?? DEFAULT_MIN_BACKUP_DAYS;
    const days = num(props.backupRetentionPeriod);
    if (days === undefined) finding("backupRetentionPeriod is not set");
    else if (days < min) finding(`backupRetentionPeriod ${days} is below the minimum of ${min} days${days === 0 ? " (0 disables backups and point-in-time recovery)" : ""}`);
    if (facts.production && bool(props.skipFinalSnapshot) === true) finding("skipFinalSnapshot is true in production");
  },
});
