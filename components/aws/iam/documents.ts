/**
 * IAM policy documents as plain data rendered with JSON.stringify: no getPolicyDocument
 * invokes, so the plan stays fast and the documents are readable in the recorded inputs.
 * Every region in the catalog (stacks/regions.ts) is in the `aws` partition.
 */
import * as pulumi from "@pulumi/pulumi";

export interface Statement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Principal?: Readonly<Record<string, string | readonly string[]>>;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export function policyDocument(statements: readonly Statement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** AWS managed policy ARN by name, e.g. `managedPolicy("AmazonEKSClusterPolicy")`. */
export function managedPolicy(name: string): string {
  return `arn:aws:iam::aws:policy/${name}`;
}

/** Trust policy for an AWS service principal (eks, ec2, vpc-flow-logs), optionally pinned to the account. */
export function serviceTrust(service: string, sourceAccount?: string): string {
  return policyDocument([
    {
      Effect: "Allow",
      Principal: { Service: service },
      Action: service === "pods.eks.amazonaws.com" ? ["sts:AssumeRole", "sts:TagSession"] : "sts:AssumeRole",
      ...(sourceAccount ? { Condition: { StringEquals: { "aws:SourceAccount": sourceAccount } } } : {}),
    },
  ]);
}

/**
 * IRSA trust: only `system:serviceaccount:<namespace>:<name>` of this cluster's OIDC issuer may
 * assume the role, with the STS audience.
 */
export function serviceAccountTrust(oidcProviderArn: pulumi.Input<string>, oidcIssuer: pulumi.Input<string>, namespace: string, serviceAccount: string): pulumi.Output<string> {
  return pulumi.all([oidcProviderArn, oidcIssuer]).apply(([arn, issuer]) =>
    policyDocument([
      {
        Effect: "Allow",
        Principal: { Federated: arn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
            [`${issuer}:aud`]: "sts.amazonaws.com",
          },
        },
      },
    ]),
  );
}
