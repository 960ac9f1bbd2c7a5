/**
 * SNN-Fusion's data stores in one region: PostgreSQL (primary or read replica of the group's
 * primary; guide "Replication: Read replicas in each region", so a primary region also gets
 * `database.localReadReplicas` in-region replicas), Redis (global datastore primary or member),
 * and the data lake, model registry and backup buckets. Bucket replication is wired afterwards by the system (buckets of a group
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
import { bucketName, DB_NAME } from "./names";

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
  /** The region's explicit @pulumi/random provider (cache AUTH token, database master password). */
  readonly randomProvider: random.Provider;
}

export interface RegionBuckets {
  readonly dataLake: DataBucket;
  readonly modelRegistry: DataBucket;
  readonly backups: DataBucket;
}

export interface RegionData {
  readonly region: string;
  /** The group primary (in the primary region) or this region's cross-region replica of it. */
  readonly database: PostgresDatabase;
  /** In-region read replicas of the primary (primary regions only). */
  readonly localReplicas: readonly PostgresDatabase[];
  /** Where the region's reads go: its first in-region replica, or the cross-region replica. */
  readonly reader: PostgresDatabase;
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
  const network = { vpcId: regional.vpcId, subnetIds: regional.privateSubnetIds, allowedSecurityGroupIds: [regional.nodeSecurityGroupId], cidrBlock: regional.vpcCidr };
  const base = { context, provider: regional.aws };
  const opts = { parent };
  const primaryRegion = args.group.regions[0];
  if (args.primary && args.primary.region !== primaryRegion) throw new Error(`SNN-Fusion ${region}: primary data from ${args.primary.region}, but the group's primary is ${primaryRegion}`);

  const isPrimary = args.primary === undefined;
  const localReplicaCount = isPrimary ? settings.database.localReadReplicas : 0;
  const hasReplicas = args.group.regions.length > 1 || localReplicaCount > 0;
  const dbLabels = labels("pii", "sensor-fusion-metadata");
  const database = new PostgresDatabase(
    `${name}-db`,
    {
      ...base,
      region,
      dataLabels: dbLabels,
      network,
      identifier: envName(`snn-fusion-${region}`, env),
      instanceClass: settings.database.instanceClass,
      multiAz: settings.database.multiAz,
      logRetentionDays: settings.logRetentionDays,
      ...(isPrimary
        ? {
            allocatedStorageGb: settings.database.allocatedStorageGb,
            maxAllocatedStorageGb: settings.database.maxAllocatedStorageGb,
            backupRetentionDays: settings.database.backupRetentionDays,
            databaseName: DB_NAME,
            // RDS replicates no source whose master password Secrets Manager manages.
            readReplicaSource: hasReplicas ? { randomProvider: args.randomProvider } : undefined,
          }
        : { maxAllocatedStorageGb: settings.database.maxAllocatedStorageGb, replicaOf: args.primary!.database }),
    },
    opts,
  );
  const localReplicas = Array.from(
    { length: localReplicaCount },
    (_, i) =>
      new PostgresDatabase(
        `${name}-db-replica-${i + 1}`,
        {
          ...base,
          region,
          dataLabels: dbLabels,
          network,
          identifier: envName(`snn-fusion-${region}-r${i + 1}`, env),
          instanceClass: settings.database.instanceClass,
          multiAz: settings.database.multiAz,
          maxAllocatedStorageGb: settings.database.maxAllocatedStorageGb,
          logRetentionDays: settings.logRetentionDays,
          replicaOf: database,
        },
        opts,
      ),
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

  return { region, database, localReplicas, reader: localReplicas[0] ?? database, cache, buckets: { dataLake, modelRegistry, backups } };
}
