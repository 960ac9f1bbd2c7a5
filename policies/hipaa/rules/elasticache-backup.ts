import * as aws from "@pulumi/aws";
import { BACKUP } from "../../lib/controls";
import { resourceFacts } from "../../lib/facts";
import { resourceRule } from "../../lib/rule";
import { num, str, type Props } from "../../lib/values";

/** Default minimum of snapshot days; the production policy config raises it to cdk-nag's 15 (ElastiCacheRedisClusterBackup). */
export const DEFAULT_MIN_SNAPSHOT_DAYS = 1;

/**
 * Redis holding PHI/PII keeps daily snapshots for at least `minSnapshotRetentionDays` (policy
 * config, per stack); secondaries of a global datastore recover from the primary.
 */
export const elasticacheBackup = resourceRule<Props>({
  id: "hipaa-elasticache-backup",
  description: "ElastiCache replication groups holding PHI/PII keep automatic snapshots for at least the configured minimum of days.",
  severity: "medium",
  controls: BACKUP,
  remediation: "Set `snapshotRetentionLimit` to at least the stack's minimum (policy config `minSnapshotRetentionDays`; 15 in production, config `security.elasticacheSnapshotRetentionDays`) and a `snapshotWindow`.",
  config: { minSnapshotRetentionDays: { type: "integer", minimum: 1, maximum: 35, default: DEFAULT_MIN_SNAPSHOT_DAYS } },
  appliesTo: [aws.elasticache.ReplicationGroup],
  check: (props, args, finding) => {
    if (!resourceFacts(args).sensitive || str(props.globalReplicationGroupId)) return;
    const days = num(props.snapshotRetentionLimit) ?? 0;
    const min = num(args.getConfig<{ minSnapshotRetentionDays?: number }>().minSnapshotRetentionDays) ?? DEFAULT_MIN_SNAPSHOT_DAYS;
    if (days < 1) finding("snapshotRetentionLimit is 0 or unset: no automatic snapshots");
    else if (days < min) finding(`snapshotRetentionLimit ${days} is below the minimum of ${min} days`);
  },
});
