import * as gcp from "@pulumi/gcp";
import type { Unwrap } from "@pulumi/pulumi";
import { BACKUP } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";

export const firestorePitr = resourceRule<Unwrap<gcp.firestore.DatabaseArgs>>({
  id: "hipaa-firestore-pitr",
  description: "Firestore databases have point-in-time recovery enabled.",
  severity: "high",
  controls: BACKUP,
  remediation: "Set `pointInTimeRecoveryEnablement: \"POINT_IN_TIME_RECOVERY_ENABLED\"` (and a `gcp.firestore.BackupSchedule`).",
  appliesTo: [gcp.firestore.Database],
  check: (props, _args, finding) => {
    if (props.pointInTimeRecoveryEnablement !== "POINT_IN_TIME_RECOVERY_ENABLED") finding(`pointInTimeRecoveryEnablement is ${props.pointInTimeRecoveryEnablement ?? "unset (disabled)"}`);
  },
});
