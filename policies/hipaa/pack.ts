import type { PackDefinition } from "../lib/types";
import { albAccessLogs } from "./rules/alb-access-logs";
import { albDeletionProtection } from "./rules/alb-deletion-protection";
import { albTlsPolicy } from "./rules/alb-tls-policy";
import { alarmActions } from "./rules/alarm-actions";
import { cloudtrailIntegrity } from "./rules/cloudtrail-integrity";
import { rdsAutoMinorUpgrade } from "./rules/rds-auto-minor-upgrade";
import { rdsEnhancedMonitoring } from "./rules/rds-enhanced-monitoring";
import { rdsLogExports } from "./rules/rds-log-exports";
import { apiAccessLogs } from "./rules/api-access-logs";
import { awsBackupPlan } from "./rules/aws-backup-plan";
import { awsKmsRotation } from "./rules/aws-kms-rotation";
import { awsSecretsMessagingCmek } from "./rules/aws-secrets-messaging-cmek";
import { awsVpcFlowLogs } from "./rules/aws-vpc-flow-logs";
import { backupPath } from "./rules/backup-path";
import { bigqueryCmek } from "./rules/bigquery-cmek";
import { bigqueryDeletionProtection } from "./rules/bigquery-deletion-protection";
import { bigtableCmek } from "./rules/bigtable-cmek";
import { bigtableDeletionProtection } from "./rules/bigtable-deletion-protection";
import { bucketNoForceDestroy } from "./rules/bucket-no-force-destroy";
import { cloudrunBehindHttps } from "./rules/cloudrun-behind-https";
import { cloudwatchLogsKms } from "./rules/cloudwatch-logs-kms";
import { ebsEncryption } from "./rules/ebs-encryption";
import { eksControlPlaneLogs } from "./rules/eks-control-plane-logs";
import { eksSecretsEncryption } from "./rules/eks-secrets-encryption";
import { elasticacheAuth } from "./rules/elasticache-auth";
import { elasticacheBackup } from "./rules/elasticache-backup";
import { elasticacheEncryptionAtRest } from "./rules/elasticache-encryption-at-rest";
import { elasticacheFailover } from "./rules/elasticache-failover";
import { elasticacheTransitEncryption } from "./rules/elasticache-transit-encryption";
import { firestoreCmek } from "./rules/firestore-cmek";
import { firestoreDeleteProtection } from "./rules/firestore-delete-protection";
import { firestorePitr } from "./rules/firestore-pitr";
import { guarddutyEnabled } from "./rules/guardduty-enabled";
import { gcpFirewallLogging } from "./rules/gcp-firewall-logging";
import { gcpKmsRotation } from "./rules/gcp-kms-rotation";
import { gcpSubnetFlowLogs } from "./rules/gcp-subnet-flow-logs";
import { gcpTlsPolicy } from "./rules/gcp-tls-policy";
import { logRetention } from "./rules/log-retention";
import { noWildcardIamOnPhi } from "./rules/no-wildcard-iam-on-phi";
import { phiAuditLogging } from "./rules/phi-audit-logging";
import { phiCmekRotation } from "./rules/phi-cmek-rotation";
import { phiLongTermRetention } from "./rules/phi-long-term-retention";
import { phiRetentionCoversBackups } from "./rules/phi-retention-covers-backups";
import { protectStateful } from "./rules/protect-stateful";
import { pubsubCmek } from "./rules/pubsub-cmek";
import { rdsBackup } from "./rules/rds-backup";
import { rdsDeletionProtection } from "./rules/rds-deletion-protection";
import { rdsEncryption } from "./rules/rds-encryption";
import { rdsForceSsl } from "./rules/rds-force-ssl";
import { rdsIamAuthentication } from "./rules/rds-iam-authentication";
import { rdsMultiAz } from "./rules/rds-multi-az";
import { s3AccessLogging } from "./rules/s3-access-logging";
import { s3SseKms } from "./rules/s3-sse-kms";
import { s3TlsOnly } from "./rules/s3-tls-only";
import { secretsRotation } from "./rules/secrets-rotation";
import { s3Versioning } from "./rules/s3-versioning";
import { secretManagerCmek } from "./rules/secretmanager-cmek";
import { signingKeyHsm } from "./rules/signing-key-hsm";
import { storageCmek } from "./rules/storage-cmek";
import { wafLogging } from "./rules/waf-logging";
import { wafOnPublicLb } from "./rules/waf-on-public-lb";

/** HIPAA Security Rule technical safeguards: encryption at rest and in transit, key management, audit logging, backup and recovery, access to PHI. */
export const hipaaPack: PackDefinition = {
  name: "neurastack-hipaa",
  version: "0.1.0",
  enforcementLevel: "mandatory",
  rules: [
    // Encryption at rest with customer-managed keys
    bigtableCmek, bigqueryCmek, firestoreCmek, pubsubCmek, storageCmek, secretManagerCmek, rdsEncryption, elasticacheEncryptionAtRest, s3SseKms, ebsEncryption, eksSecretsEncryption, cloudwatchLogsKms, awsSecretsMessagingCmek,
    // Encryption in transit
    rdsForceSsl, elasticacheTransitEncryption, albTlsPolicy, s3TlsOnly, cloudrunBehindHttps, gcpTlsPolicy,
    // Key management
    gcpKmsRotation, awsKmsRotation, signingKeyHsm, phiCmekRotation,
    // Audit logging
    eksControlPlaneLogs, awsVpcFlowLogs, gcpSubnetFlowLogs, gcpFirewallLogging, logRetention, phiAuditLogging, s3AccessLogging, apiAccessLogs, cloudtrailIntegrity, alarmActions, rdsEnhancedMonitoring, rdsLogExports, albAccessLogs, wafLogging,
    // Backup, recovery and deletion protection
    rdsBackup, elasticacheBackup, firestorePitr, backupPath, rdsMultiAz, elasticacheFailover, bigtableDeletionProtection, bigqueryDeletionProtection, firestoreDeleteProtection, rdsDeletionProtection, bucketNoForceDestroy, protectStateful, s3Versioning, albDeletionProtection, awsBackupPlan,
    // Retention of PHI against its backups and the audit trail's long-term minimum (#15)
    phiRetentionCoversBackups, phiLongTermRetention,
    // Patching (cdk-nag RDSAutomaticMinorVersionUpgradeEnabled)
    rdsAutoMinorUpgrade,
    // Access control
    noWildcardIamOnPhi, rdsIamAuthentication, elasticacheAuth, secretsRotation,
    // Perimeter and breach detection (#19)
    wafOnPublicLb, guarddutyEnabled,
  ],
};
