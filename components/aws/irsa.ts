/**
 * IAM roles for Kubernetes service accounts (IRSA): one role per controller, trusted only by
 * that service account of that cluster's OIDC issuer. Created as children of the calling
 * component with its regional provider.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { serviceAccountTrust } from "./iam/documents";

export interface ClusterOidc {
  /** ARN of the cluster's IAM OIDC provider. */
  readonly providerArn: pulumi.Input<string>;
  /** Issuer host/path without https:// (the condition key prefix). */
  readonly issuer: pulumi.Input<string>;
}

export interface ServiceAccountRoleArgs {
  readonly oidc: ClusterOidc;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** AWS managed policies to attach. Default: none. */
  readonly managedPolicyArns?: readonly string[];
  /** An inline policy document (JSON). Default: none. */
  readonly inlinePolicy?: pulumi.Input<string>;
  readonly tags: Readonly<Record<string, string>>;
}

export interface ServiceAccountRole {
  readonly role: aws.iam.Role;
  /** The role plus its policies: what a controller must wait for before it starts. */
  readonly ready: pulumi.Resource[];
}

/** Creates `<name>-role` (+ `<name>-policy`, `<name>-attach-<i>`) under `opts.parent`. */
export function serviceAccountRole(name: string, args: ServiceAccountRoleArgs, opts: pulumi.CustomResourceOptions): ServiceAccountRole {
  const role = new aws.iam.Role(
    `${name}-role`,
    {
      description: `IRSA role of ${args.namespace}/${args.serviceAccount}`,
      assumeRolePolicy: serviceAccountTrust(args.oidc.providerArn, args.oidc.issuer, args.namespace, args.serviceAccount),
      tags: { ...args.tags },
    },
    opts,
  );
  const ready: pulumi.Resource[] = [role];
  (args.managedPolicyArns ?? []).forEach((policyArn, i) => ready.push(new aws.iam.RolePolicyAttachment(`${name}-attach-${i}`, { role: role.name, policyArn }, opts)));
  if (args.inlinePolicy !== undefined) ready.push(new aws.iam.RolePolicy(`${name}-policy`, { role: role.id, policy: args.inlinePolicy }, opts));
  return { role, ready };
}
