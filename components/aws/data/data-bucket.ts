/**
 * An S3 bucket for regulated data: SSE-KMS under its own key (bucket keys on), versioning,
 * public access blocked, ACLs disabled (BucketOwnerEnforced), a bucket policy that refuses
 * anything but TLS 1.2+, server access logging, lifecycle rules, and optional cross-region
 * replication (KMS re-encryption under the destination's key, Replication Time Control).
 *
 * Uses the provider v7 split resources (aws.s3.Bucket plus BucketVersioning,
 * BucketServerSideEncryptionConfiguration, ...), not the deprecated inline bucket arguments.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { envName } from "../../naming";
import { BucketReplication, type BucketReplicationTarget } from "./bucket-replication";
import { childOptions, createDataKey, dataOptions, type DataStoreBaseArgs } from "./common";

export interface DataBucketLifecycle {
  /** Move current objects to STANDARD_IA after this many days. Default: never. */
  readonly transitionToInfrequentAccessDays?: number;
  /** Move current objects to GLACIER_IR after this many days. Default: never. */
  readonly transitionToGlacierDays?: number;
  /** Delete current objects after this many days. Default: never. */
  readonly expirationDays?: number;
  /** Delete noncurrent versions this many days after they were replaced. Default 90. */
  readonly noncurrentVersionExpirationDays?: number;
  /** Keep at least this many noncurrent versions regardless of age. Default: none. */
  readonly keepNoncurrentVersions?: number;
  /** Abort incomplete multipart uploads after this many days. Default 7. */
  readonly abortIncompleteMultipartUploadDays?: number;
}

/** Where server access logs go. */
export interface DataBucketAccessLogs {
  /** Name of an existing log bucket (e.g. another DataBucket's `accessLogBucketName`). */
  readonly bucket: pulumi.Input<string>;
  /** Key prefix of this bucket's logs. Default `<bucket name>/`. */
  readonly prefix?: string;
}

export type { BucketReplicationTarget as DataBucketReplication } from "./bucket-replication";

export interface DataBucketArgs extends DataStoreBaseArgs {
  /** Physical (globally unique) name. Default `<name>-<environment>`. Max 63 characters. */
  readonly bucketName?: string;
  /** Object versioning. Default true (replication requires it). */
  readonly versioning?: boolean;
  /** Lifecycle rules. Defaults as documented on DataBucketLifecycle. */
  readonly lifecycle?: DataBucketLifecycle;
  /**
   * Server access logging target. Default: a dedicated `<bucket name>-logs` bucket created
   * here (SSE-S3, because S3 log delivery cannot write SSE-KMS objects).
   */
  readonly accessLogs?: DataBucketAccessLogs;
  /** Days server access logs are kept in the dedicated log bucket. Default 365. */
  readonly accessLogRetentionDays?: number;
  /**
   * Replicate every object to one or more buckets (each versioned, e.g. DataBuckets in other
   * regions). Default: no replication. For buckets that replicate to each other (a cycle), create
   * the buckets first and then a BucketReplication per source.
   */
  readonly replication?: BucketReplicationTarget | readonly BucketReplicationTarget[];
}

export const DATA_BUCKET_DEFAULTS = {
  versioning: true,
  noncurrentVersionExpirationDays: 90,
  abortIncompleteMultipartUploadDays: 7,
  accessLogRetentionDays: 365,
} as const;

/** Bucket policy statements that refuse plain HTTP and TLS older than 1.2. */
export function tlsOnlyStatements(bucketArn: string): Record<string, unknown>[] {
  const resources = [bucketArn, `${bucketArn}/*`];
  return [
    { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: resources, Condition: { Bool: { "aws:SecureTransport": "false" } } },
    { Sid: "DenyOutdatedTls", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: resources, Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } },
  ];
}

export class DataBucket extends pulumi.ComponentResource {
  readonly bucketName: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;
  /** Regional domain name (use it rather than the global one). */
  readonly regionalDomainName: pulumi.Output<string>;
  /** The bucket's own KMS key (SSE-KMS default encryption). */
  readonly kmsKeyArn: pulumi.Output<string>;
  /** Bucket receiving this bucket's access logs. */
  readonly accessLogBucketName: pulumi.Output<string>;
  /** Regions replicas are written to by the `replication` argument (empty when none). */
  readonly replicationDestinationRegions: readonly string[];

