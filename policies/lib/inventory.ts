/**
 * Which resource types are what, for rules that span families: data stores (carry data
 * classification and jurisdiction), stateful resources (protected in production), labellable
 * resources (carry system/environment), Kubernetes workloads.
 */
import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import { AWS_TAGGED, GCP_LABELLED } from "./labellable.generated";
import { typeToken } from "./rule";

/** Stores of data records: must carry `data-classification` and `jurisdiction` (DESIGN principle 6). */
export const DATA_STORES: readonly string[] = [
  gcp.bigtable.Instance,
  gcp.bigquery.Dataset,
  gcp.bigquery.Table,
  gcp.pubsub.Topic,
  gcp.storage.Bucket,
  aws.rds.Instance,
  aws.rds.Cluster,
  aws.elasticache.ReplicationGroup,
  aws.s3.Bucket,
  aws.s3.BucketV2,
  aws.dynamodb.Table,
].map(typeToken);

/** Data stores that take no labels; their classification is inferred from their component. */
export const UNLABELLED_STORES: readonly string[] = [gcp.firestore.Database, gcp.bigtable.Table].map(typeToken);

/** Resources whose loss loses data or keys: `protect: true` in production (DESIGN principle 5). */
export const STATEFUL: readonly string[] = [
  ...DATA_STORES,
  ...UNLABELLED_STORES,
  ...[gcp.secretmanager.Secret, gcp.kms.KeyRing, gcp.kms.CryptoKey, aws.kms.Key, aws.secretsmanager.Secret, aws.elasticache.GlobalReplicationGroup].map(typeToken),
];

export const S3_BUCKETS: readonly string[] = [aws.s3.Bucket, aws.s3.BucketV2].map(typeToken);

const K8S_META_ONLY = /^kubernetes:(helm\.sh\/v\d+:Release|yaml\/v\d+:|kustomize\/v\d+:)/;

/** Whether a resource of this type takes labels/tags (so it must carry system and environment). */
export function isLabellable(type: string): boolean {
  if (type.startsWith("gcp:")) return GCP_LABELLED.has(type);
  if (type.startsWith("aws:")) return AWS_TAGGED.has(type);
  if (type.startsWith("kubernetes:")) return !K8S_META_ONLY.test(type) && !type.endsWith("List");
  return false;
}

/** Kubernetes workload kinds whose pod template the workload rules check. */
export const K8S_WORKLOADS: readonly string[] = [
  "kubernetes:apps/v1:Deployment",
  "kubernetes:apps/v1:StatefulSet",
  "kubernetes:apps/v1:DaemonSet",
  "kubernetes:apps/v1:ReplicaSet",
  "kubernetes:batch/v1:Job",
  "kubernetes:batch/v1:CronJob",
  "kubernetes:core/v1:Pod",
];
