import { z } from "zod";
import { days } from "./common";

/**
 * `neurastack:security` (issue #19): the AWS account-level security services and the settings
 * of the safeguards the cdk-nag HIPAA / NIST 800-53 packs ask for. Every key has a preset per
 * environment (below); a stack file overrides any of them.
 */
export const security = z.strictObject({
  /** ALB access logs (S3, one bucket per region): days objects are kept. Default 90 staging / 400 production. */
  albAccessLogs: z.strictObject({ retentionDays: days }),
  /**
   * Days of ElastiCache automatic snapshots. ElastiCache allows 0-35 (CreateReplicationGroup
   * SnapshotRetentionLimit); cdk-nag's ElastiCacheRedisClusterBackup asks at least 15.
   * Default 7 staging / 15 production.
   */
  elasticacheSnapshotRetentionDays: z.number().int().min(1).max(35),
  /** Days between automatic rotations of Secrets Manager secrets (1-1000, Secrets Manager RotationRules). Default 30. */
  secretRotationDays: z.number().int().min(1).max(1000),
  /**
   * AWS Backup: a plan and a KMS-encrypted vault per region, covering what is tagged
   * `backup-plan: <environment>` (RDS, the stateful workloads' EBS volumes, PHI buckets).
   */
  backup: z.strictObject({
    /** Default true. */
    enabled: z.boolean(),
    /** Days recovery points are kept (daily rule). Default 35 staging / 35 production. */
    retentionDays: days,
    /**
     * Vault lock (governance mode): recovery points cannot be deleted before `retentionDays`.
     * Default false staging / true production.
     */
    vaultLock: z.boolean(),
    /** Copy each recovery point to another region of the same jurisdiction when the stack has one. Default true. */
    crossRegionCopy: z.boolean(),
  }),
  /** GuardDuty detector per region with EKS protection, findings to the critical alert topic. Default true. */
  guardDuty: z.strictObject({ enabled: z.boolean() }),
  /** Security Hub with the AWS Foundational Security Best Practices standard. Default false staging / true production. */
  securityHub: z.strictObject({ enabled: z.boolean() }),
});
export type SecurityConfig = z.infer<typeof security>;

type Input = z.input<typeof security>;
export const securityPresets = {
  staging: {
    albAccessLogs: { retentionDays: 90 },
    elasticacheSnapshotRetentionDays: 7,
    secretRotationDays: 30,
    backup: { enabled: true, retentionDays: 35, vaultLock: false, crossRegionCopy: true },
    guardDuty: { enabled: true },
    securityHub: { enabled: false },
  },
  production: {
    albAccessLogs: { retentionDays: 400 },
    elasticacheSnapshotRetentionDays: 15,
    secretRotationDays: 30,
    backup: { enabled: true, retentionDays: 35, vaultLock: true, crossRegionCopy: true },
    guardDuty: { enabled: true },
    securityHub: { enabled: true },
  },
} satisfies Record<"staging" | "production", Input>;
