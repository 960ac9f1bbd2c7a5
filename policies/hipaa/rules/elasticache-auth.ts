import * as aws from "@pulumi/aws";
import { HIPAA, GDPR } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";
import { list, str, type Props } from "../../lib/values";

export const elasticacheAuth = resourceRule<Props>({
  id: "hipaa-elasticache-auth",
  description: "ElastiCache replication groups require authentication (AUTH token or RBAC user groups).",
  severity: "high",
  controls: [HIPAA.authentication, HIPAA.accessControl, GDPR.integrityConfidentiality],
  remediation: "Set `authToken` from a @pulumi/random password (a Pulumi secret) or `userGroupIds`; both need transit encryption.",
  appliesTo: [aws.elasticache.ReplicationGroup],
  check: (props, _args, finding) => {
    // A secondary of a global datastore inherits AUTH from the primary, which this rule checks.
    if (str(props.globalReplicationGroupId)) return;
    const token = str(props.authToken) !== undefined || props.authTokenWoVersion !== undefined;
    if (!token && list(props.userGroupIds).length === 0) finding("no authToken and no userGroupIds: any client in the network can connect");
  },
});
