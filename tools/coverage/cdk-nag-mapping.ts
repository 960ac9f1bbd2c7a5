/**
 * cdk-nag rule → this repository's rule(s). One entry per cdk-nag rule (by name, shared by both
 * packs) whose resource types the program creates (tools/coverage/program-types.ts). A rule the
 * program cannot reach (none of its types created) needs no entry: the generator says so.
 * `rules`: the policy ids here that check the same thing. `reason`: why the rule does not apply
 * to this program although its type is created (a deliberate design choice, with the guard used instead).
 */
export type CdkNagMapping = { readonly rules: readonly string[] } | { readonly reason: string };

export const CDK_NAG_MAPPING: Readonly<Record<string, CdkNagMapping>> = {
  CloudTrailCloudWatchLogsEnabled: { rules: ["hipaa-cloudtrail-integrity"] },
  CloudTrailEncryptionEnabled: { rules: ["hipaa-cloudtrail-integrity"] },
  CloudTrailLogFileValidationEnabled: { rules: ["hipaa-cloudtrail-integrity"] },
  CloudWatchAlarmAction: { rules: ["hipaa-alarm-actions"] },
  CloudWatchLogGroupEncrypted: { rules: ["hipaa-cloudwatch-logs-kms"] },
  CloudWatchLogGroupRetentionPeriod: { rules: ["hipaa-log-retention"] },
  EC2IMDSv2Enabled: { rules: ["baseline-imdsv2"] },
  EC2RestrictedCommonPorts: { rules: ["baseline-aws-sg-no-open-ingress"] },
  EC2RestrictedSSH: { rules: ["baseline-aws-sg-no-open-ingress"] },
  ElastiCacheRedisClusterAutomaticBackup: { rules: ["hipaa-elasticache-backup"] },
  ALBHttpDropInvalidHeaderEnabled: { rules: ["baseline-alb-drop-invalid-headers"] },
  ALBHttpToHttpsRedirection: { rules: ["hipaa-alb-tls-policy"] },
  ALBWAFEnabled: { rules: ["hipaa-waf-on-public-lb"] },
  ELBDeletionProtectionEnabled: { rules: ["hipaa-alb-deletion-protection"] },
  ELBLoggingEnabled: { rules: ["hipaa-alb-access-logs"] },
  ELBv2ACMCertificateRequired: { rules: ["baseline-k8s-ingress-tls", "hipaa-alb-tls-policy"] },
  IAMNoInlinePolicy: {
    reason: "Deliberate: each role carries one inline policy scoped to that role's resources (reuse across roles is what managed policies are for, and none is wanted); wildcards and admin/full access are what baseline-aws-iam-least-privilege and hipaa-no-wildcard-iam-on-phi refuse.",
  },
  IAMPolicyNoStatementsWithAdminAccess: { rules: ["baseline-aws-iam-least-privilege"] },
  IAMPolicyNoStatementsWithFullAccess: { rules: ["baseline-aws-iam-least-privilege"] },
  KMSBackingKeyRotationEnabled: { rules: ["hipaa-aws-kms-rotation"] },
  LambdaConcurrency: { rules: ["baseline-lambda-dlq-concurrency"] },
  LambdaDLQ: { rules: ["baseline-lambda-dlq-concurrency"] },
  LambdaFunctionPublicAccessProhibited: { rules: ["baseline-lambda-permission-scoped"] },
  LambdaInsideVPC: { rules: ["baseline-private-egress-functions"] },
  RDSAutomaticMinorVersionUpgradeEnabled: { rules: ["hipaa-rds-auto-minor-upgrade"] },
  RDSEnhancedMonitoringEnabled: { rules: ["hipaa-rds-enhanced-monitoring"] },
  RDSInBackupPlan: { rules: ["hipaa-aws-backup-plan"] },
  RDSInstanceBackupEnabled: { rules: ["hipaa-rds-backup"] },
  RDSInstanceDeletionProtectionEnabled: { rules: ["hipaa-rds-deletion-protection"] },
  RDSInstancePublicAccess: { rules: ["baseline-no-public-ips"] },
  RDSLoggingEnabled: { rules: ["hipaa-rds-log-exports"] },
  RDSMultiAZSupport: { rules: ["hipaa-rds-multi-az"] },
  RDSStorageEncrypted: { rules: ["hipaa-rds-encryption"] },
  S3BucketLevelPublicAccessProhibited: { rules: ["baseline-s3-public-access-block"] },
  S3BucketLoggingEnabled: { rules: ["hipaa-s3-access-logging"] },
  S3BucketPublicReadProhibited: { rules: ["baseline-s3-public-access-block"] },
  S3BucketPublicWriteProhibited: { rules: ["baseline-s3-public-access-block"] },
  S3BucketReplicationEnabled: {
    reason: "Not adopted for every bucket: SNN Fusion's lake, model-registry and backup buckets replicate to the paired region of the same jurisdiction (us-east-1 and us-west-2, eu-west-1 and eu-central-1); ap-southeast-1 and ap-northeast-1 have no second region in their jurisdiction, and gdpr-replication-within-jurisdiction forbids crossing one; access-log buckets are the copy of record. Open gap (issue 19 report): NCA's PII buckets and the CloudTrail buckets are not replicated and no rule asks it.",
  },
  S3BucketSSLRequestsOnly: { rules: ["hipaa-s3-tls-only"] },
  S3BucketVersioningEnabled: { rules: ["hipaa-s3-versioning"] },
  S3DefaultEncryptionKMS: { rules: ["hipaa-s3-sse-kms"] },
  SecretsManagerRotationEnabled: { rules: ["hipaa-secrets-rotation"] },
  SecretsManagerUsingKMSKey: { rules: ["hipaa-aws-secrets-messaging-cmek"] },
  SNSEncryptedKMS: { rules: ["hipaa-aws-secrets-messaging-cmek"] },
  VPCDefaultSecurityGroupClosed: { rules: ["baseline-default-sg-closed"] },
  VPCFlowLogsEnabled: { rules: ["hipaa-aws-vpc-flow-logs"] },
  VPCNoUnrestrictedRouteToIGW: {
    reason: "Deliberate: the public subnets hold the NAT gateways and the internet-facing ALBs, which need the default route to the internet gateway (AWS VPC user guide, 'Subnet route tables'); nothing else sits there: baseline-subnet-no-public-ip-on-launch and baseline-no-public-ips keep nodes and databases off public addresses.",
  },
  VPCSubnetAutoAssignPublicIpDisabled: { rules: ["baseline-subnet-no-public-ip-on-launch"] },
  WAFv2LoggingEnabled: { rules: ["hipaa-waf-logging"] },
};
