/**
 * Logical PostgreSQL backups to S3 with a restore test, for any system on a platform cluster
 * (NCA's second backup location, ZKP's database backups):
 *
 *  - a dump CronJob: `pg_dump --format=custom` as the application role into a memory-backed
 *    scratch volume, its SHA-256 beside it, then both to `s3://<bucket>/<prefix>/<UTC stamp>/`
 *    (aws-cli container, its own IRSA role: list, read and write under the prefix, never delete;
 *    only the bucket's lifecycle expires backups);
 *  - a verify CronJob: the latest dump and checksum back from S3, the checksum checked, the dump
 *    restored into a scratch database (never the live one), and every table's row count compared
 *    with the rows the dump holds; the restored copy is dropped again. A failed check fails the
 *    Job, which the caller's PrometheusRule turns into an alert (kube-state-metrics job status).
 *
 * DUMP_SCRIPT and RESTORE_CHECK_SCRIPT are what the containers run; tests run them against a
 * real PostgreSQL 15 (tests/postgres-s3-backup.test.ts).
 */
import * as aws from "@pulumi/aws";
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { secureCronJob } from "./cron-job";
import { IrsaServiceAccount } from "./irsa-service-account";
import type { EnvVar } from "./pod-security";
import { BOOTSTRAP_IMAGES } from "./postgres-role-bootstrap";

/** `pg_dump` into $BACKUP_DIR: database.dump and database.dump.sha256. libpq settings come from PG* variables. */
export const DUMP_SCRIPT = [
  "set -eu",
  'dir="${BACKUP_DIR:-/backup}"',
  'pg_dump --format=custom --no-owner --no-privileges --file="$dir/database.dump"',
  'test -s "$dir/database.dump"',
  '(cd "$dir" && sha256sum database.dump > database.dump.sha256)',
].join("\n");

/**
 * Restore test of $RESTORE_DIR/database.dump into $SCRATCH_DB (libpq PG* settings otherwise):
 * checksum, clean restore, row counts equal to the dump's, then the copy is dropped.
 */
export const RESTORE_CHECK_SCRIPT = [
  "set -eu",
  'PGOPTIONS="-c client_min_messages=warning"; export PGOPTIONS',
  'dir="${RESTORE_DIR:-/restore}"',
  'dump="$dir/database.dump"',
  'test -s "$dump" || { echo "restore check: the latest backup has no database dump" >&2; exit 1; }',
  '(cd "$dir" && sha256sum -c database.dump.sha256 >/dev/null) || { echo "restore check: checksum mismatch, the dump is corrupt" >&2; exit 1; }',
  'expected="$dir/expected-rows"',
  // Rows per table as the dump holds them (COPY blocks of the data section).
  `pg_restore --data-only --file=- "$dump" | awk '/^COPY /{t=$2; n=0; on=1; next} /^\\\\\\.$/{if(on) print t, n; on=0; next} on{n++}' > "$expected"`,
  'test -s "$expected" || { echo "restore check: the dump holds no table data" >&2; exit 1; }',
  // The restored copy is removed before and after: the dump's schemas (never public), and its tables in public.
  "drop_restored() {",
  '  pg_restore --list "$dump" | awk \'$4=="SCHEMA"{print $6}\' | grep -vx public | while read -r s; do psql -q -v ON_ERROR_STOP=1 -d "$SCRATCH_DB" -c "DROP SCHEMA IF EXISTS \\"$s\\" CASCADE"; done',
  '  pg_restore --list "$dump" | awk \'$4=="TABLE" && $5=="public"{print $6}\' | while read -r t; do psql -q -v ON_ERROR_STOP=1 -d "$SCRATCH_DB" -c "DROP TABLE IF EXISTS public.\\"$t\\" CASCADE"; done',
  "}",
  "drop_restored",
  'pg_restore --exit-on-error --no-owner --no-privileges --dbname="$SCRATCH_DB" "$dump"',
  "status=0",
  'while read -r table rows; do',
  '  actual="$(psql -At -v ON_ERROR_STOP=1 -d "$SCRATCH_DB" -c "SELECT count(*) FROM $table")"',
  '  if [ "$actual" != "$rows" ]; then echo "restore check: $table has $actual rows, the dump $rows" >&2; status=1; fi',
  'done < "$expected"',
  "drop_restored",
  'if [ "$status" -ne 0 ]; then exit 1; fi',
  'echo "restore check: $(wc -l < "$expected") tables restored and verified"',
].join("\n");

