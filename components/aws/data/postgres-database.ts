/**
 * PostgreSQL on RDS, hardened: its own KMS key (storage, Performance Insights, the master
 * secret), TLS forced by a parameter group, IAM authentication, enhanced monitoring, backups with
 * point-in-time recovery, and a master password that only Secrets Manager ever sees.
 * The same component builds a read replica of another PostgresDatabase (same or another region).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { envName } from "../../naming";
import { childOptions, createDataKey, dataOptions, type DataNetwork, type DataStoreBaseArgs } from "./common";

/** Read-replica mode: the instance replicates another database instead of being a primary. */
export interface PostgresReplicaSource {
  /** ARN of the source instance (PostgresDatabase.arn): RDS needs the ARN across regions. */
  readonly sourceArn: pulumi.Input<string>;
  /** Region of the source, for the record and for residency checks by the caller. */
  readonly sourceRegion: string;
}

export interface PostgresDatabaseArgs extends DataStoreBaseArgs {
  readonly network: DataNetwork;
  /** Instance class. Default "db.r6g.large" (seed 002). */
  readonly instanceClass?: pulumi.Input<string>;
  /** Major engine version. Default "15" (seed 002: PostgreSQL 15); the parameter group family follows it. */
  readonly engineVersion?: string;
  /**
   * Extra parameters for the instance's parameter group (engine units, e.g. 8 kB pages for
   * shared_buffers). Default none. They cannot redefine what the component enforces
   * (rds.force_ssl, ssl_min_protocol_version, connection logging): that is an error.
   */
  readonly parameters?: readonly RdsParameter[];
  /** Initial gp3 storage in GiB. Default 100 (ignored for a replica, which inherits the source's). */
  readonly allocatedStorageGb?: number;
  /** Storage autoscaling ceiling in GiB. Default 1000. */
  readonly maxAllocatedStorageGb?: number;
  /** Automated backup retention in days (enables point-in-time recovery). Default 30. */
  readonly backupRetentionDays?: number;
  /** Standby in a second AZ. Default: true in production, false otherwise. */
  readonly multiAz?: boolean;
  /** Initial database name. Default "app" (ignored for a replica). */
  readonly databaseName?: string;
  /** Master user name. Default "dbadmin" (ignored for a replica). */
  readonly masterUsername?: string;
  /** Enhanced monitoring interval in seconds (1, 5, 10, 15, 30, 60). Default 60. */
  readonly monitoringIntervalSeconds?: number;
  /** Performance Insights retention in days (7 = free tier, or a multiple of 31 up to 731). Default 7. */
  readonly performanceInsightsRetentionDays?: number;
  /** Retention of the exported PostgreSQL logs in CloudWatch Logs. Default 90 days. */
  readonly logRetentionDays?: number;
  /** Physical identifier. Default: `<name>-<environment>`. */
  readonly identifier?: string;
  /** Make this instance a read replica of another one. Default: a primary. */
  readonly replicaOf?: PostgresReplicaSource;
}

/** The seed's numbers, used when an argument is omitted. */
export const POSTGRES_DEFAULTS = {
  instanceClass: "db.r6g.large",
  engineVersion: "15",
  allocatedStorageGb: 100,
  maxAllocatedStorageGb: 1000,
  backupRetentionDays: 30,
  databaseName: "app",
  masterUsername: "dbadmin",
  monitoringIntervalSeconds: 60,
  performanceInsightsRetentionDays: 7,
  logRetentionDays: 90,
  port: 5432,
} as const;

/** One RDS parameter group entry. */
export interface RdsParameter {
  readonly name: string;
  readonly value: string;
  /** "immediate" for dynamic parameters, "pending-reboot" for static ones (shared_buffers, max_connections). */
  readonly applyMethod: "immediate" | "pending-reboot";
}

