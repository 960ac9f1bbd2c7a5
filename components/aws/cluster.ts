/**
 * An EKS control plane: Kubernetes secrets envelope-encrypted with a rotating KMS key, every
 * control-plane log type to a KMS-encrypted log group with compliance retention, a private
 * endpoint (public only for configured CIDRs), API access entries for admin roles, the IAM OIDC
 * provider for IRSA, the node role, and the networking add-ons (vpc-cni with its own IRSA role and
 * the network policy agent on, kube-proxy) that must exist before any node joins.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SERVICE_CIDR } from "../../stacks/sections/platform";
import { managedPolicy, serviceTrust } from "./iam/documents";
import { KEY_ROTATION_DAYS } from "./keys";
import { serviceAccountRole, type ClusterOidc } from "./irsa";
import { eksKubeconfig } from "./kubeconfig";

/** vpc-cni add-on configuration: turn on the network policy agent (EKS user guide, "Restrict Pod network traffic with Kubernetes network policies"). */
export const VPC_CNI_CONFIGURATION = { enableNetworkPolicy: "true" } as const;

/** Every EKS control-plane log type. */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

export interface ClusterArgs {
  /** The region's explicit AWS provider. */
  readonly provider: aws.Provider;
  readonly region: string;
  /** Physical cluster name (known up front: subnet and autoscaler tags name it). */
  readonly clusterName: string;
  /** Kubernetes minor version, e.g. "1.35" (a row of stacks/dated.ts EKS_VERSIONS). */
  readonly kubernetesVersion: string;
  /**
   * EKS upgrade policy: STANDARD while the minor is in standard support; EXTENDED once it is past
   * it (with STANDARD, EKS upgrades a cluster past standard support itself). Default: STANDARD.
   */
  readonly supportType?: "STANDARD" | "EXTENDED";
  /** Private subnets for the control-plane ENIs (and nodes). */
  readonly subnetIds: pulumi.Input<string>[];
  readonly vpcId: pulumi.Input<string>;
  /** CIDRs allowed to reach the public endpoint; empty = public endpoint off. */
  readonly publicAccessCidrs: readonly string[];
  /** IAM roles given cluster-admin through access entries. */
  readonly adminRoleArns: readonly string[];
  /** KMS key (ARN) encrypting the control-plane log group. */
  readonly logsKeyArn: pulumi.Input<string>;
  readonly logRetentionDays: number;
  /** EKS Hybrid Nodes: remote node and pod CIDRs. Default: none (no remote network config). */
  readonly remoteNetwork?: { readonly nodeCidrs: readonly string[]; readonly podCidrs: readonly string[] };
  /** Pinned versions of the add-ons installed before nodes. */
  readonly addonVersions: { readonly vpcCni: string; readonly kubeProxy: string };
  /** EKS deletion protection (production). */
  readonly deletionProtection: boolean;
  /** Pulumi `protect` on the cluster, its key and log group. */
  readonly protect: boolean;
  /** Extra tags on every taggable child. Default: none. */
  readonly tags?: Readonly<Record<string, string>>;
}

export class Cluster extends pulumi.ComponentResource {
  readonly name: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;
  readonly endpoint: pulumi.Output<string>;
  readonly certificateAuthorityData: pulumi.Output<string>;
  /** Security group EKS attaches to the control plane and to managed nodes (no custom SGs in the launch templates). */
  readonly clusterSecurityGroupId: pulumi.Output<string>;
  readonly oidc: ClusterOidc & { readonly providerArn: pulumi.Output<string>; readonly issuer: pulumi.Output<string> };
  readonly nodeRoleArn: pulumi.Output<string>;
  readonly secretsKeyArn: pulumi.Output<string>;
  readonly kubeconfig: pulumi.Output<string>;
  /** Node role policies and the networking add-ons: node groups wait for these. */
  readonly nodePrerequisites: pulumi.Resource[];

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:aws:Cluster", name, {}, opts);
    const child: pulumi.CustomResourceOptions = { parent: this, provider: args.provider };
    const tags = (extra: Record<string, string> = {}) => ({ ...(args.tags ?? {}), ...extra });

