/**
 * A Kubernetes ServiceAccount bound to its own IAM role through IRSA (IAM Roles for Service
 * Accounts): the role trusts only that service account of that namespace on that cluster's
 * OIDC provider, and carries one inline least-privilege policy. Pods using the account get
 * short-lived credentials; nothing else (other pods, the nodes) can assume the role.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

export interface IrsaServiceAccountArgs {
  /** Namespace name (a plain string: the trust policy must name it exactly). */
  readonly namespace: string;
  /** Dependency on the Namespace resource, so the account is created after it. */
  readonly namespaceResource?: pulumi.Resource;
  /** ServiceAccount name. */
  readonly serviceAccountName: string;
  /** RegionalPlatform.oidcProviderArn / oidcIssuer (host/path, no https://). */
  readonly oidcProviderArn: pulumi.Input<string>;
  readonly oidcIssuer: pulumi.Input<string>;
  /** The inline policy document (IAM JSON). Keep it to the resources the workload touches. */
  readonly policy: pulumi.Input<string>;
  /** IAM role name (<= 64 characters). Default: Pulumi auto-naming from the resource name. */
  readonly roleName?: string;
  readonly description?: string;
  readonly awsProvider: aws.Provider;
  readonly kubernetesProvider: k8s.Provider;
  /** Labels of the ServiceAccount. Default {}. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Tags of the role. Default {} (the stack transformation adds system/environment). */
  readonly tags?: Readonly<Record<string, string>>;
  /** Mount the token automatically in pods of this account. Default true (IRSA needs the projected token). */
  readonly automountToken?: boolean;
}

/** The trust policy: `sts:AssumeRoleWithWebIdentity` from exactly one service account. */
export function irsaTrustPolicy(oidcProviderArn: string, oidcIssuer: string, namespace: string, serviceAccount: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: oidcProviderArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${oidcIssuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
            [`${oidcIssuer}:aud`]: "sts.amazonaws.com",
          },
        },
      },
    ],
  });
}

export class IrsaServiceAccount extends pulumi.ComponentResource {
  readonly roleArn: pulumi.Output<string>;
  readonly roleName: pulumi.Output<string>;
  /** The ServiceAccount's name (for pod specs). */
  readonly serviceAccountName: pulumi.Output<string>;

  constructor(name: string, args: IrsaServiceAccountArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:k8s:IrsaServiceAccount", name, {}, opts);
    const role = new aws.iam.Role(
      `${name}-role`,
      {
        name: args.roleName,
        description: args.description ?? `IRSA role of ${args.namespace}/${args.serviceAccountName}`,
        assumeRolePolicy: pulumi.all([args.oidcProviderArn, args.oidcIssuer]).apply(([arn, issuer]) => irsaTrustPolicy(arn, issuer, args.namespace, args.serviceAccountName)),
        maxSessionDuration: 3600,
        tags: { ...(args.tags ?? {}) },
      },
      { parent: this, provider: args.awsProvider },
    );
    new aws.iam.RolePolicy(`${name}-policy`, { role: role.id, policy: args.policy }, { parent: this, provider: args.awsProvider });
    const account = new k8s.core.v1.ServiceAccount(
      `${name}-sa`,
      {
        metadata: {
          name: args.serviceAccountName,
          namespace: args.namespace,
          labels: { ...(args.labels ?? {}) },
          annotations: { "eks.amazonaws.com/role-arn": role.arn, "eks.amazonaws.com/token-expiration": "3600" },
        },
        automountServiceAccountToken: args.automountToken ?? true,
      },
      { parent: this, provider: args.kubernetesProvider, dependsOn: args.namespaceResource ? [args.namespaceResource] : [] },
    );
    this.roleArn = role.arn;
    this.roleName = role.name;
    this.serviceAccountName = account.metadata.name;
    this.registerOutputs({ roleArn: this.roleArn, roleName: this.roleName, serviceAccountName: this.serviceAccountName });
  }
}
