import * as aws from "@pulumi/aws";
import { HIPAA, SECURITY } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";
import { bool, type Props } from "../../lib/values";

/**
 * Security patches of the engine arrive as minor versions; RDS applies them in the maintenance
 * window only when auto minor version upgrade is on. The provider default is true, so only an
 * explicit false is a finding. cdk-nag RDSAutomaticMinorVersionUpgradeEnabled.
 */
export const rdsAutoMinorUpgrade = resourceRule<Props>({
  id: "hipaa-rds-auto-minor-upgrade",
  description: "RDS instances take automatic minor version upgrades (engine security patches) in their maintenance window.",
  severity: "medium",
  controls: [HIPAA.riskManagement, HIPAA.integrity, SECURITY.workloads],
  remediation: "Remove `autoMinorVersionUpgrade: false` (the default is true) and keep a `maintenanceWindow`.",
  appliesTo: [aws.rds.Instance, aws.rds.ClusterInstance],
  check: (props, _args, finding) => {
    if (bool(props.autoMinorVersionUpgrade) === false) finding("autoMinorVersionUpgrade is false (engine security patches are not applied)");
  },
});
