/**
 * SNN-Fusion in one platform region: data stores, observability, workloads, edge (ingress,
 * WAF, DNS, health check) and alarms. Regions of a replication group are built primary first;
 * a secondary region receives the primary's data handles for its replicas.
 */
import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { RegionalPlatform } from "../../aws/platform-contract";
import type { SystemContext } from "../../context";
import type { SnnFusionConfig } from "../../../stacks/sections/snn-fusion";
import { SnnFusionAlarms } from "./alarms";
import type { AlertRouting } from "../../aws/alerting/routing";
import { createRegionData, type GroupPlacement, type RegionData } from "./data";
import { SnnFusionEdge } from "./edge";
import { SnnFusionObservability } from "./observability";
import { SnnFusionWorkloads } from "./workloads";

export interface SnnFusionRegionArgs {
  readonly context: SystemContext;
  readonly settings: SnnFusionConfig;
  readonly regional: RegionalPlatform;
  readonly group: GroupPlacement;
  /** The group's primary region (undefined when this is it). */
  readonly primary?: SnnFusionRegion;
  /** Route53 hosted zone of `settings.domain`. */
  readonly zoneId: pulumi.Input<string>;
  /**
   * Whether the public edge (DNS-validated certificate, WAF, Ingress, records, health check and
   * the alarms on them) is built in this run: false in step 1 of a new zone, before its
   * delegation (stacks/sections/dns.ts). Default: true.
   */
  readonly edge?: boolean;
  /** us-east-1 provider for Route53 and its health-check alarms. */
  readonly globalProvider: aws.Provider;
  /** The stack's alert routing (topics per region and severity). */
  readonly alerts: AlertRouting;
}

/** What the stack exports per region (no secrets). */
export interface SnnFusionRegionExports {
  /** https://<region>.api.<domain>; null until the zone is delegated (step 1 builds no edge). */
  readonly endpoint: string | null;
  readonly role: "primary" | "replica";
  readonly replicatesFrom: string | null;
  readonly jurisdiction: string;
  readonly database: pulumi.Output<string>;
  /** Endpoint of the region's reads (an in-region replica in a primary region). */
  readonly databaseReader: pulumi.Output<string>;
  readonly cache: pulumi.Output<string>;
  readonly buckets: Record<string, pulumi.Output<string>>;
  readonly webAclArn: pulumi.Output<string> | null;
  /** Topic of the region's critical alerts. */
  readonly alertTopicArn: pulumi.Output<string>;
}

export class SnnFusionRegion extends pulumi.ComponentResource {
  readonly region: string;
  readonly data: RegionData;
  readonly regionalEndpoint: string | null;
  readonly exports: SnnFusionRegionExports;
  /** The Job creating the API's database role (run in the group primary's region). */
  readonly roleJob: pulumi.Resource | undefined;

  constructor(name: string, args: SnnFusionRegionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:systems:SnnFusionRegion", name, {}, opts);
    const { context, settings, regional } = args;
    const region = regional.region.name;

    this.region = region;
    // Explicit provider for generated secrets (DESIGN principle 3), one per region like the AWS provider.
    const randomProvider = new random.Provider(`${name}-random`, {}, { parent: this });
    this.data = createRegionData(this, name, { context, settings, regional, group: args.group, primary: args.primary?.data, randomProvider });
    const observability = new SnnFusionObservability(`${name}-observability`, { context, regional, logRetentionDays: settings.logRetentionDays, addonVersion: settings.observabilityAddonVersion }, { parent: this });
    const workloads = new SnnFusionWorkloads(`${name}-workloads`, { context, settings, regional, data: this.data, primaryRoleJob: args.primary?.roleJob }, { parent: this });
    this.roleJob = workloads.roleJob;
    const edge = args.edge === false ? undefined : this.edge(name, args, workloads, observability);
    const topics = args.alerts.region(region, regional.aws);
    this.regionalEndpoint = edge?.regionalEndpoint ?? null;
    this.exports = {
      endpoint: edge?.regionalEndpoint ?? null,
      role: this.data.database.role,
      replicatesFrom: args.primary?.region ?? null,
      jurisdiction: regional.region.jurisdiction,
      database: this.data.database.address,
      databaseReader: this.data.reader.address,
      cache: this.data.cache.primaryEndpoint,
      buckets: {
        dataLake: this.data.buckets.dataLake.bucketName,
        modelRegistry: this.data.buckets.modelRegistry.bucketName,
        backups: this.data.buckets.backups.bucketName,
      },
      webAclArn: edge?.webAclArn ?? null,
      alertTopicArn: topics.topicArns.critical,
    };
    this.registerOutputs({ regionalEndpoint: this.regionalEndpoint });
  }

  /** The public edge and the alarms on what it creates (health check, ALB, WAF). */
  private edge(name: string, args: SnnFusionRegionArgs, workloads: SnnFusionWorkloads, observability: SnnFusionObservability): SnnFusionEdge {
    const { context, settings, regional } = args;
    const region = regional.region.name;
    const env = context.config.environment;
    const edge = new SnnFusionEdge(
      `${name}-edge`,
      {
        context,
        settings,
        regional,
        globalProvider: args.globalProvider,
        zoneId: args.zoneId,
        namespace: workloads.namespace,
        serviceName: workloads.serviceName,
        logsKeyArn: observability.logsKeyArn,
      },
      { parent: this },
    );
    new SnnFusionAlarms(
      `${name}-alarms`,
      {
        settings,
        environment: env,
        region,
        provider: regional.aws,
        globalProvider: args.globalProvider,
        alerts: args.alerts,
        healthCheckId: edge.healthCheckId,
        albArnSuffix: edge.albArnSuffix,
        webAclName: edge.webAclName,
      },
      { parent: this },
    );

    return edge;
  }
}
