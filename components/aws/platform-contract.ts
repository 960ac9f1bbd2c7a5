/**
 * What the AWS platform offers the systems that run on it (SNN-Fusion, NCA, ZKP): one entry per
 * configured region. Systems place workloads by naming a region; nothing here crosses regions.
 */
import type * as aws from "@pulumi/aws";
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { ResolvedRegion } from "../../stacks/schema";

/**
 * Optional fields were added after systems started building against this contract (so
 * hand-built fixtures stay valid); the AWS platform (platform.ts) always fills them.
 */
export interface RegionalPlatform {
  readonly region: ResolvedRegion;
  /** The region's AWS provider (explicit, DESIGN principle 3). */
  readonly aws: aws.Provider;
  /** Kubernetes provider for the region's EKS cluster, built from the cluster's outputs. */
  readonly kubernetes: k8s.Provider;
  readonly clusterName: pulumi.Output<string>;
  /** IRSA: the cluster's OIDC provider ARN and issuer host/path (no https://). */
  readonly oidcProviderArn: pulumi.Output<string>;
  readonly oidcIssuer: pulumi.Output<string>;
  readonly vpcId: pulumi.Output<string>;
  readonly vpcCidr: string;
  readonly privateSubnetIds: pulumi.Output<string>[];
  readonly publicSubnetIds: pulumi.Output<string>[];
  /** Security group of the cluster's nodes (data stores allow ingress from it). */
  readonly nodeSecurityGroupId: pulumi.Output<string>;
  /** Name of the default encrypted gp3 StorageClass. */
  readonly storageClassName: string;
  /** Labels and taints of the node pools, for selectors and tolerations. */
  readonly pools: {
    readonly gpu: { readonly labels: Readonly<Record<string, string>>; readonly taint: { readonly key: string; readonly value: string; readonly effect: "NoSchedule" } };
    readonly neuromorphic: {
      readonly labels: Readonly<Record<string, string>>;
      readonly taint: { readonly key: string; readonly value: string; readonly effect: "NoSchedule" };
      /** Label naming the accelerator (`neuromorphic.neurastack.io/accelerator=<name>`), on boards and simulation nodes. */
      readonly acceleratorLabel?: string;
      /** Accelerators offered in the region (config `neuromorphic.accelerators`). */
      readonly accelerators?: readonly string[];
    };
    /** Labels of the general-purpose and compute-optimised pools (no taints). */
    readonly general?: { readonly labels: Readonly<Record<string, string>> };
    readonly compute?: { readonly labels: Readonly<Record<string, string>> };
  };
  /** HTTPS endpoint of the EKS API server. */
  readonly clusterEndpoint?: pulumi.Output<string>;
  /** Availability zones of the private subnets, in subnet order. */
  readonly availabilityZones?: pulumi.Output<string[]>;
  /**
   * What a workload should wait for (node groups, cluster add-ons, controllers, the
   * StorageClass, the kube-prometheus-stack release whose CRDs PrometheusRule objects need):
   * pass as `dependsOn` so it lands on a working cluster.
   */
  readonly ready?: readonly pulumi.Resource[];
  /** The region's ELB access-log bucket (issue #19); Ingresses name it in `load-balancer-attributes` and wait for `ready`. */
  /** The region's CloudWatch Logs KMS key (its policy admits log groups of this account and region). */
  readonly logsKeyArn?: pulumi.Output<string>;
  readonly accessLogBucket?: { readonly name: string; readonly ready: readonly pulumi.Resource[] };
}

export interface PlatformHandle {
  /** Region name -> regional platform. */
  readonly regions: ReadonlyMap<string, RegionalPlatform>;
}
