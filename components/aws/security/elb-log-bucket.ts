/**
 * The S3 bucket a region's load balancers deliver their access logs to (cdk-nag
 * ELBLoggingEnabled / AWS Config elb-logging-enabled). ELB log delivery has hard requirements
 * (ELB user guide, "Enable access logs for your Application Load Balancer"):
 *
 *  - the bucket is in the load balancer's region;
 *  - the only server-side encryption it supports is SSE-S3 (AES256), not SSE-KMS;
 *  - the bucket policy lets ELB write `<prefix>/AWSLogs/<account>/*`: in regions available
 *    before August 2022 the principal is the region's Elastic Load Balancing account, in newer
 *    regions the service principal `logdelivery.elasticloadbalancing.amazonaws.com`;
 *  - the prefix must not contain `AWSLogs`.
 *
 * The bucket is private (public access blocked, owner-enforced objects, TLS only), versioned and
 * expires objects after `retentionDays`. Its classification is `internal` like the audit trail's
 * access-log bucket: it holds request metadata, not PHI payloads.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { tlsOnlyStatements } from "../data/data-bucket";

/**
 * Elastic Load Balancing account per region for log delivery (ELB user guide, "Enable access
 * logs for your Application Load Balancer", step 2, regions available before August 2022).
 * Regions not listed use the log-delivery service principal.
 */
export const ELB_LOG_ACCOUNTS: Readonly<Record<string, string>> = {
  "us-east-1": "127311923021",
  "us-east-2": "033677994240",
  "us-west-1": "027434742980",
  "us-west-2": "797873946194",
  "ca-central-1": "985666609251",
  "eu-west-1": "156460612806",
  "eu-west-2": "652711504416",
  "eu-west-3": "009996457667",
  "eu-central-1": "054676820928",
  "eu-north-1": "897822967062",
  "eu-south-1": "635631232127",
  "ap-southeast-1": "114774131450",
  "ap-southeast-2": "783225319266",
  "ap-northeast-1": "582318560864",
  "ap-northeast-2": "600734575887",
  "ap-south-1": "718504428378",
  "sa-east-1": "507241528517",
};

/** Service principal of ELB log delivery in regions opened since August 2022. */
export const ELB_LOG_DELIVERY_PRINCIPAL = "logdelivery.elasticloadbalancing.amazonaws.com";

/** Principal that may write ELB access logs in `region`. */
export function elbLogPrincipal(region: string): { AWS: string } | { Service: string } {
  const account = ELB_LOG_ACCOUNTS[region];
  return account ? { AWS: `arn:aws:iam::${account}:root` } : { Service: ELB_LOG_DELIVERY_PRINCIPAL };
}

/** The bucket policy: TLS only, and ELB may put log objects under `AWSLogs/<account>/` only. */
export function elbLogBucketPolicy(bucketArn: string, account: string, region: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      ...tlsOnlyStatements(bucketArn),
      { Sid: "ElbLogDelivery", Effect: "Allow", Principal: elbLogPrincipal(region), Action: "s3:PutObject", Resource: `${bucketArn}/*/AWSLogs/${account}/*` },
    ],
  });
}

/** Physical name: `<project>-elb-logs-<region>-<account>` is not known at plan time, so the environment stands in. */
export function elbLogBucketName(project: string, region: string, environment: string): string {
  return `${project}-elb-logs-${region}-${environment}`.toLowerCase().slice(0, 63).replace(/-+$/, "");
}

export interface ElbLogBucketArgs {
  readonly provider: aws.Provider;
  readonly region: string;
  readonly accountId: pulumi.Input<string>;
  /** Globally unique bucket name (elbLogBucketName). */
  readonly bucketName: string;
  /** Days log objects (and noncurrent versions) are kept. */
  readonly retentionDays: number;
  /** Tags of the bucket (ownership labels). */
  readonly tags: Readonly<Record<string, string>>;
  /** Pulumi `protect` (production). */
  readonly protect: boolean;
}

export class ElbLogBucket extends pulumi.ComponentResource {
  /** The bucket's name (known at plan time: the Ingress annotations carry it). */
  readonly bucketName: string;
  readonly arn: pulumi.Output<string>;
  /** What a load balancer must wait for: ELB checks the policy when access logging is enabled. */
  readonly ready: pulumi.Resource[];

  constructor(name: string, args: ElbLogBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:aws:ElbLogBucket", name, {}, opts);
    const child: pulumi.CustomResourceOptions = { parent: this, provider: args.provider };
    const tags = { ...args.tags, "data-classification": "internal", purpose: "elb-access-logs" };
    const bucket = new aws.s3.Bucket(`${name}`, { bucket: args.bucketName, forceDestroy: false, tags }, { ...child, protect: args.protect });
    const ownership = new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, child);
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
      `${name}-public-access`,
      { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      child,
    );
    // SSE-S3 only: ELB access-log delivery does not support SSE-KMS (ELB user guide, bucket requirements).
    const sse = new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-sse`, { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }, child);
    const versioning = new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, child);
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      {
        bucket: bucket.id,
        rules: [{ id: "expire-elb-logs", status: "Enabled", filter: {}, expiration: { days: args.retentionDays }, noncurrentVersionExpiration: { noncurrentDays: 30 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }],
      },
      { ...child, dependsOn: [versioning] },
    );
    const policy = new aws.s3.BucketPolicy(
      `${name}-policy`,
      { bucket: bucket.id, policy: pulumi.all([bucket.arn, args.accountId]).apply(([arn, account]) => elbLogBucketPolicy(arn, account, args.region)) },
      { ...child, dependsOn: [publicAccess, ownership] },
    );
    this.bucketName = args.bucketName;
    this.arn = bucket.arn;
    this.ready = [policy, sse];
    this.registerOutputs({ bucketName: this.bucketName, arn: this.arn });
  }
}

/** `load-balancer-attributes` entries that turn access logging on (prefix: the load balancer's system). */
export function accessLogAttributes(bucketName: string, prefix: string): string[] {
  if (/AWSLogs/.test(prefix)) throw new Error(`access log prefix ${prefix} must not contain AWSLogs (ELB adds it)`);
  return ["access_logs.s3.enabled=true", `access_logs.s3.bucket=${bucketName}`, `access_logs.s3.prefix=${prefix}`];
}