  constructor(name: string, args: DataBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:aws:DataBucket", name, {}, opts);
    const config = args.context.config;
    const d = DATA_BUCKET_DEFAULTS;
    const bucketName = args.bucketName ?? envName(name, config.environment);
    const versioned = args.versioning ?? d.versioning;
    if (args.replication !== undefined && !versioned) throw new Error(`DataBucket ${name}: replication needs versioning`);

    const key = createDataKey(this, name, args, { description: `S3 ${bucketName}: default encryption` });

    // Dedicated access-log bucket unless the caller shares one.
    let logBucketName: pulumi.Output<string>;
    if (args.accessLogs) {
      logBucketName = pulumi.output(args.accessLogs.bucket);
    } else {
      logBucketName = this.createLogBucket(name, `${bucketName}-logs`.slice(0, 63), args);
    }

    const bucket = new aws.s3.Bucket(`${name}-bucket`, { bucket: bucketName, forceDestroy: false, tags: args.dataLabels }, dataOptions(this, args));
    const ownership = new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, childOptions(this, args));
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
      `${name}-public-access`,
      { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      childOptions(this, args),
    );
    new aws.s3.BucketPolicy(
      `${name}-policy`,
      { bucket: bucket.id, policy: bucket.arn.apply((arn) => JSON.stringify({ Version: "2012-10-17", Statement: tlsOnlyStatements(arn) })) },
      childOptions(this, args, { dependsOn: [publicAccess, ownership] }),
    );
    const versioning = new aws.s3.BucketVersioning(
      `${name}-versioning`,
      { bucket: bucket.id, versioningConfiguration: { status: versioned ? "Enabled" : "Suspended" } },
      childOptions(this, args),
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-sse`,
      { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }] },
      childOptions(this, args),
    );
    new aws.s3.BucketLogging(
      `${name}-logging`,
      {
        bucket: bucket.id,
        targetBucket: logBucketName,
        targetPrefix: args.accessLogs?.prefix ?? `${bucketName}/`,
        targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
      },
      childOptions(this, args),
    );
    new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, { bucket: bucket.id, rules: lifecycleRules(args.lifecycle ?? {}) }, childOptions(this, args, { dependsOn: [versioning] }));

    const targets: readonly BucketReplicationTarget[] = args.replication === undefined ? [] : Array.isArray(args.replication) ? args.replication : [args.replication as BucketReplicationTarget];
    if (targets.length > 0) {
      new BucketReplication(
        `${name}-replication`,
        { provider: args.provider, source: { bucketName: bucket.bucket, arn: bucket.arn, kmsKeyArn: key.arn }, targets },
        { parent: this, dependsOn: [versioning] },
      );
    }

    this.bucketName = bucket.bucket;
    this.arn = bucket.arn;
    this.regionalDomainName = bucket.bucketRegionalDomainName;
    this.kmsKeyArn = key.arn;
    this.accessLogBucketName = logBucketName;
    this.replicationDestinationRegions = targets.map((t) => t.destinationRegion);
    this.registerOutputs({
      bucketName: this.bucketName,
      arn: this.arn,
      regionalDomainName: this.regionalDomainName,
      kmsKeyArn: this.kmsKeyArn,
      accessLogBucketName: this.accessLogBucketName,
    });
  }

  /**
   * The server access log bucket: SSE-S3 (AWS documents SSE-S3 as the only default encryption
   * for log delivery targets), private, TLS-only, log delivery allowed, expiring. Tagged
   * `internal`: the logs name buckets, keys and the service identities that call S3 (the
   * buckets are never public, so no end user appears in them).
   */
  private createLogBucket(name: string, logBucketName: string, args: DataBucketArgs): pulumi.Output<string> {
    const tags = { ...args.dataLabels, "data-classification": "internal", purpose: "s3-access-logs" };
    const logs = new aws.s3.Bucket(`${name}-logs`, { bucket: logBucketName, forceDestroy: false, tags }, dataOptions(this, args));
    const ownership = new aws.s3.BucketOwnershipControls(`${name}-logs-ownership`, { bucket: logs.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, childOptions(this, args));
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
      `${name}-logs-public-access`,
      { bucket: logs.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      childOptions(this, args),
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-logs-sse`, { bucket: logs.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }, childOptions(this, args));
    new aws.s3.BucketVersioning(`${name}-logs-versioning`, { bucket: logs.id, versioningConfiguration: { status: "Enabled" } }, childOptions(this, args));
    const identity = aws.getCallerIdentityOutput({}, { parent: this, provider: args.provider });
    new aws.s3.BucketPolicy(
      `${name}-logs-policy`,
      {
        bucket: logs.id,
        policy: pulumi.all([logs.arn, identity.accountId]).apply(([arn, account]) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              ...tlsOnlyStatements(arn),
              {
                Sid: "S3ServerAccessLogDelivery",
                Effect: "Allow",
                Principal: { Service: "logging.s3.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `${arn}/*`,
                Condition: { StringEquals: { "aws:SourceAccount": account } },
              },
            ],
          }),
        ),
      },
      childOptions(this, args, { dependsOn: [publicAccess, ownership] }),
    );
    const retention = args.accessLogRetentionDays ?? DATA_BUCKET_DEFAULTS.accessLogRetentionDays;
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-logs-lifecycle`,
      {
        bucket: logs.id,
        rules: [
          {
            id: "expire-access-logs",
            status: "Enabled",
            filter: {},
            expiration: { days: retention },
            noncurrentVersionExpiration: { noncurrentDays: 30 },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ],
      },
      childOptions(this, args),
    );
    return logs.bucket;
  }
}

function lifecycleRules(l: DataBucketLifecycle): aws.types.input.s3.BucketLifecycleConfigurationRule[] {
  const d = DATA_BUCKET_DEFAULTS;
  const transitions: aws.types.input.s3.BucketLifecycleConfigurationRuleTransition[] = [];
  if (l.transitionToInfrequentAccessDays !== undefined) transitions.push({ days: l.transitionToInfrequentAccessDays, storageClass: "STANDARD_IA" });
  if (l.transitionToGlacierDays !== undefined) transitions.push({ days: l.transitionToGlacierDays, storageClass: "GLACIER_IR" });
  const rules: aws.types.input.s3.BucketLifecycleConfigurationRule[] = [
    {
      id: "noncurrent-versions-and-uploads",
      status: "Enabled",
      filter: {},
      noncurrentVersionExpiration: { noncurrentDays: l.noncurrentVersionExpirationDays ?? d.noncurrentVersionExpirationDays, newerNoncurrentVersions: l.keepNoncurrentVersions },
      abortIncompleteMultipartUpload: { daysAfterInitiation: l.abortIncompleteMultipartUploadDays ?? d.abortIncompleteMultipartUploadDays },
    },
  ];
  if (transitions.length > 0 || l.expirationDays !== undefined) {
    rules.push({
      id: "current-versions",
      status: "Enabled",
      filter: {},
      transitions: transitions.length > 0 ? transitions : undefined,
      expiration: l.expirationDays !== undefined ? { days: l.expirationDays } : undefined,
    });
  }
  return rules;
}
