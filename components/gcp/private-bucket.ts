/**
 * A private Cloud Storage bucket encrypted with a customer-managed key: uniform bucket-level
 * access, public access prevention enforced, object versioning, and optional deletion of old
 * noncurrent versions. Access is granted per bucket by the caller (./iam.ts).
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { Labels } from "../labels";

export interface PrivateBucketArgs {
  readonly provider: gcp.Provider;
  readonly project: pulumi.Input<string>;
  /** Globally unique bucket name. */
  readonly bucketName: pulumi.Input<string>;
  /** Region or multi-region; the key must be in a compatible location. */
  readonly location: string;
  /** CMEK key id (projects/../cryptoKeys/..); the Storage service agent must hold encrypter/decrypter on it. */
  readonly kmsKeyName: pulumi.Input<string>;
  /** Labels; data buckets pass `dataLabels(...)`. */
  readonly labels: Labels;
  /** Delete noncurrent object versions after this many days. Default 30. */
  readonly noncurrentVersionDays?: number;
  /** Allow `pulumi destroy` to delete a non-empty bucket (staging only). Default false. */
  readonly forceDestroy?: boolean;
  /** Pulumi `protect` (production). Default false. */
  readonly protect?: boolean;
  /** Resources the bucket waits for, e.g. the key grant to the Storage service agent. */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export class PrivateBucket extends pulumi.ComponentResource {
  readonly bucket: gcp.storage.Bucket;
  readonly name: pulumi.Output<string>;

  constructor(name: string, args: PrivateBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:gcp:PrivateBucket", name, {}, opts);
    this.bucket = new gcp.storage.Bucket(`${name}-bucket`, {
      project: args.project,
      name: args.bucketName,
      location: args.location,
      storageClass: "STANDARD",
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      versioning: { enabled: true },
      encryption: { defaultKmsKeyName: args.kmsKeyName },
      lifecycleRules: [{ action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: args.noncurrentVersionDays ?? 30, withState: "ARCHIVED" } }],
      forceDestroy: args.forceDestroy ?? false,
      labels: { ...args.labels },
    }, { parent: this, provider: args.provider, protect: args.protect ?? false, dependsOn: args.dependsOn });
    this.name = this.bucket.name;
    this.registerOutputs({ name: this.name });
  }
}
