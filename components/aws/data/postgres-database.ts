/**
 * PostgreSQL on RDS, hardened: its own KMS key (storage, Performance Insights, the master
 * secret), TLS forced by a parameter group, IAM authentication, enhanced monitoring, backups with
 * point-in-time recovery, and a master password that never sits in Pulumi state in the clear:
 * Secrets Manager manages it, or, on a primary with read replicas (which RDS does not allow
 * with a managed password), a generated password kept in a KMS-encrypted secret and rotated
 * (./rotated-master-secret.ts).
 * The same component builds a read replica of another PostgresDatabase (same or another region);
 * what RDS accepts on a replica is checked first (./replica-constraints.ts).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type * as random from "@pulumi/random";
import { envName } from "../../naming";
import { childOptions, createDataKey, dataOptions, type DataNetwork, type DataStoreBaseArgs } from "./common";
import { PRIMARY_ONLY_ARGUMENTS, replicaProblems, type ReplicaSourceFacts } from "./replica-constraints";
import { RotatedMasterSecret } from "./rotated-master-secret";

/** A primary that read replicas will be built from. */
export interface ReadReplicaSourceOptions {
  /** Explicit provider of the generated master password (DESIGN principle 3). */
  readonly randomProvider: random.Provider;
  /** Days between master password rotations. Default 30. */
  readonly rotationDays?: number;
}

export interface PostgresDatabaseArgs extends DataStoreBaseArgs {
  readonly network: DataNetwork;
  /** Region of the provider (replica placement checks, the rotation function's endpoint). */
  readonly region: string;
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
  /** Initial gp3 storage in GiB. Default 100. Primaries only (a replica starts with its source's size). */
  readonly allocatedStorageGb?: number;
  /** Storage autoscaling ceiling in GiB. Default 1000. */
  readonly maxAllocatedStorageGb?: number;
  /** Automated backup retention in days (enables point-in-time recovery). Default 30. Primaries only. */
  readonly backupRetentionDays?: number;
  /** Standby in a second AZ. Default: true in production, false otherwise. */
  readonly multiAz?: boolean;
  /** Initial database name. Default "app". Primaries only. */
  readonly databaseName?: string;
  /** Master user name. Default "dbadmin". Primaries only. */
  readonly masterUsername?: string;
  /** Enhanced monitoring interval in seconds (1, 5, 10, 15, 30, 60). Default 60. */
  readonly monitoringIntervalSeconds?: number;
  /** Performance Insights retention in days (7 = free tier, or a multiple of 31 up to 731). Default 7. */
  readonly performanceInsightsRetentionDays?: number;
  /** Retention of the exported PostgreSQL logs in CloudWatch Logs. Default 90 days. */
  readonly logRetentionDays?: number;
  /** Physical identifier. Default: `<name>-<environment>`. */
  readonly identifier?: string;
  /**
   * Make this instance a read replica of another PostgresDatabase (built with
   * `readReplicaSource`, or itself a replica for cascading). Default: a primary.
   */
  readonly replicaOf?: PostgresDatabase;
  /**
   * This primary will be the source of read replicas: its master password is generated, kept
   * in a secret under the store's key and rotated, since RDS cannot replicate a source whose
   * password Secrets Manager manages. Default: not a source (Secrets Manager manages the password).
   */
  readonly readReplicaSource?: ReadReplicaSourceOptions;
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
  /**
   * ARN of the Secrets Manager secret holding the master credentials (JSON with username and
   * password): the RDS-managed secret, or the rotated one of a replica source; "" for a replica.
   */
  readonly masterUserSecretArn: pulumi.Output<string>;
  /** The store's own KMS key. */
  readonly kmsKeyArn: pulumi.Output<string>;
  /** Security group of the instance. */
  readonly securityGroupId: pulumi.Output<string>;
  /** "primary" or "replica". */
  readonly role: "primary" | "replica";
  /** Region of the instance. */
  readonly region: string;
  /** Region of the replication source, when a replica. */
  readonly replicaSourceRegion: string | undefined;
  /** The RDS instance (for dependencies, e.g. RDS Proxy targets). */
  readonly instance: aws.rds.Instance;
  /** The master secret's rotation (replica sources only). */
  readonly masterSecretRotation: aws.secretsmanager.SecretRotation | undefined;
  private facts!: Omit<ReplicaSourceFacts, "replicaCount">;
  private replicas = 0;

  /** What a replica of this database is checked against (replicas built so far included). */
  get replicaFacts(): ReplicaSourceFacts {
    return { ...this.facts, replicaCount: this.replicas };
  }

