import * as aws from "@pulumi/aws";
import { AWS_KEY_ARN, awsProvider, baseLabels, dataLabels, ruleTests } from "../../testing/rule-tests";
import { awsBackupPlan } from "./aws-backup-plan";

const ALL = ["arn:aws:rds:*:*:db:*", "arn:aws:ec2:*:*:volume/*", "arn:aws:s3:::*"];
const db = (name: string, provider: aws.Provider) =>
  new aws.rds.Instance(name, { engine: "postgres", instanceClass: "db.t4g.large", allocatedStorage: 20, storageEncrypted: true, kmsKeyId: AWS_KEY_ARN, tags: dataLabels() }, { provider });
const phiBucket = (name: string, provider: aws.Provider) => new aws.s3.Bucket(name, { bucket: name, tags: dataLabels() }, { provider });
const backup = (name: string, provider: aws.Provider, o: { kms?: boolean; lock?: boolean; days?: number; resources?: string[] }) => {
  const vault = new aws.backup.Vault(`${name}-vault`, { name: `${name}-vault`, kmsKeyArn: o.kms === false ? undefined : AWS_KEY_ARN, tags: baseLabels() }, { provider });
  if (o.lock !== false) new aws.backup.VaultLockConfiguration(`${name}-lock`, { backupVaultName: vault.name, minRetentionDays: 7, maxRetentionDays: 35 }, { provider });
  const plan = new aws.backup.Plan(
    `${name}-plan`,
    { name: `${name}-plan`, rules: [{ ruleName: "daily", targetVaultName: vault.name, schedule: "cron(0 5 * * ? *)", lifecycle: { deleteAfter: o.days ?? 35 } }], tags: baseLabels() },
    { provider },
  );
  new aws.backup.Selection(`${name}-selection`, { name: `${name}-selection`, planId: plan.id, iamRoleArn: "arn:aws:iam::123456789012:role/backup", resources: o.resources ?? ALL }, { provider });
};

ruleTests(awsBackupPlan, {
  violating: () => {
    // No plan at all in us-east-1.
    const east = awsProvider("us-east-1");
    db("uncovered-db", east);
    // A plan that keeps too little, in an unlocked AWS-managed-key vault, covering RDS only.
    const west = awsProvider("us-west-2");
    phiBucket("uncovered-bucket", west);
    backup("weak", west, { kms: false, lock: false, days: 3, resources: ["arn:aws:rds:*:*:db:*"] });
  },
  violates: ["uncovered-db", "uncovered-bucket", "weak-vault", "weak-plan"],
  config: { minRetentionDays: 30 },
  messages: ["covered by no AWS Backup plan selection", "has no kmsKeyArn", "has no vault lock", "below the minimum of 30"],
  passing: () => {
    const provider = awsProvider("eu-west-1");
    db("covered-db", provider);
    phiBucket("covered-bucket", provider);
    backup("full", provider, {});
  },
});
