import * as aws from "@pulumi/aws";
import type { Unwrap } from "@pulumi/pulumi";
import { ENCRYPTION_AT_REST } from "../../lib/controls";
import { resourceFacts } from "../../lib/facts";
import { resourceRule } from "../../lib/rule";

/** Secondary members of a global datastore inherit the primary's at-rest encryption. */
export const elasticacheEncryptionAtRest = resourceRule<Unwrap<aws.elasticache.ReplicationGroupArgs>>({
  id: "hipaa-elasticache-encryption-at-rest",
  description: "ElastiCache replication groups encrypt data at rest with a customer-managed KMS key.",
  severity: "high",
  controls: ENCRYPTION_AT_REST,
  remediation: "Set `atRestEncryptionEnabled: true` and `kmsKeyId` to a customer-managed KMS key of the region (secondaries of a global datastore inherit the primary's setting; give them `kmsKeyId`).",
  appliesTo: [aws.elasticache.ReplicationGroup],
  check: (props, args, finding) => {
    if (!resourceFacts(args).sensitive) return;
    const secondary = !!props.globalReplicationGroupId;
    if (!secondary && props.atRestEncryptionEnabled !== true && String(props.atRestEncryptionEnabled) !== "true") finding("atRestEncryptionEnabled is not true");
    if (!props.kmsKeyId) finding("no kmsKeyId: the cache would use the AWS-managed key");
  },
});