/** What every PostgresDatabase enforces: TLS only and connection audit logging. */
const ENFORCED_PARAMETERS: readonly RdsParameter[] = [
  { name: "rds.force_ssl", value: "1", applyMethod: "immediate" },
  { name: "ssl_min_protocol_version", value: "TLSv1.2", applyMethod: "immediate" },
  { name: "log_connections", value: "1", applyMethod: "immediate" },
  { name: "log_disconnections", value: "1", applyMethod: "immediate" },
];

function parameterList(name: string, extra: readonly RdsParameter[]): RdsParameter[] {
  const enforced = new Set(ENFORCED_PARAMETERS.map((p) => p.name));
  const clash = extra.filter((p) => enforced.has(p.name));
  if (clash.length > 0) throw new Error(`${name}: parameters may not redefine ${clash.map((p) => p.name).join(", ")} (enforced by PostgresDatabase)`);
  return [...ENFORCED_PARAMETERS, ...extra].map((p) => ({ ...p }));
}

export class PostgresDatabase extends pulumi.ComponentResource {
  /** Instance ARN (the source for replicas). */
  readonly arn: pulumi.Output<string>;
  readonly identifier: pulumi.Output<string>;
  /** DNS name clients connect to (TLS required). */
  readonly address: pulumi.Output<string>;
  readonly port: pulumi.Output<number>;
  /** RDS resource id, used in `rds-db:connect` IAM policies for IAM authentication. */
  readonly resourceId: pulumi.Output<string>;
  /** ARN of the Secrets Manager secret holding the master password (primaries only; "" for a replica). */
  readonly masterUserSecretArn: pulumi.Output<string>;
  /** The store's own KMS key. */
  readonly kmsKeyArn: pulumi.Output<string>;
  /** Security group of the instance. */
  readonly securityGroupId: pulumi.Output<string>;
  /** "primary" or "replica". */
  readonly role: "primary" | "replica";
  /** Region of the replication source, when a replica. */
  readonly replicaSourceRegion: string | undefined;

