/**
 * SNN-Fusion's data stores in one region: PostgreSQL (primary or read replica of the group's
 * primary), Redis (global datastore primary or member), and the data lake, model registry and
 * backup buckets. Bucket replication is wired afterwards by the system (buckets of a group
 * replicate to each other, which is a cycle no single region can build).
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as random from "@pulumi/random";
import type { RegionalPlatform } from "../../aws/platform-contract";
import { DataBucket } from "../../aws/data/data-bucket";
import { PostgresDatabase } from "../../aws/data/postgres-database";
import { RedisCache, type RedisGlobalDatastore } from "../../aws/data/redis-cache";
import type { SystemContext } from "../../context";
import { dataLabels } from "../../labels";
import { envCode, envName } from "../../naming";
import type { SnnFusionConfig } from "../../../stacks/sections/snn-fusion";
import { bucketName } from "./names";

/** The replication group a region belongs to (stacks/sections/snn-fusion.ts). */
export interface GroupPlacement {
  /** Regions of the group; the first is the primary. */
  readonly regions: readonly string[];
}

export interface RegionDataArgs {
  readonly context: SystemContext;
  readonly settings: SnnFusionConfig;
  readonly regional: RegionalPlatform;
  readonly group: GroupPlacement;
  /** The group primary's data (undefined when this region is the primary). */
  readonly primary?: RegionData;
  /** The region's explicit @pulumi/random provider (cache AUTH token). */
  readonly randomProvider: random.Provider;
}

export interface RegionBuckets {
  readonly dataLake: DataBucket;
  readonly modelRegistry: DataBucket;
  readonly backups: DataBucket;
}

export interface RegionData {
  readonly region: string;
  readonly database: PostgresDatabase;
  readonly cache: RedisCache;
  readonly buckets: RegionBuckets;
}

/** Creates the region's data stores as children of `parent`, named `<name>-db`, `<name>-cache`, ... */
export function createRegionData(parent: pulumi.Resource, name: string, args: RegionDataArgs): RegionData {
  const { context, settings, regional } = args;
  const region = regional.region.name;
  const env = context.config.environment;
  const jurisdiction = regional.region.jurisdiction;
  const labels = (classification: "pii" | "confidential", purpose: string) => dataLabels(context.labels, { classification, jurisdiction, purpose });
  const network = { vpcId: regional.vpcId, subnetIds: regional.privateSubnetIds, allowedSecurityGroupIds: [regional.nodeSecurityGroupId] };
  const base = { context, provider: regional.aws };
  const opts = { parent };
  const primaryRegion = args.group.regions[0];
  if (args.primary && args.primary.region !== primaryRegion) throw new Error(`SNN-Fusion ${region}: primary data from ${args.primary.region}, but the group's primary is ${primaryRegion}`);

  const database = new PostgresDatabase(
    `${name}-db`,
    {
      ...base,
      dataLabels: labels("pii", "sensor-fusion-metadata"),
      network,
      identifier: envName(`snn-fusion-${region}`, env),
      instanceClass: settings.database.instanceClass,
      allocatedStorageGb: settings.database.allocatedStorageGb,
      maxAllocatedStorageGb: settings.database.maxAllocatedStorageGb,
      backupRetentionDays: settings.database.backupRetentionDays,
      multiAz: settings.database.multiAz,
      databaseName: "snn_fusion",
      logRetentionDays: settings.logRetentionDays,
      replicaOf: args.primary ? { sourceArn: args.primary.database.arn, sourceRegion: args.primary.region } : undefined,
    },
    opts,
  );

  const grouped = args.group.regions.length > 1;
  const globalDatastore: RedisGlobalDatastore | undefined = !grouped
    ? undefined
    : args.primary
      ? { role: "member", globalReplicationGroupId: args.primary.cache.globalReplicationGroupId, authToken: args.primary.cache.authToken, primaryRegion: args.primary.region }
      : { role: "primary", idSuffix: `snn-fusion-${envCode(env)}-${region}` };
  const cache = new RedisCache(
    `${name}-cache`,
    {
      ...base,
      dataLabels: labels("pii", "session-and-model-cache"),
      network,
      replicationGroupId: `snn-fusion-${envCode(env)}-${region}`,
      nodeType: settings.cache.nodeType,
      replicas: settings.cache.replicasPerShard,
      logRetentionDays: settings.logRetentionDays,
      globalDatastore,
      randomProvider: args.randomProvider,
    },
    opts,
  );

  const dataLake = new DataBucket(
    `${name}-lake`,
    {
      ...base,
      dataLabels: labels("pii", "sensor-data-lake"),
      bucketName: bucketName(env, "data-lake", region),
      lifecycle: {
        transitionToInfrequentAccessDays: settings.buckets.dataLakeInfrequentAccessDays,
        transitionToGlacierDays: settings.buckets.dataLakeArchiveDays,
        expirationDays: settings.buckets.dataLakeExpirationDays,
      },
    },
    opts,
  );
  // One access-log bucket per region (the data lake's), each bucket under its own prefix.
  const sharedLogs = (prefix: string) => ({ bucket: dataLake.accessLogBucketName, prefix: `${prefix}/` });
  const modelRegistry = new DataBucket(
    `${name}-models`,
    {
      ...base,
      dataLabels: labels("confidential", "model-registry"),
      bucketName: bucketName(env, "model-registry", region),
      accessLogs: sharedLogs("model-registry"),
      lifecycle: { keepNoncurrentVersions: settings.buckets.modelVersionsKept, noncurrentVersionExpirationDays: 365 },
    },
    opts,
  );
  const backups = new DataBucket(
    `${name}-backups`,
    {
      ...base,
      dataLabels: labels("pii", "backups"),
      bucketName: bucketName(env, "backups", region),
      accessLogs: sharedLogs("backups"),
      lifecycle: { expirationDays: settings.buckets.backupRetentionDays, noncurrentVersionExpirationDays: 30 },
    },
    opts,
  );

  return { region, database, cache, buckets: { dataLake, modelRegistry, backups } };
}
