import * as aws from "@pulumi/aws";
import { AUDIT_LOGGING } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";
import { num, str, type Props } from "../../lib/values";

/**
 * Enhanced Monitoring (OS metrics from the instance's agent) sampled at an interval > 0 with the
 * role RDS needs to publish them (RDS user guide "Setting up and enabling Enhanced Monitoring":
 * monitoringRoleArn is required when monitoringInterval > 0). cdk-nag RDSEnhancedMonitoringEnabled.
 */
export const rdsEnhancedMonitoring = resourceRule<Props>({
  id: "hipaa-rds-enhanced-monitoring",
  description: "RDS instances (primaries and replicas) have Enhanced Monitoring on, with a monitoring role.",
  severity: "medium",
  controls: AUDIT_LOGGING,
  remediation: "Set `monitoringInterval` to 1, 5, 10, 15, 30 or 60 and `monitoringRoleArn` to a role trusting monitoring.rds.amazonaws.com with AmazonRDSEnhancedMonitoringRole attached.",
  appliesTo: [aws.rds.Instance, aws.rds.ClusterInstance],
  check: (props, _args, finding) => {
    const interval = num(props.monitoringInterval) ?? 0;
    if (interval <= 0) finding(`monitoringInterval is ${interval} (Enhanced Monitoring is off)`);
    else if (!str(props.monitoringRoleArn)) finding("monitoringRoleArn is not set (RDS cannot publish Enhanced Monitoring metrics)");
  },
});