  constructor(name: string, args: PostgresDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    // Validate before registering anything: a refused argument creates nothing.
    const parameters = parameterList(name, args.parameters ?? []);
    super("neurastack:aws:PostgresDatabase", name, {}, opts);
    const config = args.context.config;
    const d = POSTGRES_DEFAULTS;
    const replica = args.replicaOf;
    const engineVersion = args.engineVersion ?? d.engineVersion;
    const identifier = args.identifier ?? envName(name, config.environment);
    const production = config.environment === "production";

    const key = createDataKey(this, name, args, {
      description: `RDS ${identifier}: storage, Performance Insights, master user secret, exported logs`,
      allowCloudWatchLogs: true,
    });

    const securityGroup = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        description: `PostgreSQL ${identifier}: ${d.port} from the allowed security groups only`,
        vpcId: args.network.vpcId,
        ingress: [{ protocol: "tcp", fromPort: d.port, toPort: d.port, securityGroups: args.network.allowedSecurityGroupIds, description: "PostgreSQL from allowed clients" }],
        // RDS initiates no connections of its own that a security group governs.
        egress: [],
        tags: {},
      },
      childOptions(this, args),
    );

    const subnetGroup = new aws.rds.SubnetGroup(`${name}-subnets`, { name: `${identifier}-subnets`, subnetIds: args.network.subnetIds, description: `${identifier} private subnets`, tags: {} }, childOptions(this, args));

    // rds.force_ssl=1 rejects any non-TLS connection; connection logging feeds the audit trail.
    const parameterGroup = new aws.rds.ParameterGroup(
      `${name}-params`,
      {
        name: `${identifier}-postgres${engineVersion.split(".")[0]}`,
        family: `postgres${engineVersion.split(".")[0]}`,
        description: `${identifier}: TLS only, connection audit logging`,
        parameters,
        tags: {},
      },
      childOptions(this, args),
    );

    const monitoringRole = new aws.iam.Role(
      `${name}-monitoring`,
      {
        description: `Enhanced monitoring of ${identifier}`,
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "monitoring.rds.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
        tags: {},
      },
      childOptions(this, args),
    );
    const monitoringPolicy = new aws.iam.RolePolicyAttachment(
      `${name}-monitoring`,
      { role: monitoringRole.name, policyArn: "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole" },
      childOptions(this, args),
    );

    // Pre-created so the exported logs get a retention and the store's key (RDS would create
    // the group itself with neither).
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { name: `/aws/rds/instance/${identifier}/postgresql`, retentionInDays: args.logRetentionDays ?? d.logRetentionDays, kmsKeyId: key.arn, tags: args.dataLabels },
      dataOptions(this, args),
    );

    const common: aws.rds.InstanceArgs = {
      identifier,
      instanceClass: args.instanceClass ?? d.instanceClass,
      storageType: "gp3",
      maxAllocatedStorage: args.maxAllocatedStorageGb ?? d.maxAllocatedStorageGb,
      storageEncrypted: true,
      kmsKeyId: key.arn,
      multiAz: args.multiAz ?? production,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [securityGroup.id],
      parameterGroupName: parameterGroup.name,
      publiclyAccessible: false,
      port: d.port,
      iamDatabaseAuthenticationEnabled: true,
      backupRetentionPeriod: args.backupRetentionDays ?? d.backupRetentionDays,
      backupWindow: "02:00-03:00",
      // The guide's maintenance window: first Sunday of the month 02:00-04:00 UTC; RDS takes a weekly slot.
      maintenanceWindow: "sun:03:00-sun:04:00",
      copyTagsToSnapshot: true,
      deleteAutomatedBackups: false,
      autoMinorVersionUpgrade: true,
      caCertIdentifier: "rds-ca-rsa2048-g1",
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: key.arn,
      performanceInsightsRetentionPeriod: args.performanceInsightsRetentionDays ?? d.performanceInsightsRetentionDays,
      monitoringInterval: args.monitoringIntervalSeconds ?? d.monitoringIntervalSeconds,
      monitoringRoleArn: monitoringRole.arn,
      enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
      deletionProtection: config.protection.deletionProtection,
      skipFinalSnapshot: !config.protection.deletionProtection,
      finalSnapshotIdentifier: config.protection.deletionProtection ? `${identifier}-final` : undefined,
      tags: args.dataLabels,
    };
    const instanceArgs: aws.rds.InstanceArgs = replica
      ? {
          ...common,
          // A replica inherits engine, storage size, credentials and database from its source;
          // the ARN form works both within and across regions.
          replicateSourceDb: replica.sourceArn,
          // RDS takes no final snapshot of a read replica (the source holds the data).
          skipFinalSnapshot: true,
          finalSnapshotIdentifier: undefined,
        }
      : {
          ...common,
          engine: "postgres",
          engineVersion,
          allocatedStorage: args.allocatedStorageGb ?? d.allocatedStorageGb,
          dbName: args.databaseName ?? d.databaseName,
          username: args.masterUsername ?? d.masterUsername,
          // Secrets Manager generates and rotates the password: it never enters Pulumi state.
          manageMasterUserPassword: true,
          masterUserSecretKmsKeyId: key.arn,
        };
    const instance = new aws.rds.Instance(`${name}-instance`, instanceArgs, dataOptions(this, args, { dependsOn: [monitoringPolicy, logGroup] }));

    this.arn = instance.arn;
    this.identifier = instance.identifier;
    this.address = instance.address;
    this.port = instance.port;
    this.resourceId = instance.resourceId;
    this.masterUserSecretArn = instance.masterUserSecrets.apply((secrets) => secrets?.[0]?.secretArn ?? "");
    this.kmsKeyArn = key.arn;
    this.securityGroupId = securityGroup.id;
    this.role = replica ? "replica" : "primary";
    this.replicaSourceRegion = replica?.sourceRegion;
    this.registerOutputs({
      arn: this.arn,
      identifier: this.identifier,
      address: this.address,
      port: this.port,
      resourceId: this.resourceId,
      masterUserSecretArn: this.masterUserSecretArn,
      kmsKeyArn: this.kmsKeyArn,
      securityGroupId: this.securityGroupId,
      role: this.role,
    });
  }
}
