/**
 * One region's complete platform: its own AWS provider, the Network, the EKS Cluster, the
 * general / compute / GPU node pools, the neuromorphic pool (EKS Hybrid Nodes for real boards
 * and an optional cloud simulation pool), the ClusterAddons, the AuditTrail (CloudTrail), and
 * a Kubernetes provider built from the cluster's outputs.
 *
 * Regions are independent: everything here uses this region's providers and inputs computed
 * from config only, so nothing waits on another region and `pulumi up` creates regions in
 * parallel (tests/platform.test.ts checks the recorded dependency graph).
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { stateful, type SystemContext } from "../context";
import { baseLabels, dataLabels } from "../labels";
import { envCode, envName } from "../naming";
import type { PlatformConfig } from "../../stacks/sections/platform";
import type { ResolvedRegion } from "../../stacks/schema";
import { AuditTrail } from "./audit-trail";
import { Cluster } from "./cluster";
import { ClusterAddons } from "./cluster-addons";
import type { MonitoringOverlayHook } from "./monitoring-hook";
import { HybridNodes } from "./hybrid-nodes";
import { KEY_ROTATION_DAYS, ebsKeyPolicy, logsKeyPolicy } from "./keys";
import { retentionAtLeast } from "./logs";
import { Network } from "./network";
import { ElbLogBucket, elbLogBucketName } from "./security/elb-log-bucket";
import { NodePool } from "./node-pool";
import type { RegionalPlatform as RegionalPlatformHandle } from "./platform-contract";
import { ACCELERATOR_LABEL, GPU_TAINT, NEUROMORPHIC_LABELS, NEUROMORPHIC_TAINT, POOL_LABEL, acceleratorLabels, gpuLabels } from "./pools";

export interface RegionalPlatformArgs {
  readonly context: SystemContext;
  readonly settings: PlatformConfig;
  readonly region: ResolvedRegion;
  /** EKS upgrade policy support type (stacks/dated.ts eksLifecycle on the plan date). Default: STANDARD. */
  readonly supportType?: "STANDARD" | "EXTENDED";
  /** Global service-linked roles the region's keys name (created by AwsPlatform). Default: none. */
  readonly serviceLinkedRoles?: readonly pulumi.Resource[];
  /** Additions to the cluster's kube-prometheus-stack values (ClusterAddons). Default: none. */
  readonly monitoringOverlay?: MonitoringOverlayHook;
}

/** Physical EKS cluster name of a region: `<project>-<region>-<environment>`. */
export function clusterNameFor(project: string, region: string, environment: string): string {
  return envName(`${project}-${region}`, environment, 100);
}

/** The region's CloudTrail bucket: `<project>-audit-<region>-<env code>` (S3 names are global). */
export function auditBucketName(project: string, region: string, environment: string): string {
  return `${project}-audit-${region}-${envCode(environment)}`.toLowerCase().slice(0, 49).replace(/-+$/, "");
}

export class RegionalPlatform extends pulumi.ComponentResource implements RegionalPlatformHandle {
  readonly region: ResolvedRegion;
  readonly aws: aws.Provider;
  readonly kubernetes: k8s.Provider;
  readonly clusterName: pulumi.Output<string>;
  readonly clusterEndpoint: pulumi.Output<string>;
  readonly oidcProviderArn: pulumi.Output<string>;
  readonly oidcIssuer: pulumi.Output<string>;
  readonly vpcId: pulumi.Output<string>;
  readonly vpcCidr: string;
  readonly availabilityZones: pulumi.Output<string[]>;
  readonly privateSubnetIds: pulumi.Output<string>[];
  readonly publicSubnetIds: pulumi.Output<string>[];
  readonly nodeSecurityGroupId: pulumi.Output<string>;
  readonly storageClassName: string;
  readonly pools: RegionalPlatformHandle["pools"];
  readonly ready: readonly pulumi.Resource[];
  /** The region's CloudTrail trail and its log bucket. */
  readonly auditTrail: AuditTrail;
  /** Hybrid nodes of the region, when enabled. */
  readonly hybridNodes?: HybridNodes;
  /** The region's ELB access-log bucket (issue #19): every ALB/NLB the Ingresses create logs here. */
  readonly logsKeyArn: pulumi.Output<string>;
  readonly accessLogBucket: { readonly name: string; readonly ready: readonly pulumi.Resource[] };

