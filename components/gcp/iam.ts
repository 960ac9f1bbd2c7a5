/**
 * Resource-level IAM grants as data. A grant names the resource it applies to and one role;
 * `grantRole` creates the matching `*IAMMember` resource, so a principal's access is the exact
 * list of grants its owner declared (no project-wide roles unless a grant says `project`).
 *
 * Primitive roles (owner, editor, viewer) are refused: least privilege is checked where the
 * grant is made, not only by a policy afterwards.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";

/** An IAM condition (CEL) that narrows a grant, e.g. to one Firestore database. */
export interface IamCondition {
  readonly title: string;
  readonly expression: pulumi.Input<string>;
  readonly description?: string;
}

/** Where a role is granted. Every variant but `project` is a single resource. */
export type GrantScope =
  | { readonly kind: "project"; readonly project: pulumi.Input<string>; readonly condition?: IamCondition }
  | { readonly kind: "kmsCryptoKey"; readonly cryptoKeyId: pulumi.Input<string> }
  | { readonly kind: "pubsubTopic"; readonly topic: pulumi.Input<string> }
  | { readonly kind: "pubsubSubscription"; readonly subscription: pulumi.Input<string> }
  | { readonly kind: "bigtableInstance"; readonly instance: pulumi.Input<string> }
  | { readonly kind: "bigqueryDataset"; readonly datasetId: pulumi.Input<string> }
  | { readonly kind: "bigqueryTable"; readonly datasetId: pulumi.Input<string>; readonly tableId: pulumi.Input<string> }
  | { readonly kind: "storageBucket"; readonly bucket: pulumi.Input<string> }
  | { readonly kind: "artifactRepository"; readonly repository: pulumi.Input<string>; readonly location: pulumi.Input<string> }
  | { readonly kind: "cloudRunService"; readonly service: pulumi.Input<string>; readonly location: pulumi.Input<string> }
  | { readonly kind: "serviceAccount"; readonly serviceAccountId: pulumi.Input<string> };

export type Grant = GrantScope & {
  /** A predefined or custom role, e.g. "roles/bigtable.user". */
  readonly role: string;
};

/** Roles no workload identity may hold (DESIGN: least privilege; HIPAA 164.308(a)(4)). */
export const PRIMITIVE_ROLES: readonly string[] = ["roles/owner", "roles/editor", "roles/viewer"];

export function assertNotPrimitive(role: string, who: string): void {
  if (PRIMITIVE_ROLES.includes(role)) {
    throw new Error(`${who}: ${role} is a primitive role; grant a predefined role on the resource instead`);
  }
}

/**
 * Creates the IAM member resource for `grant` (named `name`) giving `member` the role.
 * `opts` must carry the parent and the explicit provider.
 */
export function grantRole(name: string, member: pulumi.Input<string>, grant: Grant, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  assertNotPrimitive(grant.role, name);
  const role = grant.role;
  switch (grant.kind) {
    case "project":
      return new gcp.projects.IAMMember(name, { project: grant.project, role, member, condition: grant.condition }, opts);
    case "kmsCryptoKey":
      return new gcp.kms.CryptoKeyIAMMember(name, { cryptoKeyId: grant.cryptoKeyId, role, member }, opts);
    case "pubsubTopic":
      return new gcp.pubsub.TopicIAMMember(name, { topic: grant.topic, role, member }, opts);
    case "pubsubSubscription":
      return new gcp.pubsub.SubscriptionIAMMember(name, { subscription: grant.subscription, role, member }, opts);
    case "bigtableInstance":
      return new gcp.bigtable.InstanceIamMember(name, { instance: grant.instance, role, member }, opts);
    case "bigqueryDataset":
      return new gcp.bigquery.DatasetIamMember(name, { datasetId: grant.datasetId, role, member }, opts);
    case "bigqueryTable":
      return new gcp.bigquery.IamMember(name, { datasetId: grant.datasetId, tableId: grant.tableId, role, member }, opts);
    case "storageBucket":
      return new gcp.storage.BucketIAMMember(name, { bucket: grant.bucket, role, member }, opts);
    case "artifactRepository":
      return new gcp.artifactregistry.RepositoryIamMember(name, { repository: grant.repository, location: grant.location, role, member }, opts);
    case "cloudRunService":
      return new gcp.cloudrunv2.ServiceIamMember(name, { name: grant.service, location: grant.location, role, member }, opts);
    case "serviceAccount":
      return new gcp.serviceaccount.IAMMember(name, { serviceAccountId: grant.serviceAccountId, role, member }, opts);
  }
}
