/**
 * A hardened CronJob: one builder for every scheduled job (logical dumps, S3 backups,
 * integrity checks) so they cannot drift apart.
 *
 *  - `concurrencyPolicy: Forbid`: never two runs at once. Backups must not race each other, and
 *    it is what lets a ReadWriteOnce volume serve a CronJob safely.
 *  - `startingDeadlineSeconds` (default 600): a run missed by up to 10 minutes (controller
 *    restart, API outage) still starts late instead of being skipped; older misses are dropped,
 *    so a long outage does not unleash a burst of catch-up runs.
 *  - bounded history (3 successful / 5 failed Jobs kept) so failures stay inspectable without
 *    Jobs piling up, a retry budget (`backoffLimit`, default 2) and a hard deadline per run
 *    (`activeDeadlineSeconds`, required: a hung dump must not block the next one forever).
 *  - the pod is `securePodSpec` (non-root, read-only root FS, no capabilities, RuntimeDefault
 *    seccomp, no service-account token unless asked), restarted `OnFailure` by default.
 *  - the schedule runs in an explicit IANA time zone (the guides' "2 AM" is local time).
 */
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { securePodSpec, type SecurePodSpecArgs } from "./pod-security";

/** The defaults secureCronJob applies, exported so callers and tests can name them. */
export const CRON_JOB_DEFAULTS = {
  concurrencyPolicy: "Forbid",
  startingDeadlineSeconds: 600,
  successfulJobsHistoryLimit: 3,
  failedJobsHistoryLimit: 5,
  backoffLimit: 2,
  restartPolicy: "OnFailure",
} as const;

export interface SecureCronJobArgs {
  /** Kubernetes name of the CronJob (also its `app.kubernetes.io/name` label). */
  readonly name: string;
  readonly namespace: pulumi.Input<string>;
  /** Labels of the CronJob, its Jobs and their pods (NetworkPolicies select on them). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Five-field cron expression. */
  readonly schedule: string;
  /** IANA time zone of the schedule (e.g. the cluster region's `timezone`). */
  readonly timeZone: string;
  /** Seconds one run may take before Kubernetes kills it. Required: no run may hang forever. */
  readonly activeDeadlineSeconds: number;
  /** Pod retries per run. Default 2. */
  readonly backoffLimit?: number;
  /** How late a missed run may still start. Default 600 s. */
  readonly startingDeadlineSeconds?: number;
  /** Finished Jobs kept. Defaults 3 successful, 5 failed. */
  readonly successfulJobsHistoryLimit?: number;
  readonly failedJobsHistoryLimit?: number;
  /** The pod (securePodSpec arguments). `restartPolicy` defaults to "OnFailure"; "Always" is refused. */
  readonly pod: SecurePodSpecArgs;
}

/** A CronJob with the hardened settings above. Throws on a pod restartPolicy of "Always" (invalid for Jobs). */
export function secureCronJob(resourceName: string, args: SecureCronJobArgs, opts: pulumi.CustomResourceOptions): k8s.batch.v1.CronJob {
  const d = CRON_JOB_DEFAULTS;
  const restartPolicy = args.pod.restartPolicy ?? d.restartPolicy;
  if (restartPolicy === "Always") throw new Error(`CronJob ${args.name}: restartPolicy "Always" is not valid for Jobs (use "OnFailure" or "Never")`);
  if (!(args.activeDeadlineSeconds > 0)) throw new Error(`CronJob ${args.name}: activeDeadlineSeconds must be positive, got ${args.activeDeadlineSeconds}`);
  const labels = { ...(args.labels ?? {}), "app.kubernetes.io/name": args.name };
  return new k8s.batch.v1.CronJob(
    resourceName,
    {
      metadata: { name: args.name, namespace: args.namespace, labels },
      spec: {
        schedule: args.schedule,
        timeZone: args.timeZone,
        concurrencyPolicy: d.concurrencyPolicy,
        startingDeadlineSeconds: args.startingDeadlineSeconds ?? d.startingDeadlineSeconds,
        successfulJobsHistoryLimit: args.successfulJobsHistoryLimit ?? d.successfulJobsHistoryLimit,
        failedJobsHistoryLimit: args.failedJobsHistoryLimit ?? d.failedJobsHistoryLimit,
        jobTemplate: {
          metadata: { labels },
          spec: {
            backoffLimit: args.backoffLimit ?? d.backoffLimit,
            activeDeadlineSeconds: args.activeDeadlineSeconds,
            template: { metadata: { labels }, spec: securePodSpec({ ...args.pod, restartPolicy }) },
          },
        },
      },
    },
    opts,
  );
}