  constructor(name: string, args: RegionalPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:aws:RegionalPlatform", name, {}, opts);
    const { config } = args.context;
    const s = args.settings;
    const region = args.region;
    this.region = region;
    this.vpcCidr = region.vpcCidr;
    const clusterName = clusterNameFor(config.project, region.name, config.environment);
    const protect = config.protection.protectResources;
    const retention = retentionAtLeast(config.compliance.minLogRetentionDays);

    this.aws = new aws.Provider(`${name}-aws`, { region: region.name, defaultTags: { tags: { region: region.name, cluster: clusterName } } }, { parent: this });
    const child: pulumi.CustomResourceOptions = { parent: this, provider: this.aws };
    const componentOpts: pulumi.ComponentResourceOptions = { parent: this };
    const accountId = aws.getCallerIdentityOutput({}, child).accountId;

    // One key per region for CloudWatch Logs (VPC flow logs, EKS control-plane logs); the
    // Logs service may use it only for log groups of this account and region.
    const logsKey = new aws.kms.Key(
      `${name}-logs-key`,
      {
        description: `CloudWatch Logs of ${clusterName}`,
        enableKeyRotation: true,
        rotationPeriodInDays: KEY_ROTATION_DAYS,
        deletionWindowInDays: 30,
        policy: accountId.apply((account) => logsKeyPolicy(account, region.name)),
        tags: {},
      },
      stateful(config, child),
    );
    this.logsKeyArn = logsKey.arn;
    new aws.kms.Alias(`${name}-logs-key-alias`, { name: `alias/${clusterName}-logs`, targetKeyId: logsKey.keyId }, child);

    // Node root volumes and PersistentVolumes are encrypted under this region's own key.
    const ebsKey = new aws.kms.Key(
      `${name}-ebs-key`,
      {
        description: `EBS volumes (nodes, persistent volumes) of ${clusterName}`,
        enableKeyRotation: true,
        rotationPeriodInDays: KEY_ROTATION_DAYS,
        deletionWindowInDays: 30,
        policy: accountId.apply((account) => ebsKeyPolicy(account)),
        tags: {},
      },
      // KMS refuses a key policy naming a role that does not exist yet (the Auto Scaling SLR).
      { ...stateful(config, child), dependsOn: [...(args.serviceLinkedRoles ?? [])] },
    );
    new aws.kms.Alias(`${name}-ebs-key-alias`, { name: `alias/${clusterName}-ebs`, targetKeyId: ebsKey.keyId }, child);

    // The region's API audit trail (management and S3 data events), kept at least the
    // compliance minimum; the log bucket never leaves the region.
    this.auditTrail = new AuditTrail(
      `${name}-audit`,
      {
        provider: this.aws,
        region: region.name,
        accountId,
        trailName: `${clusterName}-audit`,
        bucketName: auditBucketName(config.project, region.name, config.environment),
        retentionDays: Math.max(s.auditTrail.retentionDays, config.compliance.minLogRetentionDays),
        logGroupRetentionDays: retention,
        logsKeyArn: logsKey.arn,
        dataLabels: dataLabels(args.context.labels, { classification: "confidential", jurisdiction: region.jurisdiction, purpose: "api-audit-trail" }),
        protect,
      },
      componentOpts,
    );

    // Access logs of the load balancers the systems' Ingresses create (issue #19).
    const elbLogs = new ElbLogBucket(
      `${name}-elb-logs`,
      {
        provider: this.aws,
        region: region.name,
        accountId,
        bucketName: elbLogBucketName(config.project, region.name, config.environment),
        retentionDays: config.security.albAccessLogs.retentionDays,
        tags: dataLabels(args.context.labels, { classification: "internal", jurisdiction: region.jurisdiction, purpose: "elb-access-logs" }),
        protect,
      },
      componentOpts,
    );
    this.accessLogBucket = { name: elbLogs.bucketName, ready: elbLogs.ready };

    const network = new Network(
      `${name}-network`,
      {
        provider: this.aws,
        region: region.name,
        vpcCidr: region.vpcCidr,
        availabilityZones: s.availabilityZones,
        natGateways: region.natGateways,
        clusterName,
        accountId,
        logsKeyArn: logsKey.arn,
        logRetentionDays: retention,
        protect,
      },
      componentOpts,
    );
    this.vpcId = network.vpcId;
    this.availabilityZones = network.availabilityZones;
    this.privateSubnetIds = network.privateSubnetIds;
    this.publicSubnetIds = network.publicSubnetIds;

    const hybrid = s.neuromorphic.hybridNodes;
    const cluster = new Cluster(
      `${name}-cluster`,
      {
        provider: this.aws,
        region: region.name,
        clusterName,
        kubernetesVersion: s.kubernetesVersion,
        supportType: args.supportType,
        subnetIds: network.privateSubnetIds,
        vpcId: network.vpcId,
        publicAccessCidrs: s.endpointPublicAccessCidrs,
        adminRoleArns: s.adminRoleArns,
        logsKeyArn: logsKey.arn,
        logRetentionDays: retention,
        remoteNetwork: hybrid.enabled ? { nodeCidrs: hybrid.remoteNodeCidrs, podCidrs: hybrid.remotePodCidrs } : undefined,
        addonVersions: { vpcCni: s.addons.vpcCni, kubeProxy: s.addons.kubeProxy },
        deletionProtection: config.protection.deletionProtection,
        protect,
      },
      componentOpts,
    );
    this.clusterName = cluster.name;
    this.clusterEndpoint = cluster.endpoint;
    this.oidcProviderArn = cluster.oidc.providerArn;
    this.oidcIssuer = cluster.oidc.issuer;
    this.nodeSecurityGroupId = cluster.clusterSecurityGroupId;

    const gpuPoolLabels = gpuLabels(s.nodePools.gpu.instanceType);
    const generalLabels = { [POOL_LABEL]: "general" };
    const computeLabels = { [POOL_LABEL]: "compute" };
    this.pools = {
      general: { labels: generalLabels },
      compute: { labels: computeLabels },
      gpu: { labels: gpuPoolLabels, taint: GPU_TAINT },
      neuromorphic: { labels: NEUROMORPHIC_LABELS, taint: NEUROMORPHIC_TAINT, acceleratorLabel: ACCELERATOR_LABEL, accelerators: [...s.neuromorphic.accelerators] },
    };

    const pool = (poolName: string, extra: Pick<ConstructorParameters<typeof NodePool>[1], "pool" | "labels" | "taints" | "gpu">) =>
      new NodePool(
        `${name}-${poolName}`,
        {
          provider: this.aws,
          clusterName: cluster.name,
          clusterTagName: clusterName,
          kubernetesVersion: s.kubernetesVersion,
          nodeRoleArn: cluster.nodeRoleArn,
          subnetIds: network.privateSubnetIds,
          dependsOn: cluster.nodePrerequisites,
          // Instance and volume tags (launch template tag specifications) are not reached by the
          // labels transformation, so the pool states the base labels itself.
          tags: baseLabels(args.context.labels),
          volumeKmsKeyArn: ebsKey.arn,
          ...extra,
        },
        componentOpts,
      );
    const general = pool("general", { pool: s.nodePools.general, labels: generalLabels });
    const compute = pool("compute", { pool: s.nodePools.compute, labels: computeLabels });
    const gpu = pool("gpu", { pool: s.nodePools.gpu, labels: gpuPoolLabels, taints: [GPU_TAINT], gpu: true });
    const sim = s.neuromorphic.simulationPool;
    const simulations = sim.enabled
      ? s.neuromorphic.accelerators.map((accelerator) =>
          pool(`sim-${accelerator}`, { pool: { instanceType: sim.instanceType, scaling: sim.scaling, diskSizeGb: sim.diskSizeGb }, labels: acceleratorLabels(accelerator, true), taints: [NEUROMORPHIC_TAINT] }),
        )
      : [];

    if (hybrid.enabled) {
      this.hybridNodes = new HybridNodes(
        `${name}-hybrid`,
        {
          provider: this.aws,
          region: region.name,
          accountId,
          clusterName: cluster.name,
          clusterArn: cluster.arn,
          registrationLimit: hybrid.registrationLimit,
          acceleratorLabels: Object.fromEntries(s.neuromorphic.accelerators.map((a) => [a, acceleratorLabels(a, false)])),
          taint: NEUROMORPHIC_TAINT,
        },
        componentOpts,
      );
    }

    this.kubernetes = new k8s.Provider(`${name}-k8s`, { kubeconfig: cluster.kubeconfig, enableServerSideApply: true }, { parent: this });

    const addons = new ClusterAddons(
      `${name}-addons`,
      {
        awsProvider: this.aws,
        kubernetesProvider: this.kubernetes,
        region: region.name,
        clusterName: cluster.name,
        clusterTagName: clusterName,
        vpcId: network.vpcId,
        oidc: cluster.oidc,
        addonVersions: { coredns: s.addons.coredns, ebsCsiDriver: s.addons.ebsCsiDriver },
        charts: s.charts,
        clusterAutoscalerImageTag: s.clusterAutoscalerImageTag,
        systemNodeSelector: generalLabels,
        gpu: { labels: gpuPoolLabels, taint: GPU_TAINT },
        nodes: [general.nodeGroup],
        volumeKmsKeyArn: ebsKey.arn,
        monitoringOverlay: args.monitoringOverlay,
      },
      componentOpts,
    );
    this.storageClassName = addons.storageClassName;
    this.ready = [general.nodeGroup, compute.nodeGroup, gpu.nodeGroup, ...simulations.map((p) => p.nodeGroup), ...addons.ready];

    this.registerOutputs({ clusterName: this.clusterName, clusterEndpoint: this.clusterEndpoint, vpcId: this.vpcId, oidcProviderArn: this.oidcProviderArn });
  }
}
