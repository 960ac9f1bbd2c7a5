/**
 * AWS Backup for the stack's AWS regions (cdk-nag's HIPAA/NIST backup-plan rules): in each
 * region a vault encrypted under its own KMS key, locked in production, and a daily plan that
 * selects by tag
 *
 *  - RDS instances and S3 buckets labelled `data-classification: phi` or `pii` (S3 backups need
 *    versioning on the bucket: AWS Backup developer guide, "Amazon S3 backups" prerequisites);
 *  - the EBS volumes the EBS CSI driver creates for the stateful workloads' PersistentVolumes
 *    (the driver tags every volume it creates `ebs.csi.aws.com/cluster: true`);
 *
 * kept `retentionDays`, and copied to another region of the same jurisdiction when the stack has
 * one (a copy never leaves the jurisdiction). Vault lock (governance mode, no cooling-off
 * `changeableForDays`): recovery points cannot be deleted or shortened below `minRetentionDays`
 * nor kept beyond `maxRetentionDays` (AWS Backup vault lock: min 1 day, max 36500 days; a job
 * whose lifecycle is outside the range fails).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { managedPolicy } from "../iam/documents";
import { KEY_ROTATION_DAYS } from "../keys";

/** AWS managed policies of the AWS Backup service role (AWS Backup developer guide, "Default service role"). */
export const BACKUP_ROLE_POLICIES = [
  "service-role/AWSBackupServiceRolePolicyForBackup",
  "service-role/AWSBackupServiceRolePolicyForRestores",
  "AWSBackupServiceRolePolicyForS3Backup",
  "AWSBackupServiceRolePolicyForS3Restore",
] as const;

/** ARN patterns a selection may cover: RDS instances, EBS volumes, S3 buckets. */
export const BACKUP_RESOURCE_PATTERNS = ["arn:aws:rds:*:*:db:*", "arn:aws:ec2:*:*:volume/*", "arn:aws:s3:::*"] as const;

/** Tags a resource is selected by (any of them). */
export const BACKUP_SELECTION_TAGS: readonly { readonly key: string; readonly value: string }[] = [
  { key: "data-classification", value: "phi" },
  { key: "data-classification", value: "pii" },
  { key: "ebs.csi.aws.com/cluster", value: "true" },
];

/** Vault lock bounds (AWS Backup PutBackupVaultLockConfiguration). */
export const VAULT_LOCK_LIMITS = { minRetentionDays: 1, maxRetentionDays: 36_500 } as const;

export interface BackupRegion {
  readonly name: string;
  readonly jurisdiction: string;
  readonly provider: aws.Provider;
}

export interface BackupPlansArgs {
  readonly regions: readonly BackupRegion[];
  /** Name prefix: `<project>-<environment>`. */
  readonly namePrefix: string;
  /** Days recovery points (and their copies) are kept. */
  readonly retentionDays: number;
  /** Lock the vaults (production). */
  readonly vaultLock: boolean;
  /** Copy to another region of the same jurisdiction when there is one. */
  readonly crossRegionCopy: boolean;
  /** Pulumi `protect` on keys and vaults. */
  readonly protect: boolean;
}

/** The region each region copies to: the next region of the same jurisdiction in config order, if any. */
export function copyPeers(regions: readonly { readonly name: string; readonly jurisdiction: string }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of regions) {
    const same = regions.filter((o) => o.jurisdiction === r.jurisdiction && r.jurisdiction !== "none");
    if (same.length < 2) continue;
    const i = same.findIndex((o) => o.name === r.name);
    out.set(r.name, same[(i + 1) % same.length].name);
  }
  return out;
}

/** A region's vault name: `<project>-<environment>-<region>`. */
export function vaultName(namePrefix: string, region: string): string {
  return `${namePrefix}-${region}`;
}

export class BackupPlans extends pulumi.ComponentResource {
  /** Region -> vault ARN. */
  readonly vaultArns: Readonly<Record<string, pulumi.Output<string>>>;