/** aws-cli: upload the dump directory under a UTC stamp. */
const UPLOAD_SCRIPT = [
  "set -eu",
  'stamp="$(date -u +%Y%m%dT%H%M%SZ)"',
  'aws s3 cp --only-show-errors --recursive /backup "s3://$S3_BUCKET/$S3_PREFIX/$stamp/"',
].join("\n");

/** aws-cli: fetch the latest dump set. */
const DOWNLOAD_SCRIPT = [
  "set -eu",
  'latest="$(aws s3 ls "s3://$S3_BUCKET/$S3_PREFIX/" | awk \'$1=="PRE"{print $2}\' | sort | tail -n 1)"',
  'test -n "$latest" || { echo "restore check: no backup under s3://$S3_BUCKET/$S3_PREFIX/" >&2; exit 1; }',
  'aws s3 cp --only-show-errors --recursive "s3://$S3_BUCKET/$S3_PREFIX/$latest" /restore/',
].join("\n");

export interface PostgresS3BackupArgs {
  /** Namespace (plain name: the IRSA trust policy names it). */
  readonly namespace: string;
  readonly namespaceResource: pulumi.Resource;
  readonly awsProvider: aws.Provider;
  readonly kubernetesProvider: k8s.Provider;
  readonly oidcProviderArn: pulumi.Input<string>;
  readonly oidcIssuer: pulumi.Input<string>;
  readonly region: string;
  readonly timeZone: string;
  /** CronJob names: `<jobPrefix>` (dump) and `<jobPrefix>-verify`. */
  readonly jobPrefix: string;
  readonly bucket: { readonly name: pulumi.Input<string>; readonly arn: pulumi.Input<string>; readonly kmsKeyArn: pulumi.Input<string> };
  /** Key prefix of the dumps, e.g. "database". */
  readonly prefix: string;
  readonly schedule: string;
  readonly verifySchedule: string;
  /** libpq connection of the application role: PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD (secret ref), PGSSLMODE. */
  readonly connection: readonly EnvVar[];
  /** Scratch database the restore test writes into (owned by the application role). */
  readonly scratchDatabase: string;
  /** Pod UID. Default 70 (postgres alpine). */
  readonly uid?: number;
  /** Size of the memory-backed scratch volume holding one dump. Default "4Gi". */
  readonly scratchSize?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly images?: { readonly awsCli?: string; readonly postgres?: string };
}

export class PostgresS3Backup extends pulumi.ComponentResource {
  readonly dump: k8s.batch.v1.CronJob;
  readonly verify: k8s.batch.v1.CronJob;
  readonly podSelector: Readonly<Record<string, string>>;

