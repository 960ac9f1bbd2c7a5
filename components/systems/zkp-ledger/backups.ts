/**
 * The guide's automated backups ("Full backup: daily at 2 AM; incremental every 6 hours;
 * retention 30 days local, 90 days remote (S3); automated backup integrity checks"), holding
 * every ledger node's data and the database:
 *
 *  - per node and kind (full, incremental), a CronJob that runs next to that node's pod
 *    (required pod affinity on its node: the ReadWriteOnce volume mounts on one node only) with
 *    the node's volume mounted read-only, and runs the ledger's own export of that data
 *    directory to `s3://<bucket>/<kind>/nodes/<node id>/`;
 *  - the database: a daily logical dump to `s3://<bucket>/database/` with its restore test
 *    (components/k8s PostgresS3Backup: a scratch database, row counts checked);
 *  - verification: a CronJob fetching the latest full backup of every node (failing when a node
 *    has none newer than `maxAgeHours`), restoring each into a scratch directory and running the
 *    ledger's verify on the restored copy;
 *  - local: each node keeps its own 30 days (production.toml [backup] retention_days) on its
 *    volume; remote: the bucket (DataBucket: SSE-KMS, versioned, TLS-only) expires objects after
 *    90 days. Failed or missing verification alerts (monitoring.ts backupRules).
 *
 * The jobs' IRSA role may list, read and write backups but not delete them: only the lifecycle
 * expires backups, so a compromised job cannot wipe the history.
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
import { PostgresS3Backup } from "../../k8s/postgres-s3-backup";
import { LEDGER_UID, type LedgerNodeSpec } from "./layout";

/** Pod labels of every backup job (NetworkPolicies select on them). */
export const BACKUP_LABELS = { "app.kubernetes.io/part-of": "zkp-ledger", "app.kubernetes.io/component": "backup" } as const;
export const BACKUP_SERVICE_ACCOUNT = "zkp-ledger-backup";
/** CronJob names. */
export const BACKUP_JOBS = {
  node: (kind: "full" | "incremental", node: LedgerNodeSpec) => `zkp-ledger-backup-${kind}-${node.id}`,
  database: "zkp-ledger-backup-database",
  verify: "zkp-ledger-backup-verify",
} as const;
/** Where a node's data lives: the StatefulSet's claim `data-<set>-0` (ledger-node.ts volumeClaimTemplates). */
export const nodeDataClaim = (node: LedgerNodeSpec): string => `data-${node.name}-0`;
/** S3 prefix of one node's backups of one kind. */
export const nodeBackupPrefix = (kind: "full" | "incremental", node: LedgerNodeSpec): string => `${kind}/nodes/${node.id}`;

/** The ledger CLI's commands (the image's entrypoint binary). */
export const BACKUP_COMMANDS = {
  create: (kind: "full" | "incremental", node: LedgerNodeSpec) => [
    "zkp-ledger",
    "backup",
    "create",
    `--type=${kind}`,
    `--node-id=${node.id}`,
    "--data-dir=/opt/zkp-ledger/data",
    `--destination=s3://$(S3_BUCKET)/${nodeBackupPrefix(kind, node)}/`,
  ],
} as const;

/**
 * aws-cli: the latest full backup of every node into /restore/nodes/<id>/; fails when a node has
 * none, or none newer than MAX_AGE_HOURS (the set would be incomplete).
 */
export const FETCH_LATEST_SET_SCRIPT = [
  "set -eu",
  'now="$(date -u +%s)"',
  'for id in $NODE_IDS; do',
  '  latest="$(aws s3 ls "s3://$S3_BUCKET/full/nodes/$id/" | awk \'$1=="PRE"{print $2}\' | sort | tail -n 1)"',
  '  test -n "$latest" || { echo "verify: node $id has no full backup" >&2; exit 1; }',
  '  when="$(aws s3 ls --recursive "s3://$S3_BUCKET/full/nodes/$id/$latest" | sort | tail -n 1 | awk \'{print $1" "$2}\')"',
  '  age=$(( (now - $(date -u -d "$when" +%s)) / 3600 ))',
  '  test "$age" -le "$MAX_AGE_HOURS" || { echo "verify: the latest full backup of node $id is $age hours old" >&2; exit 1; }',
  '  aws s3 cp --only-show-errors --recursive "s3://$S3_BUCKET/full/nodes/$id/$latest" "/restore/nodes/$id/"',
  "done",
].join("\n");

