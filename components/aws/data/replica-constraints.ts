/**
 * What RDS accepts on a PostgreSQL read replica, as a pure check over the facts of a replica
 * and its source. PostgresDatabase runs it before registering anything, so an argument RDS
 * would reject (or silently ignore, which shows up as a perpetual diff) never reaches an update.
 * Each rule names where it is written.
 */

/** Largest number of read replicas RDS for PostgreSQL allows per source instance. */
export const MAX_READ_REPLICAS_PER_SOURCE = 15;

/**
 * Hot-standby settings a replica must not set below its source: PostgreSQL refuses to start a
 * standby whose value is lower than the primary's (PostgreSQL 15 docs, "Hot Standby", 27.4.3).
 */
export const STANDBY_MINIMUM_PARAMETERS = ["max_connections", "max_worker_processes", "max_prepared_transactions", "max_locks_per_transaction", "max_wal_senders"] as const;

/** Facts of the source a replica is built from (PostgresDatabase.replicaFacts). */
export interface ReplicaSourceFacts {
  readonly name: string;
  readonly role: "primary" | "replica";
  readonly region: string;
  /** Major engine version, e.g. "15". */
  readonly engineMajor: string;
  /** How the source's master password is kept. */
  readonly credentials: "secrets-manager-managed" | "rotated-secret" | "inherited";
  readonly backupRetentionDays: number;
  /** Parameter group entries of the source (name -> value). */
  readonly parameters: Readonly<Record<string, string>>;
  /** Replicas already built from this source. */
  readonly replicaCount: number;
}

/** What the replica is asked to be. */
export interface ReplicaRequest {
  readonly name: string;
  readonly region: string;
  readonly engineMajor: string;
  readonly parameters: Readonly<Record<string, string>>;
  /** Arguments given that only a primary takes (dbName, username, allocatedStorage, backups...). */
  readonly primaryOnlyArguments: readonly string[];
  /** A KMS key of the replica's own region for storage encryption. */
  readonly hasRegionalKmsKey: boolean;
  /** A DB subnet group in the replica's region. */
  readonly hasSubnetGroup: boolean;
}

/** Arguments a PostgresDatabase accepts for a primary that a replica must not be given. */
export const PRIMARY_ONLY_ARGUMENTS = {
  // Terraform aws_db_instance: "Cannot be specified for a replica" (db_name, username).
  databaseName: "dbName cannot be specified for a replica (it inherits the source's databases)",
  masterUsername: "username cannot be specified for a replica (it inherits the source's users)",
  // Terraform aws_db_instance allocated_storage: "If replicate_source_db is set, the value is
  // ignored during the creation of the instance" (every later plan would show a diff).
  allocatedStorageGb: "allocatedStorage is ignored when a replica is created (it starts with the source's size)",
  // RDS "Working with DB instance read replicas", differences between engines: RDS for
  // PostgreSQL read replicas take no automated backups (manual snapshots only).
  backupRetentionDays: "automated backups are not supported on RDS for PostgreSQL read replicas (backupRetentionPeriod must stay 0)",
} as const;

/** Every reason RDS would refuse (or ignore) this replica; empty when it is acceptable. */
export function replicaProblems(source: ReplicaSourceFacts, replica: ReplicaRequest): string[] {
  const problems: string[] = [];
  const where = `${replica.name} (replica of ${source.name})`;
  // RDS user guide, "Limitations for Secrets Manager integration with Amazon RDS": creating a
  // read replica is not supported when the source manages its master password with Secrets
  // Manager (all engines but SQL Server).
  if (source.credentials === "secrets-manager-managed") {
    problems.push(`${where}: RDS cannot create a read replica of a source whose master password Secrets Manager manages; build the source with readReplicaSource (rotated secret)`);
  }
  // CreateDBInstanceReadReplica: the source must have automated backups (retention > 0);
  // Terraform backup_retention_period: "Must be greater than 0 if the database is used as a source for a Read Replica".
  if (source.role === "primary" && source.backupRetentionDays < 1) {
    problems.push(`${where}: the source has automated backups off (backupRetentionDays ${source.backupRetentionDays}); a replica source needs at least 1`);
  }
  // RDS for PostgreSQL read replica limitations: cascading replicas only from 14.1 on.
  if (source.role === "replica" && Number(source.engineMajor) < 14) {
    problems.push(`${where}: cascading read replicas need RDS for PostgreSQL 14.1 or later (source runs ${source.engineMajor})`);
  }
  // A replica runs its source's engine version; its parameter group family must match it.
  if (replica.engineMajor !== source.engineMajor) {
    problems.push(`${where}: engine ${replica.engineMajor} differs from the source's ${source.engineMajor}; the replica's parameter group family (postgres${replica.engineMajor}) would not apply`);
  }
  // RDS quotas: up to 15 read replicas per RDS for PostgreSQL source.
  if (source.replicaCount >= MAX_READ_REPLICAS_PER_SOURCE) {
    problems.push(`${where}: the source already has ${source.replicaCount} read replicas, the RDS for PostgreSQL maximum is ${MAX_READ_REPLICAS_PER_SOURCE}`);
  }
  const crossRegion = replica.region !== source.region;
  // Terraform aws_db_instance storage_encrypted / kms_key_id: a cross-region replica of an
  // encrypted source ignores storage_encrypted and needs a KMS key of the destination region.
  if (crossRegion && !replica.hasRegionalKmsKey) {
    problems.push(`${where}: a cross-region replica of an encrypted source needs a KMS key in ${replica.region}`);
  }
  // Terraform aws_db_instance db_subnet_group_name: a cross-region replica without one lands in
  // the destination region's default subnet group (the default VPC), not the platform's.
  if (crossRegion && !replica.hasSubnetGroup) {
    problems.push(`${where}: a cross-region replica needs a DB subnet group in ${replica.region}`);
  }
  for (const argument of replica.primaryOnlyArguments) {
    const reason = PRIMARY_ONLY_ARGUMENTS[argument as keyof typeof PRIMARY_ONLY_ARGUMENTS] ?? `${argument} applies to primaries only`;
    problems.push(`${where}: ${reason}`);
  }
  for (const parameter of STANDBY_MINIMUM_PARAMETERS) {
    const own = replica.parameters[parameter];
    const theirs = source.parameters[parameter];
    if (theirs !== undefined && (own === undefined || Number(own) < Number(theirs))) {
      problems.push(`${where}: ${parameter} ${own ?? "(engine default)"} is below the source's ${theirs}; a hot standby refuses to start with it`);
    }
  }
  return problems;
}
