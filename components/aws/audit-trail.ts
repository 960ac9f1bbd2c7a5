/**
 * The region's API audit trail: a single-region CloudTrail trail (regions stay independent)
 * recording management events and S3 object-level data events, with log file validation,
 * encrypted under its own rotating KMS key, delivered to a dedicated bucket (SSE-KMS, versioned,
 * public access blocked, TLS only, server access logs, lifecycle retention) and to a
 * KMS-encrypted CloudWatch log group for alarms and queries.
 *
 * S3 data events cover every bucket of the region (the systems' data lakes, registries and
 * backups are created after the platform and may change; a region-wide selector never misses
 * one) except the trail's own buckets, whose writes would otherwise log themselves.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Labels } from "../labels";
import { tlsOnlyStatements } from "./data/data-bucket";
import { policyDocument } from "./iam/documents";
import { KEY_ROTATION_DAYS } from "./keys";

export interface AuditTrailArgs {
  /** The region's explicit AWS provider. */
  readonly provider: aws.Provider;
  readonly region: string;
  readonly accountId: pulumi.Input<string>;
  /** Trail name (physical), e.g. `<cluster name>-audit`. */
  readonly trailName: string;
  /** Log bucket name (globally unique, max 63 characters); its access logs go to `<name>-access-logs`. */
  readonly bucketName: string;
  /** Days log files stay in the bucket (noncurrent versions too). */
  readonly retentionDays: number;
  /** Days of the CloudWatch log group (an accepted retention value). */
  readonly logGroupRetentionDays: number;
  /** KMS key (ARN) of the region's CloudWatch Logs. */
  readonly logsKeyArn: pulumi.Input<string>;
  /** Tags of the buckets, key and log group (classification, jurisdiction, purpose). */
  readonly dataLabels: Labels;
  /** Pulumi `protect` on the key, buckets, log group and trail (production). */
  readonly protect: boolean;
}

