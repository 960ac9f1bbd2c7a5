/** Which KMS keys a data store uses, and how to find a key resource from a reference. */
import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import type { PolicyResource } from "@pulumi/policy";
import { typeToken } from "./rule";
import type { StackView } from "./stack";
import { get, records, str, strings, type Props } from "./values";

export const GCP_KEY = typeToken(gcp.kms.CryptoKey);
export const AWS_KEY = typeToken(aws.kms.Key);
export const AWS_ALIAS = typeToken(aws.kms.Alias);

/** Key references (GCP key names, AWS key ids/ARNs/aliases) a store's own properties name. */
export function keyRefsOf(type: string, props: Props): string[] {
  const refs: unknown[] = [];
  switch (type) {
    case "gcp:bigtable/instance:Instance":
      refs.push(...records(props.clusters).map((c) => c.kmsKeyName));
      break;
    case "gcp:bigquery/dataset:Dataset":
      refs.push(get(props, "defaultEncryptionConfiguration", "kmsKeyName"));
      break;
    case "gcp:bigquery/table:Table":
      refs.push(get(props, "encryptionConfiguration", "kmsKeyName"));
      break;
    case "gcp:firestore/database:Database":
      refs.push(get(props, "cmekConfig", "kmsKeyName"));
      break;
    case "gcp:pubsub/topic:Topic":
      refs.push(props.kmsKeyName);
      break;
    case "gcp:storage/bucket:Bucket":
      refs.push(get(props, "encryption", "defaultKmsKeyName"));
      break;
    case "gcp:secretmanager/secret:Secret":
      refs.push(get(props, "replication", "auto", "customerManagedEncryption", "kmsKeyName"));
      refs.push(...records(get(props, "replication", "userManaged", "replicas")).map((r) => get(r, "customerManagedEncryption", "kmsKeyName")));
      break;
    case "aws:rds/instance:Instance":
    case "aws:rds/cluster:Cluster":
      refs.push(props.kmsKeyId, props.performanceInsightsKmsKeyId);
      break;
    case "aws:elasticache/replicationGroup:ReplicationGroup":
      refs.push(props.kmsKeyId);
      break;
    case "aws:dynamodb/table:Table":
      refs.push(get(props, "serverSideEncryption", "kmsKeyArn"));
      break;
    case "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration":
    case "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2":
      refs.push(...records(props.rules).map((r) => get(r, "applyServerSideEncryptionByDefault", "kmsMasterKeyId")));
      break;
    default:
      break;
  }
  return [...new Set(refs.flatMap((r) => strings(r)))];
}

/** Resolves key references to key resources of the stack (GCP names without /cryptoKeyVersions, AWS ids, ARNs, aliases). */
export class KeyIndex {
  private readonly keys = new Map<string, PolicyResource>();

  constructor(view: StackView) {
    for (const k of view.ofType(GCP_KEY)) {
      const id = str((k.props as Props).id);
      if (id) this.keys.set(id, k);
    }
    for (const k of view.ofType(AWS_KEY)) {
      for (const field of ["id", "arn", "keyId"]) {
        const v = str((k.props as Props)[field]);
        if (v) this.keys.set(v, k);
      }
    }
    for (const a of view.ofType(AWS_ALIAS)) {
      const props = a.props as Props;
      const target = this.keys.get(str(props.targetKeyId) ?? "") ?? this.keys.get(str(props.targetKeyArn) ?? "");
      if (!target) continue;
      for (const field of ["name", "arn", "id"]) {
        const v = str(props[field]);
        if (v) this.keys.set(v, target);
      }
    }
  }

  resolve(ref: string): PolicyResource | undefined {
    return this.keys.get(ref.replace(/\/cryptoKeyVersions\/[^/]+$/, ""));
  }
}

/** Whether a key resource rotates automatically. */
export function keyRotates(key: PolicyResource): boolean {
  const props = key.props as Props;
  if (key.type === GCP_KEY) return str(props.rotationPeriod) !== undefined;
  return props.enableKeyRotation === true;
}