  constructor(name: string, args: BackupPlansArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:aws:BackupPlans", name, {}, opts);
    const min = Math.min(7, args.retentionDays);
    if (args.vaultLock && (args.retentionDays < VAULT_LOCK_LIMITS.minRetentionDays || args.retentionDays > VAULT_LOCK_LIMITS.maxRetentionDays)) {
      throw new Error(`${name}: retentionDays ${args.retentionDays} is outside the vault lock range ${VAULT_LOCK_LIMITS.minRetentionDays}-${VAULT_LOCK_LIMITS.maxRetentionDays}`);
    }
    const vaults = new Map<string, aws.backup.Vault>();
    for (const region of args.regions) {
      const child: pulumi.CustomResourceOptions = { parent: this, provider: region.provider };
      const account = aws.getCallerIdentityOutput({}, child).accountId;
      const key = new aws.kms.Key(
        `${name}-${region.name}-key`,
        {
          description: `AWS Backup vault of ${args.namePrefix} in ${region.name}`,
          enableKeyRotation: true,
          rotationPeriodInDays: KEY_ROTATION_DAYS,
          deletionWindowInDays: 30,
          // AWS Backup uses the key through grants made with the caller's (the service role's) IAM permissions.
          policy: account.apply((a) =>
            JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "AccountAdministration", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${a}:root` }, Action: "kms:*", Resource: "*" }] }),
          ),
          tags: {},
        },
        { ...child, protect: args.protect },
      );
      const vault = new aws.backup.Vault(`${name}-${region.name}-vault`, { name: vaultName(args.namePrefix, region.name), kmsKeyArn: key.arn, forceDestroy: false, tags: {} }, { ...child, protect: args.protect });
      if (args.vaultLock) {
        new aws.backup.VaultLockConfiguration(`${name}-${region.name}-lock`, { backupVaultName: vault.name, minRetentionDays: min, maxRetentionDays: args.retentionDays }, { ...child, protect: args.protect });
      }
      vaults.set(region.name, vault);
    }

    const peers = args.crossRegionCopy ? copyPeers(args.regions) : new Map<string, string>();
    for (const region of args.regions) {
      const child: pulumi.CustomResourceOptions = { parent: this, provider: region.provider };
      const role = new aws.iam.Role(
        `${name}-${region.name}-role`,
        {
          name: `${args.namePrefix}-backup-${region.name}`.slice(0, 64),
          description: `AWS Backup service role of ${args.namePrefix} in ${region.name}`,
          assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
          managedPolicyArns: BACKUP_ROLE_POLICIES.map(managedPolicy),
          tags: {},
        },
        child,
      );
      const vault = vaults.get(region.name)!;
      const peer = peers.get(region.name);
      // The peer vault's ARN from its name, not its resource: regions stay independent (no
      // region's plan waits on another region's vault; a copy before that vault exists fails and retries next day).
      const account = aws.getCallerIdentityOutput({}, child).accountId;
      const peerVaultArn = peer ? pulumi.interpolate`arn:aws:backup:${peer}:${account}:backup-vault:${vaultName(args.namePrefix, peer)}` : undefined;
      const lifecycle = { deleteAfter: args.retentionDays };
      const plan = new aws.backup.Plan(
        `${name}-${region.name}-plan`,
        {
          name: `${args.namePrefix}-${region.name}`,
          rules: [
            {
              ruleName: "daily",
              targetVaultName: vault.name,
              // 05:00 UTC, after the stores' own snapshot windows.
              schedule: "cron(0 5 * * ? *)",
              startWindow: 60,
              completionWindow: 480,
              lifecycle,
              copyActions: peerVaultArn ? [{ destinationVaultArn: peerVaultArn, lifecycle }] : [],
            },
          ],
          tags: {},
        },
        child,
      );
      new aws.backup.Selection(
        `${name}-${region.name}-selection`,
        {
          name: `${args.namePrefix}-${region.name}`.slice(0, 50),
          planId: plan.id,
          iamRoleArn: role.arn,
          resources: [...BACKUP_RESOURCE_PATTERNS],
          selectionTags: BACKUP_SELECTION_TAGS.map((t) => ({ type: "STRINGEQUALS", key: t.key, value: t.value })),
        },
        child,
      );
    }
    this.vaultArns = Object.fromEntries([...vaults].map(([region, v]) => [region, v.arn]));
    this.registerOutputs({ vaultArns: this.vaultArns });
  }
}
