/**
 * Log retention of a project, one knob per kind of log:
 *  - the `_Default` bucket (everything not routed elsewhere: the workloads' logs, monitoring
 *    data) keeps `defaultDays`; it always exists, so the provider adopts it and a destroy only
 *    forgets it (terraform-provider-google docs, logging_project_bucket_config);
 *  - Data Access audit logs also go, through a sink, to their own regional bucket that keeps
 *    `auditDays`. By default they land only in `_Default`, whose retention is 30 days (Cloud
 *    Logging, "Routing and storage overview"), shorter than an audit trail must be kept. The
 *    bucket is regional so it stays inside a resource-locations org policy.
 * A deleted user-defined bucket keeps its id for 7 days, so the id carries the deployment suffix.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";

/** Cloud Logging bucket retention bounds: 1 to 3650 days. */
export const LOG_RETENTION_LIMITS = { minDays: 1, maxDays: 3650 } as const;

export const DATA_ACCESS_FILTER = `logName:"cloudaudit.googleapis.com%2Fdata_access"`;

export interface LogBucketsArgs {
  readonly provider: gcp.Provider;
  readonly project: string;
  /** Region of the audit bucket. */
  readonly location: string;
  /** Retention of `_Default`. */
  readonly defaultDays: number;
  /** Audit bucket (id and retention); none: `_Default` only. */
  readonly audit?: { readonly bucketId: pulumi.Input<string>; readonly days: number };
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export class LogBuckets extends pulumi.ComponentResource {
  readonly defaultBucket: gcp.logging.ProjectBucketConfig;
  readonly auditBucket?: gcp.logging.ProjectBucketConfig;
  readonly auditSink?: gcp.logging.ProjectSink;

  constructor(name: string, args: LogBucketsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:gcp:LogBuckets", name, {}, opts);
    const days = [args.defaultDays, ...(args.audit ? [args.audit.days] : [])];
    for (const d of days) {
      if (!Number.isInteger(d) || d < LOG_RETENTION_LIMITS.minDays || d > LOG_RETENTION_LIMITS.maxDays) {
        throw new Error(`${name}: log retention ${d} days is outside Cloud Logging's ${LOG_RETENTION_LIMITS.minDays}-${LOG_RETENTION_LIMITS.maxDays}`);
      }
    }
    const child: pulumi.CustomResourceOptions = { parent: this, provider: args.provider, dependsOn: args.dependsOn };
    this.defaultBucket = new gcp.logging.ProjectBucketConfig(`${name}-default`, {
      project: args.project,
      location: "global",
      bucketId: "_Default",
      retentionDays: args.defaultDays,
    }, child);
    if (args.audit) {
      this.auditBucket = new gcp.logging.ProjectBucketConfig(`${name}-audit`, {
        project: args.project,
        location: args.location,
        bucketId: args.audit.bucketId,
        retentionDays: args.audit.days,
        description: "Data Access audit logs (HIPAA 164.312(b), 21 CFR Part 11 audit trail)",
      }, child);
      // Same-project bucket destination: no writer identity grant is needed (Cloud Logging, "Route logs to supported destinations").
      this.auditSink = new gcp.logging.ProjectSink(`${name}-audit-sink`, {
        project: args.project,
        name: pulumi.interpolate`${args.audit.bucketId}-sink`,
        destination: pulumi.interpolate`logging.googleapis.com/projects/${args.project}/locations/${args.location}/buckets/${this.auditBucket.bucketId}`,
        filter: DATA_ACCESS_FILTER,
        description: "Data Access audit logs to their retention bucket",
      }, child);
    }
    this.registerOutputs({ defaultDays: args.defaultDays, auditBucket: this.auditBucket?.bucketId });
  }
}