  constructor(name: string, args: PostgresS3BackupArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:k8s:PostgresS3Backup", name, {}, opts);
    const images = { ...BOOTSTRAP_IMAGES, ...(args.images ?? {}) };
    const podSelector = { "neurastack.io/postgres-backup": args.jobPrefix };
    const labels = { ...(args.labels ?? {}), ...podSelector };
    const prefix = args.prefix.replace(/^\/+|\/+$/g, "");
    const policy = pulumi.all([args.bucket.arn, args.bucket.kmsKeyArn]).apply(([bucketArn, keyArn]) =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Sid: "ListDumps", Effect: "Allow", Action: "s3:ListBucket", Resource: bucketArn, Condition: { StringLike: { "s3:prefix": [prefix, `${prefix}/*`] } } },
          { Sid: "ReadWriteDumps", Effect: "Allow", Action: ["s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload"], Resource: `${bucketArn}/${prefix}/*` },
          { Sid: "BucketKey", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: keyArn, Condition: { StringEquals: { "kms:ViaService": `s3.${args.region}.amazonaws.com` } } },
        ],
      }),
    );
    const account = new IrsaServiceAccount(
      `${name}-irsa`,
      {
        namespace: args.namespace,
        namespaceResource: args.namespaceResource,
        serviceAccountName: args.jobPrefix,
        oidcProviderArn: args.oidcProviderArn,
        oidcIssuer: args.oidcIssuer,
        policy,
        description: `PostgreSQL dumps of ${args.namespace} under s3 prefix ${prefix} (no delete)`,
        awsProvider: args.awsProvider,
        kubernetesProvider: args.kubernetesProvider,
        labels,
      },
      { parent: this },
    );
    const s3Env: EnvVar[] = [
      { name: "S3_BUCKET", value: args.bucket.name },
      { name: "S3_PREFIX", value: prefix },
      { name: "AWS_REGION", value: args.region },
      { name: "HOME", value: "/tmp" },
    ];
    const scratch = (mountPath: string) => ({ volume: { name: "work", emptyDir: { medium: "Memory", sizeLimit: args.scratchSize ?? "4Gi" } }, mount: { name: "work", mountPath } });
    const small = { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } };
    const pod = (mountPath: string, init: { name: string; image: string; script: string; env: EnvVar[] }, main: { name: string; image: string; script: string; env: EnvVar[] }) => {
      const work = scratch(mountPath);
      return {
        serviceAccountName: account.serviceAccountName,
        automountServiceAccountToken: true,
        runAsUser: args.uid ?? 70,
        runAsGroup: args.uid ?? 70,
        volumes: [work.volume],
        initContainers: [{ name: init.name, image: init.image, command: ["/bin/sh", "-c"], args: [init.script], env: init.env, resources: small, volumeMounts: [work.mount] }],
        containers: [{ name: main.name, image: main.image, command: ["/bin/sh", "-c"], args: [main.script], env: main.env, resources: small, volumeMounts: [work.mount] }],
      };
    };
    const job = { parent: this, provider: args.kubernetesProvider, dependsOn: [args.namespaceResource] };
    this.dump = secureCronJob(
      `${name}-dump`,
      {
        name: args.jobPrefix,
        namespace: args.namespace,
        labels,
        schedule: args.schedule,
        timeZone: args.timeZone,
        activeDeadlineSeconds: 3 * 3600,
        pod: pod("/backup", { name: "pg-dump", image: images.postgres, script: DUMP_SCRIPT, env: [...args.connection, { name: "BACKUP_DIR", value: "/backup" }] }, { name: "upload", image: images.awsCli, script: UPLOAD_SCRIPT, env: s3Env }),
      },
      job,
    );
    this.verify = secureCronJob(
      `${name}-verify`,
      {
        name: `${args.jobPrefix}-verify`,
        namespace: args.namespace,
        labels,
        schedule: args.verifySchedule,
        timeZone: args.timeZone,
        activeDeadlineSeconds: 3 * 3600,
        // A failed check must surface as a failed Job, not be retried into a pass.
        backoffLimit: 0,
        pod: {
          ...pod(
            "/restore",
            { name: "download-latest", image: images.awsCli, script: DOWNLOAD_SCRIPT, env: s3Env },
            { name: "restore-check", image: images.postgres, script: RESTORE_CHECK_SCRIPT, env: [...args.connection, { name: "RESTORE_DIR", value: "/restore" }, { name: "SCRATCH_DB", value: args.scratchDatabase }] },
          ),
          restartPolicy: "Never",
        },
      },
      job,
    );
    this.podSelector = podSelector;
    this.registerOutputs({ dump: this.dump.metadata.name, verify: this.verify.metadata.name });
  }
}
