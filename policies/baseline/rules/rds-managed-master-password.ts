import * as aws from "@pulumi/aws";
import { SECURITY, HIPAA } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";
import { bool, str, type Props } from "../../lib/values";

/** A `password` input lands in state; Secrets Manager-managed master passwords never do. */
export const rdsManagedMasterPassword = resourceRule<Props>({
  id: "baseline-rds-managed-master-password",
  description: "RDS primaries let Secrets Manager manage the master password (no password in Pulumi state).",
  severity: "high",
  controls: [SECURITY.secrets, HIPAA.authentication],
  remediation: "Set `manageMasterUserPassword: true` (with `masterUserSecretKmsKeyId`) and remove `password`.",
  appliesTo: [aws.rds.Instance, aws.rds.Cluster],
  check: (props, _args, finding) => {
    if (str(props.replicateSourceDb) || str(props.snapshotIdentifier)) return;
    if (bool(props.manageMasterUserPassword) !== true) finding("manageMasterUserPassword is not true");
    if (props.password !== undefined || props.masterPassword !== undefined) finding("a master password is passed as an input (it is stored in state)");
  },
});