    const secretsKey = new aws.kms.Key(
      `${name}-secrets-key`,
      { description: `Envelope encryption of Kubernetes secrets in ${args.clusterName}`, enableKeyRotation: true, rotationPeriodInDays: KEY_ROTATION_DAYS, deletionWindowInDays: 30, tags: tags() },
      { ...child, protect: args.protect },
    );
    new aws.kms.Alias(`${name}-secrets-key-alias`, { name: `alias/${args.clusterName}-secrets`, targetKeyId: secretsKey.keyId }, child);
    this.secretsKeyArn = secretsKey.arn;

    // Created before the cluster so EKS writes into an encrypted group with our retention
    // instead of creating an unencrypted one that never expires.
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-control-plane-logs`,
      { name: `/aws/eks/${args.clusterName}/cluster`, retentionInDays: args.logRetentionDays, kmsKeyId: args.logsKeyArn, tags: tags() },
      { ...child, protect: args.protect },
    );

    const clusterRole = new aws.iam.Role(`${name}-role`, { description: `EKS control plane of ${args.clusterName}`, assumeRolePolicy: serviceTrust("eks.amazonaws.com"), tags: tags() }, child);
    const clusterPolicy = new aws.iam.RolePolicyAttachment(`${name}-role-policy`, { role: clusterRole.name, policyArn: managedPolicy("AmazonEKSClusterPolicy") }, child);

    const remote = args.remoteNetwork;
    const securityGroupIds: pulumi.Output<string>[] = [];
    if (remote) {
      // Hybrid nodes and their webhook pods call the API server over the VPN/Direct Connect link.
      const sg = new aws.ec2.SecurityGroup(
        `${name}-hybrid-sg`,
        {
          vpcId: args.vpcId,
          description: "EKS API from the on-premises hybrid node and pod networks",
          ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [...remote.nodeCidrs, ...remote.podCidrs], description: "Kubernetes API from hybrid nodes and pods" }],
          egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: [...remote.nodeCidrs, ...remote.podCidrs], description: "kubelet and webhooks on hybrid nodes" }],
          tags: tags({ Name: `${args.clusterName}-hybrid` }),
        },
        child,
      );
      securityGroupIds.push(sg.id);
    }

    const publicEndpoint = args.publicAccessCidrs.length > 0;
    const cluster = new aws.eks.Cluster(
      `${name}-eks`,
      {
        name: args.clusterName,
        version: args.kubernetesVersion,
        roleArn: clusterRole.arn,
        vpcConfig: {
          subnetIds: args.subnetIds,
          endpointPrivateAccess: true,
          endpointPublicAccess: publicEndpoint,
          publicAccessCidrs: publicEndpoint ? [...args.publicAccessCidrs] : undefined,
          securityGroupIds: securityGroupIds.length > 0 ? securityGroupIds : undefined,
        },
        encryptionConfig: { provider: { keyArn: secretsKey.arn }, resources: ["secrets"] },
        enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
        // Access entries only (no aws-auth ConfigMap); the deploying identity keeps admin so
        // Pulumi can install the cluster software.
        accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
        // vpc-cni, kube-proxy and coredns are managed add-ons (versions pinned in config).
        bootstrapSelfManagedAddons: false,
        kubernetesNetworkConfig: { ipFamily: "ipv4", serviceIpv4Cidr: SERVICE_CIDR },
        remoteNetworkConfig: remote
          ? { remoteNodeNetworks: { cidrs: [...remote.nodeCidrs] }, remotePodNetworks: remote.podCidrs.length > 0 ? { cidrs: [...remote.podCidrs] } : undefined }
          : undefined,
        // Follows the minor's support on the plan date (stacks/dated.ts eksLifecycle): extended
        // support is billed at six times the rate, so it is chosen only past standard support.
        upgradePolicy: { supportType: args.supportType ?? "STANDARD" },
        deletionProtection: args.deletionProtection,
        tags: tags(),
      },
      { ...child, protect: args.protect, dependsOn: [clusterPolicy, logGroup] },
    );
    this.name = cluster.name;
    this.arn = cluster.arn;
    this.endpoint = cluster.endpoint;
    this.certificateAuthorityData = cluster.certificateAuthority.apply((ca) => ca.data ?? "");
    this.clusterSecurityGroupId = cluster.vpcConfig.apply((v) => v.clusterSecurityGroupId ?? "");
    this.kubeconfig = eksKubeconfig({ clusterName: cluster.name, endpoint: cluster.endpoint, certificateAuthorityData: this.certificateAuthorityData, region: args.region });

    const issuerUrl = cluster.identities.apply((ids) => ids[0]?.oidcs?.[0]?.issuer ?? "");
    // IAM trusts the EKS issuer's CA through its own root store, so no thumbprint is pinned.
    const oidcProvider = new aws.iam.OpenIdConnectProvider(`${name}-oidc`, { url: issuerUrl, clientIdLists: ["sts.amazonaws.com"], tags: tags() }, child);
    this.oidc = { providerArn: oidcProvider.arn, issuer: issuerUrl.apply((u) => u.replace(/^https:\/\//, "")) };

    args.adminRoleArns.forEach((principalArn, i) => {
      const entry = new aws.eks.AccessEntry(`${name}-admin-${i}`, { clusterName: cluster.name, principalArn, type: "STANDARD", tags: tags() }, child);
      new aws.eks.AccessPolicyAssociation(
        `${name}-admin-${i}-policy`,
        { clusterName: cluster.name, principalArn, policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", accessScope: { type: "cluster" } },
        { ...child, dependsOn: [entry] },
      );
    });

    // Managed node groups create their EC2_LINUX access entries for this role themselves.
    // The CNI permissions live on vpc-cni's own IRSA role, not on the nodes.
    const nodeRole = new aws.iam.Role(`${name}-node-role`, { description: `Managed nodes of ${args.clusterName}`, assumeRolePolicy: serviceTrust("ec2.amazonaws.com"), tags: tags() }, child);
    this.nodeRoleArn = nodeRole.arn;
    const nodePolicies = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly"].map(
      (policy, i) => new aws.iam.RolePolicyAttachment(`${name}-node-role-policy-${i}`, { role: nodeRole.name, policyArn: managedPolicy(policy) }, child),
    );

    const cni = serviceAccountRole(`${name}-vpc-cni`, { oidc: this.oidc, namespace: "kube-system", serviceAccount: "aws-node", managedPolicyArns: [managedPolicy("AmazonEKS_CNI_Policy")], tags: tags() }, child);
    const addon = (addonName: string, addonVersion: string, extra: Partial<aws.eks.AddonArgs>, dependsOn: pulumi.Resource[]) =>
      new aws.eks.Addon(
        `${name}-${addonName}`,
        { clusterName: cluster.name, addonName, addonVersion, resolveConflictsOnCreate: "OVERWRITE", resolveConflictsOnUpdate: "OVERWRITE", tags: tags(), ...extra },
        { ...child, dependsOn },
      );
    // The VPC CNI's network policy agent enforces Kubernetes NetworkPolicies (the systems'
    // default-deny policies are inert without it); its documented add-on setting is a string.
    const vpcCni = addon("vpc-cni", args.addonVersions.vpcCni, { serviceAccountRoleArn: cni.role.arn, configurationValues: JSON.stringify(VPC_CNI_CONFIGURATION) }, cni.ready);
    const kubeProxy = addon("kube-proxy", args.addonVersions.kubeProxy, {}, []);
    this.nodePrerequisites = [...nodePolicies, vpcCni, kubeProxy];

    this.registerOutputs({ name: this.name, endpoint: this.endpoint, oidcProviderArn: this.oidc.providerArn, oidcIssuer: this.oidc.issuer, nodeRoleArn: this.nodeRoleArn });
  }
}