  constructor(name: string, args: PostgresDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    // Validate before registering anything: a refused argument creates nothing.
    const parameters = parameterList(name, args.parameters ?? []);
    const d = POSTGRES_DEFAULTS;
    const replica = args.replicaOf;
    const engineVersion = args.engineVersion ?? d.engineVersion;
    const engineMajor = engineVersion.split(".")[0];
    const parameterValues = Object.fromEntries(parameters.map((p) => [p.name, p.value]));
    if (replica) {
      const given = (Object.keys(PRIMARY_ONLY_ARGUMENTS) as (keyof typeof PRIMARY_ONLY_ARGUMENTS)[]).filter((k) => args[k] !== undefined);
      const problems = replicaProblems(replica.replicaFacts, {
        name,
        region: args.region,
        engineMajor,
        parameters: parameterValues,
        primaryOnlyArguments: given,
        // The component always creates the replica's own key and subnet group in its region.
        hasRegionalKmsKey: true,
        hasSubnetGroup: true,
      });
      if (problems.length > 0) throw new Error(problems.join("; "));
      replica.replicas += 1;
    }
    if (replica && args.readReplicaSource) throw new Error(`${name}: a replica inherits its source's master password; readReplicaSource applies to primaries (cascade by replicating this replica)`);
    if (args.readReplicaSource && !args.network.cidrBlock) throw new Error(`${name}: a read-replica source needs network.cidrBlock (the rotation function's egress)`);
    super("neurastack:aws:PostgresDatabase", name, {}, opts);
    const config = args.context.config;
    const identifier = args.identifier ?? envName(name, config.environment);
    const production = config.environment === "production";
    const backupRetentionDays = replica ? 0 : (args.backupRetentionDays ?? d.backupRetentionDays);
    const databaseName = args.databaseName ?? d.databaseName;
    const masterUsername = args.masterUsername ?? d.masterUsername;

    const key = createDataKey(this, name, args, {
      description: `RDS ${identifier}: storage, Performance Insights, master user secret, exported logs`,
      allowCloudWatchLogs: true,
    });

    const rotated =
      !replica && args.readReplicaSource
        ? new RotatedMasterSecret(this, name, {
            ...args,
            identifier,
            region: args.region,
            username: masterUsername,
            databaseName,
            port: d.port,
            kmsKeyArn: key.arn,
            randomProvider: args.readReplicaSource.randomProvider,
            rotationDays: args.readReplicaSource.rotationDays,
            subnetIds: args.network.subnetIds,
            vpcId: args.network.vpcId,
            vpcCidr: args.network.cidrBlock!,
          })
        : undefined;

    const securityGroup = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        description: `PostgreSQL ${identifier}: ${d.port} from the allowed security groups only`,
        vpcId: args.network.vpcId,
        ingress: [
          { protocol: "tcp", fromPort: d.port, toPort: d.port, securityGroups: args.network.allowedSecurityGroupIds, description: "PostgreSQL from allowed clients" },
          ...(rotated ? [{ protocol: "tcp", fromPort: d.port, toPort: d.port, securityGroups: [rotated.functionSecurityGroup.id], description: "Master password rotation function" }] : []),
        ],
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
        name: `${identifier}-postgres${engineMajor}`,
        family: `postgres${engineMajor}`,
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
      // The guide's maintenance window: first Sunday of the month 02:00-04:00 UTC; RDS takes a weekly slot.
      maintenanceWindow: "sun:03:00-sun:04:00",
      copyTagsToSnapshot: true,
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
          // A replica inherits engine, storage size, credentials and databases from its source;
          // the ARN form works both within and across regions (and with our own subnet group).
          replicateSourceDb: replica.arn,
          // RDS takes no final snapshot of a read replica (the source holds the data), and RDS
          // for PostgreSQL replicas take no automated backups: retention stays 0, no window.
          skipFinalSnapshot: true,
          finalSnapshotIdentifier: undefined,
        }
      : {
          ...common,
          engine: "postgres",
          engineVersion,
          allocatedStorage: args.allocatedStorageGb ?? d.allocatedStorageGb,
          dbName: databaseName,
          username: masterUsername,
          backupRetentionPeriod: backupRetentionDays,
          backupWindow: "02:00-03:00",
          deleteAutomatedBackups: false,
          ...(rotated
            ? // Used once at creation; rotation owns it afterwards (see rotated-master-secret.ts).
              { password: rotated.instancePassword }
            : // Secrets Manager generates and rotates the password: it never enters Pulumi state.
              { manageMasterUserPassword: true, masterUserSecretKmsKeyId: key.arn }),
        };
    const instance = new aws.rds.Instance(
      `${name}-instance`,
      instanceArgs,
      dataOptions(this, args, { dependsOn: [monitoringPolicy, logGroup], ...(rotated ? { ignoreChanges: ["password"] } : {}) }),
    );
    const rotation = rotated?.attach(instance);

    this.arn = instance.arn;
    this.identifier = instance.identifier;
    this.address = instance.address;
    this.port = instance.port;
    this.resourceId = instance.resourceId;
    this.instance = instance;
    this.masterUserSecretArn = rotated ? rotated.secret.arn : instance.masterUserSecrets.apply((secrets) => secrets?.[0]?.secretArn ?? "");
    this.kmsKeyArn = key.arn;
    this.securityGroupId = securityGroup.id;
    this.role = replica ? "replica" : "primary";
    this.region = args.region;
    this.replicaSourceRegion = replica?.region;
    this.facts = {
      name,
      role: this.role,
      region: args.region,
      engineMajor,
      credentials: replica ? "inherited" : rotated ? "rotated-secret" : "secrets-manager-managed",
      backupRetentionDays,
      parameters: parameterValues,
    };
    this.masterSecretRotation = rotation?.rotation;
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
