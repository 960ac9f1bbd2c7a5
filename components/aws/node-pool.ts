/**
 * One EKS managed node group with its launch template: IMDSv2 required (hop limit 2 so pods
 * using IRSA SDKs still reach it through the node), an encrypted gp3 root volume, the pool's
 * labels and taints, and cluster-autoscaler tags. The EKS-optimised AL2023 AMI comes from the
 * AMI type (NVIDIA variant for GPU pools), so the template carries no image id.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { NodePoolConfig } from "../../stacks/sections/platform";
import { amiType, autoscalerTags, eksTaintEffect, type Taint } from "./pools";

export interface NodePoolArgs {
  /** The region's explicit AWS provider. */
  readonly provider: aws.Provider;
  /** The cluster's name output (carries the dependency on the cluster). */
  readonly clusterName: pulumi.Input<string>;
  /** Physical cluster name, for the autoscaler ownership tag. */
  readonly clusterTagName: string;
  readonly kubernetesVersion: string;
  readonly nodeRoleArn: pulumi.Input<string>;
  /** Private subnets, one per AZ. */
  readonly subnetIds: pulumi.Input<string>[];
  /** Instance type, min/max/desired and root volume size. */
  readonly pool: NodePoolConfig;
  /** GPU pool: NVIDIA accelerated AMI type. Default: false. */
  readonly gpu?: boolean;
  readonly labels: Readonly<Record<string, string>>;
  /** Default: none. */
  readonly taints?: readonly Taint[];
  /** Customer-managed KMS key (ARN) encrypting the root volumes. */
  readonly volumeKmsKeyArn: pulumi.Input<string>;
  /** Resources nodes need before they can join (node role policies, vpc-cni). */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
  /** Extra tags on every taggable child. Default: none. */
  readonly tags?: Readonly<Record<string, string>>;
}

export class NodePool extends pulumi.ComponentResource {
  readonly nodeGroup: aws.eks.NodeGroup;
  readonly nodeGroupName: pulumi.Output<string>;

  constructor(name: string, args: NodePoolArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:aws:NodePool", name, {}, opts);
    const child: pulumi.CustomResourceOptions = { parent: this, provider: args.provider };
    const taints = args.taints ?? [];
    const tags = { ...(args.tags ?? {}) };

    const launchTemplate = new aws.ec2.LaunchTemplate(
      `${name}-lt`,
      {
        description: `Nodes of ${name}: IMDSv2, encrypted gp3 root volume`,
        updateDefaultVersion: true,
        metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 2, instanceMetadataTags: "disabled" },
        blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: args.pool.diskSizeGb, volumeType: "gp3", encrypted: "true", kmsKeyId: args.volumeKmsKeyArn, deleteOnTermination: "true" } }],
        tagSpecifications: [
          { resourceType: "instance", tags: { ...tags, Name: name } },
          { resourceType: "volume", tags: { ...tags, Name: name } },
        ],
        tags,
      },
      child,
    );

    const { min, max } = args.pool.scaling;
    this.nodeGroup = new aws.eks.NodeGroup(
      `${name}-ng`,
      {
        clusterName: args.clusterName,
        version: args.kubernetesVersion,
        nodeRoleArn: args.nodeRoleArn,
        subnetIds: args.subnetIds,
        amiType: amiType(args.pool.instanceType, args.gpu ?? false),
        capacityType: "ON_DEMAND",
        instanceTypes: [args.pool.instanceType],
        scalingConfig: { minSize: min, maxSize: max, desiredSize: args.pool.scaling.desired ?? min },
        updateConfig: { maxUnavailable: 1 },
        launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.apply(String) },
        labels: { ...args.labels },
        taints: taints.map((t) => ({ key: t.key, value: t.value, effect: eksTaintEffect(t.effect) })),
        tags: { ...tags, ...autoscalerTags(args.clusterTagName, args.labels, taints) },
      },
      // The cluster autoscaler owns the desired size once the group exists.
      { ...child, dependsOn: args.dependsOn, ignoreChanges: ["scalingConfig.desiredSize"] },
    );
    this.nodeGroupName = this.nodeGroup.nodeGroupName;
    this.registerOutputs({ nodeGroupName: this.nodeGroupName });
  }
}
