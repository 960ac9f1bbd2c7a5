/**
 * S3 buckets are configured by separate resources (encryption, policy, public access block,
 * versioning, lifecycle, logging, replication) that name the bucket. These helpers join them
 * to their bucket in one pass.
 */
import * as aws from "@pulumi/aws";
import type { PolicyResource } from "@pulumi/policy";
import { S3_BUCKETS } from "./inventory";
import { typeToken } from "./rule";
import type { StackView } from "./stack";
import { str, type Props } from "./values";

export const S3_CONFIG = {
  encryption: [aws.s3.BucketServerSideEncryptionConfiguration, aws.s3.BucketServerSideEncryptionConfigurationV2].map(typeToken),
  policy: [aws.s3.BucketPolicy].map(typeToken),
  publicAccessBlock: [aws.s3.BucketPublicAccessBlock].map(typeToken),
  versioning: [aws.s3.BucketVersioning, aws.s3.BucketVersioningV2].map(typeToken),
  lifecycle: [aws.s3.BucketLifecycleConfiguration, aws.s3.BucketLifecycleConfigurationV2].map(typeToken),
  logging: [aws.s3.BucketLogging, aws.s3.BucketLoggingV2].map(typeToken),
  replication: [aws.s3.BucketReplicationConfig].map(typeToken),
} as const;

/** The bucket's name (what config resources reference as `bucket`). */
export function bucketName(bucket: PolicyResource): string | undefined {
  const p = bucket.props as Props;
  return str(p.bucket) ?? str(p.id);
}

/** Bucket name -> config resources of the given types naming it. */
export function configsByBucket(view: StackView, types: readonly string[]): Map<string, PolicyResource[]> {
  const out = new Map<string, PolicyResource[]>();
  for (const c of view.ofType(...types)) {
    const name = str((c.props as Props).bucket);
    if (!name) continue;
    const list = out.get(name);
    if (list) list.push(c);
    else out.set(name, [c]);
  }
  return out;
}

export function buckets(view: StackView): PolicyResource[] {
  return view.ofType(...S3_BUCKETS);
}
