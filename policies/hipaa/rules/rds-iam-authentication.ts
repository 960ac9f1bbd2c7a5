import * as aws from "@pulumi/aws";
import { HIPAA, GDPR } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";
import { bool, type Props } from "../../lib/values";

export const rdsIamAuthentication = resourceRule<Props>({
  id: "hipaa-rds-iam-authentication",
  description: "RDS instances and clusters accept IAM database authentication (short-lived, per-identity credentials).",
  severity: "medium",
  controls: [HIPAA.authentication, HIPAA.uniqueUser, GDPR.integrityConfidentiality],
  remediation: "Set `iamDatabaseAuthenticationEnabled: true` and grant `rds-db:connect` to the workloads' IRSA roles.",
  appliesTo: [aws.rds.Instance, aws.rds.Cluster],
  check: (props, _args, finding) => {
    if (bool(props.iamDatabaseAuthenticationEnabled) !== true) finding("iamDatabaseAuthenticationEnabled is not true");
  },
});
