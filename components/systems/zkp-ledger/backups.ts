/**
 * The guide's automated backups: a full backup daily at 02:00, incrementals every 6 hours, and
 * an integrity check, as CronJobs (components/k8s `secureCronJob`: never two at once, a missed
 * run starts up to 10 minutes late) in the cluster's region time zone, writing to an S3 bucket
 * (DataBucket: SSE-KMS, versioned, TLS-only) whose lifecycle deletes backups after the remote
 * retention (90 days); the nodes keep 30 days locally (production.toml [backup]).
 *
 * The jobs run the ledger image's backup command under their own IRSA role, which may list the
 * bucket and read/write objects but not delete them: only the lifecycle expires backups, so a
 * compromised job cannot wipe the history.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { DataBucket } from "../../aws/data/data-bucket";
import type { SystemContext } from "../../context";
import type { Labels } from "../../labels";
import { IrsaServiceAccount } from "../../k8s/irsa-service-account";
import { secureCronJob } from "../../k8s/cron-job";
import type { EnvVar } from "../../k8s/pod-security";
import { LEDGER_UID } from "./layout";

/** Pod labels of every backup job (NetworkPolicies select on them). */
export const BACKUP_LABELS = { "app.kubernetes.io/part-of": "zkp-ledger", "app.kubernetes.io/component": "backup" } as const;
export const BACKUP_SERVICE_ACCOUNT = "zkp-ledger-backup";

/** The ledger CLI's backup commands (the image's entrypoint binary). */
export const BACKUP_COMMANDS = {
  full: ["zkp-ledger", "backup", "create", "--type=full", "--destination=s3://$(S3_BUCKET)/full/"],
  incremental: ["zkp-ledger", "backup", "create", "--type=incremental", "--destination=s3://$(S3_BUCKET)/incremental/"],
  verify: ["zkp-ledger", "backup", "verify", "--source=s3://$(S3_BUCKET)/", "--latest"],
} as const;

export interface LedgerBackupsArgs {
  readonly context: SystemContext;
  readonly namespace: string;
  readonly namespaceResource: pulumi.Resource;
  readonly awsProvider: aws.Provider;
  readonly kubernetesProvider: k8s.Provider;
  readonly oidcProviderArn: pulumi.Input<string>;
  readonly oidcIssuer: pulumi.Input<string>;
  /** Region of the bucket and the schedules' time zone. */
  readonly region: string;
  readonly timeZone: string;
  readonly image: string;
  readonly schedules: { readonly full: string; readonly incremental: string; readonly verify: string };
  /** S3 lifecycle expiration (guide: 90 days remote). */
  readonly remoteRetentionDays: number;
  readonly bucketLabels: Labels;
  /** Environment the backup command needs (DATABASE_URL secret ref, ...). */
  readonly env: EnvVar[];
  readonly resources: { readonly requests: { readonly cpu: string; readonly memory: string }; readonly limits: { readonly cpu: string; readonly memory: string } };
  readonly labels?: Readonly<Record<string, string>>;
}

export class LedgerBackups extends pulumi.ComponentResource {
  readonly bucket: DataBucket;
  readonly cronJobs: Readonly<Record<"full" | "incremental" | "verify", k8s.batch.v1.CronJob>>;
  readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: LedgerBackupsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:zkp:Backups", name, {}, opts);
    this.bucket = new DataBucket(
      `${name}-bucket`,
      {
        context: args.context,
        provider: args.awsProvider,
        dataLabels: args.bucketLabels,
        // Current objects expire after the remote retention; replaced versions a day later, so
        // nothing outlives the guide's 90 days by more than a day.
        lifecycle: { expirationDays: args.remoteRetentionDays, noncurrentVersionExpirationDays: 1 },
      },
      { parent: this },
    );

    const policy = pulumi.all([this.bucket.arn, this.bucket.kmsKeyArn]).apply(([bucketArn, keyArn]) =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Sid: "ListBackups", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: bucketArn },
          { Sid: "ReadWriteBackups", Effect: "Allow", Action: ["s3:PutObject", "s3:GetObject", "s3:GetObjectVersion", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"], Resource: `${bucketArn}/*` },
          { Sid: "BucketKey", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: keyArn, Condition: { StringEquals: { "kms:ViaService": `s3.${args.region}.amazonaws.com` } } },
        ],
      }),
    );
    const account = new IrsaServiceAccount(
      `${name}-irsa`,
      {
        namespace: args.namespace,
        namespaceResource: args.namespaceResource,
        serviceAccountName: BACKUP_SERVICE_ACCOUNT,
        oidcProviderArn: args.oidcProviderArn,
        oidcIssuer: args.oidcIssuer,
        policy,
        description: "ZKP ledger backups: write to the backup bucket (no delete)",
        awsProvider: args.awsProvider,
        kubernetesProvider: args.kubernetesProvider,
        labels: { ...(args.labels ?? {}), ...BACKUP_LABELS },
      },
      { parent: this },
    );
    this.roleArn = account.roleArn;

    const env: EnvVar[] = [
      { name: "S3_BUCKET", value: this.bucket.bucketName },
      { name: "S3_ENDPOINT", value: `https://s3.${args.region}.amazonaws.com` },
      { name: "AWS_REGION", value: args.region },
      { name: "HOME", value: "/tmp" },
      ...args.env,
    ];
    const cron = (kind: "full" | "incremental" | "verify", schedule: string): k8s.batch.v1.CronJob =>
      secureCronJob(
        `${name}-${kind}`,
        {
          name: `zkp-ledger-backup-${kind}`,
          namespace: args.namespace,
          labels: { ...(args.labels ?? {}), ...BACKUP_LABELS },
          schedule,
          timeZone: args.timeZone,
          activeDeadlineSeconds: 4 * 3600,
          pod: {
            serviceAccountName: account.serviceAccountName,
            // IRSA's projected token comes with the service-account token mount.
            automountServiceAccountToken: true,
            runAsUser: LEDGER_UID,
            runAsGroup: LEDGER_UID,
            containers: [
              {
                name: `backup-${kind}`,
                image: args.image,
                command: [...BACKUP_COMMANDS[kind]],
                env,
                resources: args.resources,
                writablePaths: ["/tmp"],
                writableSizeLimit: "20Gi",
              },
            ],
          },
        },
        { parent: this, provider: args.kubernetesProvider, dependsOn: [args.namespaceResource] },
      );
    this.cronJobs = { full: cron("full", args.schedules.full), incremental: cron("incremental", args.schedules.incremental), verify: cron("verify", args.schedules.verify) };
    this.registerOutputs({ bucketName: this.bucket.bucketName, roleArn: this.roleArn });
  }
}
