/**
 * NCA's logical database backups (guide: `python -m neuroca.db.backup --output=backup.sql`,
 * "Schedule regular database backups", "Store backups in multiple locations"): a CronJob writes
 * a dated dump to the `neuroca-backups` PersistentVolumeClaim (encrypted gp3) and prunes dumps
 * older than the retention. RDS automated backups / point-in-time recovery are the other copy.
 *
 * The CronJob is components/k8s `secureCronJob`: a single writer at a time (concurrencyPolicy
 * Forbid) is what lets a ReadWriteOnce EBS volume serve a CronJob safely.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { secureCronJob } from "../../k8s/cron-job";
import type { EnvFromSource, EnvVar } from "../../k8s/pod-security";

export interface NcaDatabaseBackupArgs {
  readonly namespace: pulumi.Input<string>;
  readonly provider: k8s.Provider;
  /** CronJob name, e.g. "neuroca-db-backup"; the PVC is "neuroca-backups". */
  readonly jobName: string;
  readonly claimName: string;
  readonly storageClassName: string;
  readonly storageGb: number;
  readonly schedule: string;
  readonly timeZone: string;
  /** Days dumps are kept on the volume. */
  readonly retentionDays: number;
  readonly image: string;
  readonly envFrom: EnvFromSource[];
  readonly env?: EnvVar[];
  readonly serviceAccountName: pulumi.Input<string>;
  readonly uid: number;
  readonly labels: Readonly<Record<string, string>>;
  /** Protect the claim (production: it holds the dumps). */
  readonly protect: boolean;
}

export class NcaDatabaseBackup extends pulumi.ComponentResource {
  readonly claim: k8s.core.v1.PersistentVolumeClaim;
  readonly cronJob: k8s.batch.v1.CronJob;

  constructor(name: string, args: NcaDatabaseBackupArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:nca:DatabaseBackup", name, {}, opts);
    const child = { parent: this, provider: args.provider };
    const labels = { ...args.labels, "app.kubernetes.io/name": args.jobName };
    this.claim = new k8s.core.v1.PersistentVolumeClaim(
      `${name}-claim`,
      {
        // gp3 binds on first consumer (WaitForFirstConsumer): waiting for "Bound" before the
        // CronJob's first run would time out, so Pulumi does not await the claim.
        metadata: { name: args.claimName, namespace: args.namespace, labels, annotations: { "pulumi.com/skipAwait": "true" } },
        spec: { accessModes: ["ReadWriteOnce"], storageClassName: args.storageClassName, resources: { requests: { storage: `${args.storageGb}Gi` } } },
      },
      { ...child, protect: args.protect },
    );
    const script = [
      "set -eu",
      'out="/backups/neuroca-$(date -u +%Y%m%dT%H%M%SZ).sql"',
      'python -m neuroca.db.backup --output="$out"',
      'test -s "$out"',
      `find /backups -name 'neuroca-*.sql' -type f -mtime +${args.retentionDays} -delete`,
    ].join("\n");
    this.cronJob = secureCronJob(
      `${name}-cronjob`,
      {
        name: args.jobName,
        namespace: args.namespace,
        labels: args.labels,
        schedule: args.schedule,
        timeZone: args.timeZone,
        activeDeadlineSeconds: 3 * 3600,
        pod: {
          serviceAccountName: args.serviceAccountName,
          runAsUser: args.uid,
          volumes: [{ name: "backups", persistentVolumeClaim: { claimName: this.claim.metadata.name } }],
          containers: [
            {
              name: "backup",
              image: args.image,
              command: ["/bin/sh", "-c", script],
              envFrom: args.envFrom,
              env: [{ name: "HOME", value: "/tmp" }, ...(args.env ?? [])],
              resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1", memory: "2Gi" } },
              volumeMounts: [{ name: "backups", mountPath: "/backups" }],
            },
          ],
        },
      },
      child,
    );
    this.registerOutputs({ claimName: this.claim.metadata.name, cronJobName: this.cronJob.metadata.name });
  }
}
