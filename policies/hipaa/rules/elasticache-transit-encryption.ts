import * as aws from "@pulumi/aws";
import { ENCRYPTION_IN_TRANSIT } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";
import { bool, str, type Props } from "../../lib/values";

export const elasticacheTransitEncryption = resourceRule<Props>({
  id: "hipaa-elasticache-transit-encryption",
  description: "ElastiCache replication groups require TLS for every client and replication connection.",
  severity: "high",
  controls: ENCRYPTION_IN_TRANSIT,
  remediation: "Set `transitEncryptionEnabled: true` (and `transitEncryptionMode: \"required\"` if you set a mode) on standalone groups and global datastore primaries; clients connect with TLS.",
  appliesTo: [aws.elasticache.ReplicationGroup],
  check: (props, _args, finding) => {
    // A secondary of a global datastore inherits transit encryption from the primary, which this rule checks.
    if (str(props.globalReplicationGroupId)) return;
    if (bool(props.transitEncryptionEnabled) !== true) finding("transitEncryptionEnabled is not true");
    const mode = str(props.transitEncryptionMode);
    if (mode && mode !== "required") finding(`transitEncryptionMode is ${mode}: plaintext connections are still accepted`);
  },
});
