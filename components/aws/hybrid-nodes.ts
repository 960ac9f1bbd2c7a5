/**
 * EKS Hybrid Nodes for the on-premises / edge neuromorphic boards (Intel Loihi 2, BrainChip
 * Akida), as the EKS user guide describes with AWS SSM hybrid activations (no PKI needed):
 * the hybrid-nodes IAM role (ECR pull, SSM managed instance, eks:DescribeCluster for nodeadm,
 * SSM deregistration for `nodeadm uninstall`), an SSM activation for the boards, and a
 * HYBRID_LINUX access entry that lets the role join as nodes. The cluster's remote network
 * config (node and pod CIDRs) is set on the Cluster. Each board runs `nodeadm init` with the
 * NodeConfig rendered here for its accelerator, which registers it with the accelerator's
 * labels and the neuromorphic taint.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { stringify } from "yaml";
import { managedPolicy, policyDocument } from "./iam/documents";
import type { Taint } from "./pools";

export interface HybridNodesArgs {
  /** The region's explicit AWS provider. */
  readonly provider: aws.Provider;
  readonly region: string;
  readonly accountId: pulumi.Input<string>;
  /** The cluster's name and ARN outputs. */
  readonly clusterName: pulumi.Input<string>;
  readonly clusterArn: pulumi.Input<string>;
  /** How many boards the activation may register. */
  readonly registrationLimit: number;
  /** Node labels per accelerator name (loihi2, akida). */
  readonly acceleratorLabels: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly taint: Taint;
  /** Extra tags on every taggable child. Default: none. */
  readonly tags?: Readonly<Record<string, string>>;
}

export class HybridNodes extends pulumi.ComponentResource {
  readonly roleArn: pulumi.Output<string>;
  readonly activationId: pulumi.Output<string>;
  /** nodeadm NodeConfig YAML per accelerator; secret (it holds the activation code). */
  readonly nodeConfigs: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: HybridNodesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:aws:HybridNodes", name, {}, opts);
    const child: pulumi.CustomResourceOptions = { parent: this, provider: args.provider };
    const tags = { ...(args.tags ?? {}) };

    // SSM assumes the role on the boards' behalf; only this account's activations in this region.
    const trust = pulumi.output(args.accountId).apply((account) =>
      policyDocument([
        {
          Effect: "Allow",
          Principal: { Service: "ssm.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": account }, ArnEquals: { "aws:SourceArn": `arn:aws:ssm:${args.region}:${account}:*` } },
        },
      ]),
    );
    const role = new aws.iam.Role(`${name}-role`, { description: "EKS Hybrid Nodes (neuromorphic boards)", assumeRolePolicy: trust, tags }, child);
    this.roleArn = role.arn;
    const grants: pulumi.Resource[] = ["AmazonEC2ContainerRegistryPullOnly", "AmazonSSMManagedInstanceCore"].map(
      (policy, i) => new aws.iam.RolePolicyAttachment(`${name}-role-policy-${i}`, { role: role.name, policyArn: managedPolicy(policy) }, child),
    );
    grants.push(
      new aws.iam.RolePolicy(
        `${name}-role-inline`,
        {
          role: role.id,
          policy: pulumi.all([args.clusterArn, args.accountId]).apply(([clusterArn, account]) =>
            policyDocument([
              { Sid: "NodeadmDescribeCluster", Effect: "Allow", Action: "eks:DescribeCluster", Resource: clusterArn },
              { Sid: "NodeadmUninstallDeregister", Effect: "Allow", Action: "ssm:DeregisterManagedInstance", Resource: `arn:aws:ssm:${args.region}:${account}:managed-instance/*` },
              { Sid: "NodeadmUninstallDescribe", Effect: "Allow", Action: "ssm:DescribeInstanceInformation", Resource: "*" },
            ]),
          ),
        },
        child,
      ),
    );

    // The activation code is a credential: kept secret in state and in every output.
    const activation = new aws.ssm.Activation(
      `${name}-activation`,
      { description: "Neuromorphic boards joining EKS as hybrid nodes", iamRole: role.name, registrationLimit: args.registrationLimit, tags },
      { ...child, dependsOn: grants, additionalSecretOutputs: ["activationCode"] },
    );
    this.activationId = activation.id;

    new aws.eks.AccessEntry(`${name}-access`, { clusterName: args.clusterName, principalArn: role.arn, type: "HYBRID_LINUX", tags }, child);

    this.nodeConfigs = pulumi.secret(
      pulumi.all([args.clusterName, activation.id, activation.activationCode]).apply(([cluster, activationId, activationCode]) =>
        Object.fromEntries(
          Object.entries(args.acceleratorLabels).map(([accelerator, labels]) => [
            accelerator,
            stringify({
              apiVersion: "node.eks.aws/v1alpha1",
              kind: "NodeConfig",
              spec: {
                cluster: { name: cluster, region: args.region },
                hybrid: { ssm: { activationId, activationCode } },
                kubelet: {
                  flags: [
                    `--node-labels=${Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(",")}`,
                    `--register-with-taints=${args.taint.key}=${args.taint.value}:${args.taint.effect}`,
                  ],
                },
              },
            }),
          ]),
        ),
      ),
    );

    this.registerOutputs({ roleArn: this.roleArn, activationId: this.activationId, nodeConfigs: this.nodeConfigs });
  }
}
