/**
 * The AWS compute platform: one independent RegionalPlatform per configured region (VPC, EKS,
 * node pools, hybrid neuromorphic nodes, cluster software). Systems place workloads by naming a
 * region (`regions.get("eu-west-1")`). Adding a region is one config entry.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { eksLifecycle } from "../../stacks/dated";
import { planDate } from "../../stacks/plan-date";
import type { SystemContext } from "../context";
import type { PlatformConfig } from "../../stacks/sections/platform";
import type { ResolvedRegion } from "../../stacks/schema";
import type { MonitoringOverlayHook } from "./monitoring-hook";
import type { PlatformHandle, RegionalPlatform } from "./platform-contract";
import { RegionalPlatform as RegionalPlatformComponent } from "./regional-platform";

export interface AwsPlatformArgs {
  readonly context: SystemContext;
  readonly settings: PlatformConfig;
  /** Resolved regions (jurisdiction, VPC CIDR, NAT mode), in config order. */
  readonly regions: readonly ResolvedRegion[];
  /** Additions to every cluster's kube-prometheus-stack values (issue #20: Alertmanager routing). Default: none. */
  readonly monitoringOverlay?: MonitoringOverlayHook;
}

export class AwsPlatform extends pulumi.ComponentResource implements PlatformHandle {
  readonly regions: ReadonlyMap<string, RegionalPlatform>;
  /** Per region: cluster name and endpoint, VPC, OIDC provider, hybrid-node activation (no secrets in plain text). */
  readonly exports: Record<string, pulumi.Input<unknown>>;

  constructor(name: string, args: AwsPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:aws:Platform", name, {}, opts);
    // The minor's support on the plan date: stacks/load.ts already refused one past extended
    // support; past standard support or within 90 days of its end the plan warns.
    const lifecycle = eksLifecycle(args.settings.kubernetesVersion, planDate());
    if (lifecycle.warning) void pulumi.log.warn(`${name}: ${lifecycle.warning}`, this);
    // IAM is global: the service-linked role comes first, before any region's EBS key names it.
    const serviceLinkedRoles: pulumi.Resource[] = [];
    if (args.settings.autoScalingServiceLinkedRole === "create" && args.regions.length > 0) {
      const iamProvider = new aws.Provider(`${name}-iam`, { region: args.regions[0].name }, { parent: this });
      serviceLinkedRoles.push(
        new aws.iam.ServiceLinkedRole(`${name}-autoscaling-slr`, { awsServiceName: "autoscaling.amazonaws.com", description: "EC2 Auto Scaling (managed node groups); named by the EBS key policies" }, { parent: this, provider: iamProvider, retainOnDelete: true }),
      );
    }
    const regions = new Map<string, RegionalPlatformComponent>();
    for (const region of args.regions) {
      regions.set(
        region.name,
        new RegionalPlatformComponent(`${name}-${region.name}`, { context: args.context, settings: args.settings, region, supportType: lifecycle.supportType, serviceLinkedRoles, monitoringOverlay: args.monitoringOverlay }, { parent: this }),
      );
    }
    this.regions = regions;

    const perRegion: Record<string, pulumi.Input<unknown>> = {};
    for (const [regionName, r] of regions) {
      perRegion[regionName] = {
        jurisdiction: r.region.jurisdiction,
        clusterName: r.clusterName,
        clusterEndpoint: r.clusterEndpoint,
        vpcId: r.vpcId,
        oidcProviderArn: r.oidcProviderArn,
        storageClassName: r.storageClassName,
        auditTrail: { trailArn: r.auditTrail.trailArn, bucketName: r.auditTrail.bucketName },
        ...(r.hybridNodes ? { hybridNodes: { roleArn: r.hybridNodes.roleArn, activationId: r.hybridNodes.activationId, nodeConfigs: r.hybridNodes.nodeConfigs } } : {}),
      };
    }
    this.exports = { regions: perRegion };
    this.registerOutputs({ regions: perRegion });
  }
}