/** Event selectors: every management event, and S3 object events outside the excluded buckets. */
export function auditEventSelectors(excludedBucketArns: readonly string[]): aws.types.input.cloudtrail.TrailAdvancedEventSelector[] {
  return [
    { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
    {
      name: "S3 object data events",
      fieldSelectors: [
        { field: "eventCategory", equals: ["Data"] },
        { field: "resources.type", equals: ["AWS::S3::Object"] },
        { field: "resources.ARN", notStartsWiths: excludedBucketArns.map((arn) => `${arn}/`) },
      ],
    },
  ];
}

/** Key policy: the account administers it; CloudTrail may encrypt with it for this trail only. */
export function trailKeyPolicy(account: string, trailArn: string): string {
  return policyDocument([
    { Sid: "AccountAdministration", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
    {
      Sid: "CloudTrailEncrypt",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:GenerateDataKey*",
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceArn": trailArn } },
    },
    { Sid: "CloudTrailDescribeKey", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:DescribeKey", Resource: "*", Condition: { StringEquals: { "aws:SourceArn": trailArn } } },
  ]);
}

/** Bucket policy: TLS 1.2+ only, and CloudTrail delivery for this trail into AWSLogs/<account>/. */
export function trailBucketPolicy(bucketArn: string, account: string, trailArn: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      ...tlsOnlyStatements(bucketArn),
      { Sid: "CloudTrailAclCheck", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:GetBucketAcl", Resource: bucketArn, Condition: { StringEquals: { "aws:SourceArn": trailArn } } },
      {
        Sid: "CloudTrailWrite",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${bucketArn}/AWSLogs/${account}/*`,
        Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": trailArn } },
      },
    ],
  });
}

export class AuditTrail extends pulumi.ComponentResource {
  readonly trailArn: pulumi.Output<string>;
  readonly bucketName: pulumi.Output<string>;
  readonly kmsKeyArn: pulumi.Output<string>;
  readonly logGroupName: pulumi.Output<string>;

  constructor(name: string, args: AuditTrailArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:aws:AuditTrail", name, {}, opts);
    const child: pulumi.CustomResourceOptions = { parent: this, provider: args.provider };
    const kept: pulumi.CustomResourceOptions = { ...child, protect: args.protect };
    const tags = { ...args.dataLabels };
    const account = pulumi.output(args.accountId);
    // Known before the trail exists: the key and bucket policies must name it first.
    const trailArn = account.apply((a) => `arn:aws:cloudtrail:${args.region}:${a}:trail/${args.trailName}`);

    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `CloudTrail ${args.trailName}: log files and digests`,
        enableKeyRotation: true,
        rotationPeriodInDays: KEY_ROTATION_DAYS,
        deletionWindowInDays: 30,
        policy: pulumi.all([account, trailArn]).apply(([a, t]) => trailKeyPolicy(a, t)),
        tags,
      },
      kept,
    );
    new aws.kms.Alias(`${name}-key-alias`, { name: `alias/${args.trailName}`, targetKeyId: key.keyId }, child);

    const accessLogs = this.accessLogBucket(name, `${args.bucketName}-access-logs`.slice(0, 63), args, account);
    const bucket = new aws.s3.Bucket(`${name}-bucket`, { bucket: args.bucketName, forceDestroy: false, tags }, kept);
    const ownership = new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, child);
    const publicAccess = new aws.s3.BucketPublicAccessBlock(`${name}-public-access`, { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, child);
    const versioning = new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, child);
    const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-sse`,
      { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }] },
      child,
    );
    new aws.s3.BucketLogging(
      `${name}-logging`,
      { bucket: bucket.id, targetBucket: accessLogs.bucket, targetPrefix: `${args.bucketName}/`, targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } } },
      child,
    );
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      {
        bucket: bucket.id,
        rules: [
          {
            id: "audit-retention",
            status: "Enabled",
            filter: {},
            expiration: { days: args.retentionDays },
            noncurrentVersionExpiration: { noncurrentDays: args.retentionDays },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ],
      },
      { ...child, dependsOn: [versioning] },
    );
    const bucketPolicy = new aws.s3.BucketPolicy(
      `${name}-policy`,
      { bucket: bucket.id, policy: pulumi.all([bucket.arn, account, trailArn]).apply(([arn, a, t]) => trailBucketPolicy(arn, a, t)) },
      { ...child, dependsOn: [publicAccess, ownership] },
    );

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { name: `/aws/cloudtrail/${args.trailName}`, retentionInDays: args.logGroupRetentionDays, kmsKeyId: args.logsKeyArn, tags },
      kept,
    );
    const role = new aws.iam.Role(
      `${name}-logs-role`,
      {
        description: `CloudTrail ${args.trailName} delivery to CloudWatch Logs`,
        assumeRolePolicy: account.apply((a) =>
          policyDocument([{ Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": a } } }]),
        ),
        tags: {},
      },
      child,
    );
    const rolePolicy = new aws.iam.RolePolicy(
      `${name}-logs-role`,
      { role: role.id, policy: logGroup.arn.apply((arn) => policyDocument([{ Sid: "DeliverToLogGroup", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${arn}:log-stream:*` }])) },
      child,
    );

    const trail = new aws.cloudtrail.Trail(
      `${name}-trail`,
      {
        name: args.trailName,
        s3BucketName: bucket.bucket,
        kmsKeyId: key.arn,
        enableLogging: true,
        enableLogFileValidation: true,
        isMultiRegionTrail: false,
        isOrganizationTrail: false,
        // Global services (IAM, STS, CloudFront) record in us-east-1; a single-region trail
        // receives them only there.
        includeGlobalServiceEvents: true,
        advancedEventSelectors: pulumi.all([bucket.arn, accessLogs.arn]).apply((arns) => auditEventSelectors(arns)),
        cloudWatchLogsGroupArn: pulumi.interpolate`${logGroup.arn}:*`,
        cloudWatchLogsRoleArn: role.arn,
        tags,
      },
      { ...kept, dependsOn: [bucketPolicy, encryption, rolePolicy] },
    );

    this.trailArn = trail.arn;
    this.bucketName = bucket.bucket;
    this.kmsKeyArn = key.arn;
    this.logGroupName = logGroup.name;
    this.registerOutputs({ trailArn: this.trailArn, bucketName: this.bucketName, kmsKeyArn: this.kmsKeyArn, logGroupName: this.logGroupName });
  }

  /**
   * Server access logs of the trail bucket (who read the audit trail): SSE-S3, because S3 log
   * delivery cannot write SSE-KMS objects; private, TLS only, versioned, same retention.
   */
  private accessLogBucket(name: string, bucketName: string, args: AuditTrailArgs, account: pulumi.Output<string>): aws.s3.Bucket {
    const child: pulumi.CustomResourceOptions = { parent: this, provider: args.provider };
    const tags = { ...args.dataLabels, "data-classification": "internal", purpose: "s3-access-logs" };
    const logs = new aws.s3.Bucket(`${name}-access-logs`, { bucket: bucketName, forceDestroy: false, tags }, { ...child, protect: args.protect });
    const ownership = new aws.s3.BucketOwnershipControls(`${name}-access-logs-ownership`, { bucket: logs.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, child);
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
      `${name}-access-logs-public-access`,
      { bucket: logs.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      child,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-access-logs-sse`, { bucket: logs.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }, child);
    const versioning = new aws.s3.BucketVersioning(`${name}-access-logs-versioning`, { bucket: logs.id, versioningConfiguration: { status: "Enabled" } }, child);
    new aws.s3.BucketPolicy(
      `${name}-access-logs-policy`,
      {
        bucket: logs.id,
        policy: pulumi.all([logs.arn, account]).apply(([arn, a]) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              ...tlsOnlyStatements(arn),
              { Sid: "S3ServerAccessLogDelivery", Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject", Resource: `${arn}/*`, Condition: { StringEquals: { "aws:SourceAccount": a } } },
            ],
          }),
        ),
      },
      { ...child, dependsOn: [publicAccess, ownership] },
    );
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-access-logs-lifecycle`,
      {
        bucket: logs.id,
        rules: [{ id: "expire-access-logs", status: "Enabled", filter: {}, expiration: { days: args.retentionDays }, noncurrentVersionExpiration: { noncurrentDays: 30 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }],
      },
      { ...child, dependsOn: [versioning] },
    );
    return logs;
  }
}