/** Ledger image: restore each node's backup into a scratch directory and verify the restored copy. */
export const VERIFY_NODES_SCRIPT = [
  "set -eu",
  'for id in $NODE_IDS; do',
  '  zkp-ledger backup restore --source="/restore/nodes/$id" --target="/scratch/$id"',
  '  zkp-ledger backup verify --source="/scratch/$id"',
  '  echo "verify: node $id restored and verified"',
  "done",
].join("\n");

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
  /** AWS CLI and psql images of the upload, download and database jobs (config: production pins them by digest). */
  readonly toolImages: { readonly awsCli: string; readonly postgres: string };
  /** Every ledger node: each gets its own backup jobs. */
  readonly nodes: readonly LedgerNodeSpec[];
  readonly schedules: { readonly full: string; readonly incremental: string; readonly verify: string };
  /** S3 lifecycle expiration (guide: 90 days remote). */
  readonly remoteRetentionDays: number;
  /** Verification fails when a node's latest full backup is older than this. Default 26 (daily + slack). */
  readonly maxAgeHours?: number;
  readonly bucketLabels: Labels;
  /** Environment the ledger CLI needs (config path, tracing...). */
  readonly env: EnvVar[];
  /** libpq connection of the ledger role (PostgresS3Backup) and the scratch database of its restore test. */
  readonly database: { readonly connection: readonly EnvVar[]; readonly scratchDatabase: string };
  readonly resources: { readonly requests: { readonly cpu: string; readonly memory: string }; readonly limits: { readonly cpu: string; readonly memory: string } };
  /** Pods of each node carry `app.kubernetes.io/name: <node name>` (ledger-node.ts): the jobs' affinity. */
  readonly labels?: Readonly<Record<string, string>>;
}

