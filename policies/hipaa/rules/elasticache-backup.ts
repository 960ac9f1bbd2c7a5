import * as aws from "@pulumi/aws";
import { BACKUP } from "../../lib/controls";
import { resourceFacts } from "../../lib/facts";
import { resourceRule } from "../../lib/rule";
import { num, str, type Props } from "../../lib/values";

/** Redis holding PHI/PII keeps daily snapshots; secondaries of a global datastore recover from the primary. */
export const elasticacheBackup = resourceRule<Props>({
  id: "hipaa-elasticache-backup",
  description: "ElastiCache replication groups holding PHI/PII keep automatic snapshots.",
  severity: "medium",
  controls: BACKUP,
  remediation: "Set `snapshotRetentionLimit` (days, at least 1) and a `snapshotWindow`.",
  appliesTo: [aws.elasticache.ReplicationGroup],
  check: (props, args, finding) => {
    if (!resourceFacts(args).sensitive || str(props.globalReplicationGroupId)) return;
    if ((num(props.snapshotRetentionLimit) ?? 0) < 1) finding("snapshotRetentionLimit is 0 or unset: no automatic snapshots");
  },
});
