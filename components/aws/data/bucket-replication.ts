/**
 * S3 replication from one bucket to one or more others: a least-privilege replication role and
 * one rule per destination (SSE-KMS objects re-encrypted under the destination's key, delete
 * markers replicated, Replication Time Control). A separate component from DataBucket because
 * replication is a relation between buckets: buckets that replicate to each other are created
 * first, then one BucketReplication per source.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** One replication destination. */
export interface BucketReplicationTarget {
  /** ARN of the destination bucket (versioned, e.g. DataBucket.arn in another region). */
  readonly destinationBucketArn: pulumi.Input<string>;
  /** Destination's KMS key: replicas are re-encrypted under it. */
  readonly destinationKmsKeyArn: pulumi.Input<string>;
  /** Region of the destination: names the rule, and lets callers check residency. */
  readonly destinationRegion: string;
  /** Storage class of the replicas. Default "STANDARD". */
  readonly storageClass?: string;
}

export interface BucketReplicationArgs {
  /** Provider of the SOURCE bucket's region. */
  readonly provider: aws.Provider;
  /** The replicated bucket (versioning enabled) and its KMS key. */
  readonly source: { readonly bucketName: pulumi.Input<string>; readonly arn: pulumi.Input<string>; readonly kmsKeyArn: pulumi.Input<string> };
  /** Destinations, at least one; rule priority follows the order. */
  readonly targets: readonly BucketReplicationTarget[];
}

export class BucketReplication extends pulumi.ComponentResource {
  readonly roleArn: pulumi.Output<string>;
  /** Regions replicas go to, in rule order. */
  readonly destinationRegions: readonly string[];

  /** `opts.dependsOn` (e.g. both buckets' versioning) is applied to the replication configuration. */
  constructor(name: string, args: BucketReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:aws:BucketReplication", name, {}, opts);
    if (args.targets.length === 0) throw new Error(`BucketReplication ${name}: no destination`);
    const child = { parent: this, provider: args.provider };

    const role = new aws.iam.Role(
      `${name}-role`,
      {
        description: `S3 replication to ${args.targets.map((t) => t.destinationRegion).join(", ")}`,
        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
        tags: {},
      },
      child,
    );
    const destinations = pulumi.all(args.targets.map((t) => pulumi.all([t.destinationBucketArn, t.destinationKmsKeyArn])));
    new aws.iam.RolePolicy(
      `${name}-policy`,
      {
        role: role.id,
        policy: pulumi.all([args.source.arn, args.source.kmsKeyArn, destinations]).apply(([source, sourceKey, dests]) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              { Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: source },
              { Effect: "Allow", Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"], Resource: `${source}/*` },
              { Effect: "Allow", Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], Resource: dests.map(([bucket]) => `${bucket}/*`) },
              { Effect: "Allow", Action: ["kms:Decrypt"], Resource: sourceKey },
              { Effect: "Allow", Action: ["kms:Encrypt", "kms:GenerateDataKey"], Resource: dests.map(([, key]) => key) },
            ],
          }),
        ),
      },
      child,
    );
    new aws.s3.BucketReplicationConfig(
      `${name}-config`,
      {
        bucket: args.source.bucketName,
        role: role.arn,
        rules: args.targets.map((t, i) => ({
          id: `replicate-to-${t.destinationRegion}`,
          status: "Enabled",
          priority: i + 1,
          filter: {},
          deleteMarkerReplication: { status: "Enabled" },
          sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" }, replicaModifications: { status: "Enabled" } },
          destination: {
            bucket: t.destinationBucketArn,
            storageClass: t.storageClass ?? "STANDARD",
            encryptionConfiguration: { replicaKmsKeyId: t.destinationKmsKeyArn },
            // Replication Time Control: 99.99% of objects within 15 minutes, with metrics.
            replicationTime: { status: "Enabled", time: { minutes: 15 } },
            metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
          },
        })),
      },
      { ...child, dependsOn: opts?.dependsOn },
    );
    this.roleArn = role.arn;
    this.destinationRegions = args.targets.map((t) => t.destinationRegion);
    this.registerOutputs({ roleArn: this.roleArn });
  }
}