export class LedgerBackups extends pulumi.ComponentResource {
  readonly bucket: DataBucket;
  /** Node id -> its full and incremental backup CronJobs. */
  readonly nodeJobs: ReadonlyMap<string, { readonly full: k8s.batch.v1.CronJob; readonly incremental: k8s.batch.v1.CronJob }>;
  /** The database dump and its restore test. */
  readonly database: PostgresS3Backup;
  /** Restore-and-verify of the latest node backups. */
  readonly verify: k8s.batch.v1.CronJob;
  /** Every CronJob of the backups. */
  readonly cronJobs: readonly k8s.batch.v1.CronJob[];
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
          { Sid: "ReadWriteNodeBackups", Effect: "Allow", Action: ["s3:PutObject", "s3:GetObject", "s3:GetObjectVersion", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"], Resource: [`${bucketArn}/full/*`, `${bucketArn}/incremental/*`] },
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
    const labels = { ...(args.labels ?? {}), ...BACKUP_LABELS };
    const child = { parent: this, provider: args.kubernetesProvider, dependsOn: [args.namespaceResource] };
    const jobs: k8s.batch.v1.CronJob[] = [];
    const nodeJob = (kind: "full" | "incremental", node: LedgerNodeSpec): k8s.batch.v1.CronJob =>
      secureCronJob(
        `${name}-${kind}-${node.id}`,
        {
          name: BACKUP_JOBS.node(kind, node),
          namespace: args.namespace,
          labels: { ...labels, "zkp-ledger.io/node-id": node.id, "zkp-ledger.io/backup-kind": kind },
          schedule: kind === "full" ? args.schedules.full : args.schedules.incremental,
          timeZone: args.timeZone,
          activeDeadlineSeconds: 4 * 3600,
          pod: {
            serviceAccountName: account.serviceAccountName,
            // IRSA's projected token comes with the service-account token mount.
            automountServiceAccountToken: true,
            runAsUser: LEDGER_UID,
            runAsGroup: LEDGER_UID,
            fsGroup: LEDGER_UID,
            // The node's ReadWriteOnce volume is attached to the node its pod runs on: run there.
            affinity: {
              podAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { "app.kubernetes.io/name": node.name } }, topologyKey: "kubernetes.io/hostname" }],
              },
            },
            volumes: [{ name: "data", persistentVolumeClaim: { claimName: nodeDataClaim(node), readOnly: true } }],
            containers: [
              {
                name: `backup-${kind}`,
                image: args.image,
                command: [...BACKUP_COMMANDS.create(kind, node)],
                env: [...env, { name: "ZKP_LEDGER_NODE_ID", value: node.id }],
                resources: args.resources,
                volumeMounts: [{ name: "data", mountPath: "/opt/zkp-ledger/data", subPath: "data", readOnly: true }],
                writablePaths: ["/tmp"],
                writableSizeLimit: "20Gi",
              },
            ],
          },
        },
        child,
      );
    const nodeJobs = new Map<string, { full: k8s.batch.v1.CronJob; incremental: k8s.batch.v1.CronJob }>();
    for (const node of args.nodes) {
      const pair = { full: nodeJob("full", node), incremental: nodeJob("incremental", node) };
      nodeJobs.set(node.id, pair);
      jobs.push(pair.full, pair.incremental);
    }
    this.nodeJobs = nodeJobs;

    // The database: daily dump with its own restore test, beside the node backups.
    this.database = new PostgresS3Backup(
      `${name}-database`,
      {
        namespace: args.namespace,
        namespaceResource: args.namespaceResource,
        awsProvider: args.awsProvider,
        kubernetesProvider: args.kubernetesProvider,
        oidcProviderArn: args.oidcProviderArn,
        oidcIssuer: args.oidcIssuer,
        region: args.region,
        timeZone: args.timeZone,
        jobPrefix: BACKUP_JOBS.database,
        bucket: { name: this.bucket.bucketName, arn: this.bucket.arn, kmsKeyArn: this.bucket.kmsKeyArn },
        prefix: "database",
        schedule: args.schedules.full,
        verifySchedule: args.schedules.verify,
        connection: args.database.connection,
        scratchDatabase: args.database.scratchDatabase,
        images: args.toolImages,
        labels,
      },
      { parent: this },
    );

    const nodeIds = args.nodes.map((n) => n.id).join(" ");
    const scratch = { name: "scratch", emptyDir: { sizeLimit: "50Gi" } };
    this.verify = secureCronJob(
      `${name}-verify`,
      {
        name: BACKUP_JOBS.verify,
        namespace: args.namespace,
        labels,
        schedule: args.schedules.verify,
        timeZone: args.timeZone,
        activeDeadlineSeconds: 4 * 3600,
        // A failed verification must surface as a failed Job (the alert), not be retried into a pass.
        backoffLimit: 0,
        pod: {
          serviceAccountName: account.serviceAccountName,
          automountServiceAccountToken: true,
          runAsUser: LEDGER_UID,
          runAsGroup: LEDGER_UID,
          fsGroup: LEDGER_UID,
          restartPolicy: "Never",
          volumes: [{ name: "restore", emptyDir: { sizeLimit: "50Gi" } }, scratch],
          initContainers: [
            {
              name: "fetch-latest-set",
              image: args.toolImages.awsCli,
              command: ["/bin/sh", "-c"],
              args: [FETCH_LATEST_SET_SCRIPT],
              env: [...env, { name: "NODE_IDS", value: nodeIds }, { name: "MAX_AGE_HOURS", value: String(args.maxAgeHours ?? 26) }],
              resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
              volumeMounts: [{ name: "restore", mountPath: "/restore" }],
            },
          ],
          containers: [
            {
              name: "restore-and-verify",
              image: args.image,
              command: ["/bin/sh", "-c"],
              args: [VERIFY_NODES_SCRIPT],
              env: [...env, { name: "NODE_IDS", value: nodeIds }],
              resources: args.resources,
              volumeMounts: [
                { name: "restore", mountPath: "/restore", readOnly: true },
                { name: "scratch", mountPath: "/scratch" },
              ],
            },
          ],
        },
      },
      child,
    );
    jobs.push(this.verify);
    this.cronJobs = jobs;
    this.registerOutputs({ bucketName: this.bucket.bucketName, roleArn: this.roleArn });
  }
}
