/**
 * SNN-Fusion (seed 002) on the AWS platform, in every platform region: PostgreSQL 15, Redis and
 * S3 per region with replication inside each jurisdiction only, the API behind an ALB + WAF per
 * region, a latency-routed global endpoint with health-check failover, Kubernetes workloads,
 * logs/metrics and the guide's alarms.
 *
 * Residency: regions are grouped for replication (stacks/sections/snn-fusion.ts: one group per
 * jurisdiction by default; `snnFusion.replication.groups` overrides, and the config loader
 * rejects groups that mix jurisdictions). Every replication edge (RDS replica -> source,
 * Redis global datastore member -> primary, S3 bucket -> destination) stays inside a group.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BucketReplication } from "../aws/data/bucket-replication";
import { publicZone } from "../aws/public-zone";
import type { DataBucket } from "../aws/data/data-bucket";
import type { PlatformHandle, RegionalPlatform } from "../aws/platform-contract";
import type { SystemContext } from "../context";
import { snnFusionReplicationGroups, type SnnFusionConfig } from "../../stacks/sections/snn-fusion";
import type { AlertRouting } from "../aws/alerting/routing";
import type { RegionBuckets } from "./snn-fusion/data";
import { globalHost } from "./snn-fusion/names";
import { SnnFusionRegion, type SnnFusionRegionExports } from "./snn-fusion/region";
import { imageIn } from "../registry-catalog";

export interface SnnFusionArgs {
  readonly context: SystemContext;
  readonly settings: SnnFusionConfig;
  /** The AWS platform: SNN-Fusion runs in every region. */
  readonly platform: PlatformHandle;
  /** The stack's alert routing (SNS topics per region and severity, stacks/sections/core.ts `alerting`). */
  readonly alerts: AlertRouting;
}

/** Region of the global pieces: Route53 health-check metrics exist only in us-east-1. */
export const GLOBAL_REGION = "us-east-1";

/**
 * Pairs of a replication group whose jurisdictions differ, in words naming both regions
 * (empty when every edge stays inside one jurisdiction).
 */
export function crossJurisdictionPairs(groups: readonly (readonly string[])[], jurisdictionOf: (region: string) => string): string[] {
  const problems: string[] = [];
  for (const [primary, ...members] of groups) {
    for (const member of members) {
      const [a, b] = [jurisdictionOf(primary), jurisdictionOf(member)];
      if (a !== b) problems.push(`replication between ${primary} (${a}) and ${member} (${b}) would cross jurisdictions`);
    }
  }
  return problems;
}

export class SnnFusion extends pulumi.ComponentResource {
  /** Stack outputs of the system (no secret values). */
  readonly exports: Record<string, pulumi.Input<unknown>>;
  /** Replication groups in effect (first region of each = primary). */
  readonly replicationGroups: readonly (readonly string[])[];
  readonly regions: ReadonlyMap<string, SnnFusionRegion>;

  constructor(name: string, args: SnnFusionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:systems:SnnFusion", name, {}, opts);
    const { context, settings, platform } = args;
    const config = context.config;
    const regions = new Map<string, SnnFusionRegion>();
    this.regions = regions;

    // Platform regions in config order (the platform may not offer all of them yet).
    const placed: RegionalPlatform[] = config.regions.map((r) => platform.regions.get(r.name)).filter((r): r is RegionalPlatform => r !== undefined);
    const groups = snnFusionReplicationGroups(
      placed.map((p) => ({ name: p.region.name, jurisdiction: p.region.jurisdiction })),
      settings.replication,
    );
    this.replicationGroups = groups;
    const byName = new Map(placed.map((p) => [p.region.name, p]));
    // Defence in depth: the config loader already rejects this.
    const crossing = crossJurisdictionPairs(groups, (region) => byName.get(region)!.region.jurisdiction);
    if (crossing.length > 0) throw new Error(`SNN-Fusion: ${crossing.join("; ")}`);

    if (placed.length === 0) {
      this.exports = { globalEndpoint: null, regions: {}, replicationGroups: [] };
      this.registerOutputs({});
      return;
    }

    const globalProvider = platform.regions.get(GLOBAL_REGION)?.aws ?? new aws.Provider(`${name}-global`, { region: GLOBAL_REGION }, { parent: this });
    // An existing public zone, or a new one whose certificates wait for its delegation (stacks/sections/dns.ts).
    const zone = publicZone(
      name,
      { choice: settings.zone, createName: settings.domain, comment: `SNN-Fusion ${config.environment}: global and regional API endpoints`, provider: globalProvider, protect: config.protection.protectResources },
      this,
    );

    for (const group of groups) {
      const [primaryName] = group;
      for (const regionName of group) {
        const regional = byName.get(regionName)!;
        regions.set(
          regionName,
          new SnnFusionRegion(
            `${name}-${regionName}`,
            {
              context,
              // Each region pulls its images from its own replica of the stack's ECR repositories.
              settings: { ...settings, image: imageIn(config, settings.image, regionName), gpuImage: imageIn(config, settings.gpuImage, regionName) },
              regional,
              group: { regions: group },
              primary: regionName === primaryName ? undefined : regions.get(primaryName),
              zoneId: zone.zoneId,
              edge: zone.certificates,
              globalProvider,
              alerts: args.alerts,
            },
            { parent: this },
          ),
        );
      }
      this.replicateBuckets(name, group, regions, byName);
    }

    const regionExports: Record<string, SnnFusionRegionExports> = {};
    for (const regional of placed) regionExports[regional.region.name] = regions.get(regional.region.name)!.exports;
    this.exports = {
      globalEndpoint: zone.certificates ? `https://${globalHost(settings.domain)}` : null,
      hostedZoneId: zone.zoneId,
      nameServers: zone.nameServers,
      replicationGroups: groups,
      regions: regionExports,
    };
    this.registerOutputs({ globalEndpoint: this.exports.globalEndpoint, replicationGroups: groups });
  }

  /** Each bucket of a group replicates to the same bucket in every other region of the group. */
  private replicateBuckets(name: string, group: readonly string[], regions: ReadonlyMap<string, SnnFusionRegion>, byName: ReadonlyMap<string, RegionalPlatform>): void {
    if (group.length < 2) return;
    const kinds: (keyof RegionBuckets)[] = ["dataLake", "modelRegistry", "backups"];
    for (const source of group) {
      const from = regions.get(source)!;
      for (const kind of kinds) {
        const bucket: DataBucket = from.data.buckets[kind];
        const others = group.filter((r) => r !== source).map((r) => ({ region: r, bucket: regions.get(r)!.data.buckets[kind] }));
        new BucketReplication(
          `${name}-${source}-${kind === "dataLake" ? "lake" : kind === "modelRegistry" ? "models" : "backups"}-replication`,
          {
            provider: byName.get(source)!.aws,
            source: { bucketName: bucket.bucketName, arn: bucket.arn, kmsKeyArn: bucket.kmsKeyArn },
            targets: others.map((o) => ({ destinationBucketArn: o.bucket.arn, destinationKmsKeyArn: o.bucket.kmsKeyArn, destinationRegion: o.region })),
          },
          // Versioning on the source and every destination must exist first.
          { parent: from, dependsOn: [bucket, ...others.map((o) => o.bucket)] },
        );
      }
    }
  }
}
