import type { PolicyResource } from "@pulumi/policy";
import { BACKUP } from "../../lib/controls";
import { awsRegionOf, isPersonal, isProduction } from "../../lib/facts";
import { stackRule } from "../../lib/rule";
import { StackView } from "../../lib/stack";
import { get, num, records, str, strings, type Props } from "../../lib/values";

const VAULT = "aws:backup/vault:Vault";
const LOCK = "aws:backup/vaultLockConfiguration:VaultLockConfiguration";
const PLAN = "aws:backup/plan:Plan";
const SELECTION = "aws:backup/selection:Selection";
const RDS = "aws:rds/instance:Instance";
const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const CLUSTER = "aws:eks/cluster:Cluster";

export const DEFAULT_MIN_BACKUP_PLAN_DAYS = 7;

const regionOf = (r: PolicyResource) => awsRegionOf(r.props as Props, r.provider) ?? "(unknown region)";

/** What a selection's `resources` patterns cover: rds, ec2 volumes, s3 ("*" covers all). */
function covers(patterns: readonly string[], service: "rds" | "ec2" | "s3"): boolean {
  return patterns.some((p) => p === "*" || p.startsWith(`arn:aws:${service}:`));
}

/**
 * AWS Backup holds what the stores' own snapshots do not protect against (an account-level
 * deletion, a ransomware-style purge): in every region with PHI/PII RDS databases or buckets, or
 * EKS clusters (their stateful workloads' EBS volumes), a backup plan with a selection covering
 * RDS, EBS and S3 writes into a vault encrypted under a customer key, keeps recovery points at
 * least `minRetentionDays` (policy config), and production vaults are locked
 * (cdk-nag's HIPAA/NIST backup-plan and vault rules).
 */
export const awsBackupPlan = stackRule({
  id: "hipaa-aws-backup-plan",
  description: "Regions with PHI/PII RDS databases, S3 buckets or EKS clusters have an AWS Backup plan covering RDS, EBS and S3 into a KMS-encrypted vault (locked in production), keeping recovery points at least the configured minimum.",
  severity: "high",
  controls: BACKUP,
  config: { minRetentionDays: { type: "integer", minimum: 1, default: DEFAULT_MIN_BACKUP_PLAN_DAYS } },
  resourceTypes: [VAULT, LOCK, PLAN, SELECTION, RDS, BUCKET, BUCKET_V2, CLUSTER],
  remediation: "Per region: an aws.backup.Vault with `kmsKeyArn` (and an aws.backup.VaultLockConfiguration in production), an aws.backup.Plan whose rules target it with `lifecycle.deleteAfter` >= the minimum, and an aws.backup.Selection of the plan covering `arn:aws:rds:*`, `arn:aws:ec2:*:*:volume/*` and `arn:aws:s3:::*` (config `security.backup`).",
  check: (args, finding) => {
    const view = new StackView(args.resources);
    const min = num(args.getConfig<{ minRetentionDays?: number }>().minRetentionDays) ?? DEFAULT_MIN_BACKUP_PLAN_DAYS;
    const locked = new Set(view.ofType(LOCK).map((l) => str((l.props as Props).backupVaultName)));
    const vaults = new Map<string, PolicyResource>();
    for (const v of view.ofType(VAULT)) {
      const p = v.props as Props;
      const name = str(p.name) ?? v.name;
      vaults.set(name, v);
      if (!str(p.kmsKeyArn)) finding(`backup vault ${name} has no kmsKeyArn (the AWS-managed key)`, v.urn);
      if (isProduction(view.labels(v), v.urn) && !locked.has(name)) finding(`production backup vault ${name} has no vault lock`, v.urn);
    }
    // Selections by region: a plan's id is not among its planned inputs, so selections pair with plans by region.
    const selectionPatterns = new Map<string, string[]>();
    for (const s of view.ofType(SELECTION)) {
      const p = s.props as Props;
      if (!str(p.planId)) continue;
      selectionPatterns.set(regionOf(s), [...(selectionPatterns.get(regionOf(s)) ?? []), ...strings(p.resources)]);
    }
    // Region -> services its plans cover.
    const covered = new Map<string, Set<string>>();
    for (const plan of view.ofType(PLAN)) {
      const p = plan.props as Props;
      const region = regionOf(plan);
      const rules = records(p.rules);
      for (const rule of rules) {
        const vault = vaults.get(str(rule.targetVaultName) ?? "");
        if (!vault) finding(`backup plan ${plan.name} rule ${str(rule.ruleName) ?? ""} targets no vault of this stack`, plan.urn);
        const days = num(get(rule, "lifecycle", "deleteAfter"));
        if (days !== undefined && days < min) finding(`backup plan ${plan.name} keeps recovery points ${days} days, below the minimum of ${min}`, plan.urn);
      }
      const patterns = selectionPatterns.get(region) ?? [];
      const set = covered.get(region) ?? new Set<string>();
      for (const service of ["rds", "ec2", "s3"] as const) if (rules.length > 0 && covers(patterns, service)) set.add(service);
      covered.set(region, set);
    }
    const need = (r: PolicyResource, service: "rds" | "ec2" | "s3", what: string) => {
      const region = regionOf(r);
      if (!covered.get(region)?.has(service)) finding(`${what} ${r.name} in ${region} is covered by no AWS Backup plan selection (${service})`, r.urn);
    };
    for (const db of view.ofType(RDS)) if (isPersonal(view.factLabels(db))) need(db, "rds", "RDS instance");
    for (const b of view.ofType(BUCKET, BUCKET_V2)) if (isPersonal(view.labels(b)) && view.labels(b)["data-classification"] === "phi") need(b, "s3", "PHI bucket");
    const seen = new Set<string>();
    for (const c of view.ofType(CLUSTER)) {
      if (seen.has(regionOf(c))) continue;
      seen.add(regionOf(c));
      need(c, "ec2", "EKS cluster (EBS volumes of its stateful workloads)");
    }
  },
});
