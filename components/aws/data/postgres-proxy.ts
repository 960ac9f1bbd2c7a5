/**
 * RDS Proxy (connection pooling) in front of a PostgresDatabase primary: TLS required, clients
 * authenticate with the application role's Secrets Manager credentials (SCRAM-SHA-256), its own
 * security group (the database admits it; it admits the given clients), and an IAM role that may
 * read exactly those secrets.
 *
 * Constraints handled here (RDS user guide, "Amazon RDS Proxy", quotas and limitations):
 *  - a proxy for an RDS instance targets the writer only (reader endpoints are Aurora-only), so
 *    read replicas are not proxy targets;
 *  - the proxy needs subnets in at least two Availability Zones;
 *  - names: 1-60 letters, digits and hyphens, starting with a letter, no trailing or double hyphen.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { childOptions, type DataStoreBaseArgs } from "./common";
import type { PostgresDatabase } from "./postgres-database";

export interface PostgresProxyArgs extends DataStoreBaseArgs {
  /** Physical proxy name. */
  readonly proxyName: string;
  readonly database: PostgresDatabase;
  /** Private subnets (two or more AZs). */
  readonly subnetIds: pulumi.Input<string>[];
  /** The proxy's security group (created by the caller so the database can admit it first; it admits the clients). */
  readonly securityGroupId: pulumi.Input<string>;
  /** Secrets of the roles clients log in as (JSON {"username","password"}) and their KMS key. */
  readonly credentialSecretArns: pulumi.Input<string>[];
  readonly secretsKmsKeyArn: pulumi.Input<string>;
  readonly pool: { readonly maxConnectionsPercent: number; readonly maxIdleConnectionsPercent: number; readonly connectionBorrowTimeoutSeconds: number; readonly idleClientTimeoutSeconds: number };
  readonly region: string;
}

/** Problems of a proxy request RDS would refuse. */
export function proxyProblems(args: Pick<PostgresProxyArgs, "proxyName" | "pool"> & { readonly subnetCount: number; readonly targetRole: "primary" | "replica" }): string[] {
  const problems: string[] = [];
  if (!/^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,59}$/.test(args.proxyName) || args.proxyName.endsWith("-")) problems.push(`proxy name ${JSON.stringify(args.proxyName)} must be 1-60 letters, digits, hyphens, start with a letter, no double or trailing hyphen`);
  if (args.subnetCount < 2) problems.push(`RDS Proxy needs subnets in at least two Availability Zones (got ${args.subnetCount})`);
  if (args.targetRole !== "primary") problems.push("RDS Proxy targets the writer of an RDS instance only; read replicas cannot be proxy targets");
  if (args.pool.maxIdleConnectionsPercent > args.pool.maxConnectionsPercent) problems.push("maxIdleConnectionsPercent exceeds maxConnectionsPercent");
  if (args.pool.idleClientTimeoutSeconds < 1 || args.pool.idleClientTimeoutSeconds > 28800) problems.push("idleClientTimeout must be 1-28800 seconds");
  if (args.pool.connectionBorrowTimeoutSeconds < 0 || args.pool.connectionBorrowTimeoutSeconds > 3600) problems.push("connectionBorrowTimeout must be 0-3600 seconds");
  return problems;
}

export class PostgresProxy extends pulumi.ComponentResource {
  readonly endpoint: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;

  constructor(name: string, args: PostgresProxyArgs, opts?: pulumi.ComponentResourceOptions) {
    const problems = proxyProblems({ proxyName: args.proxyName, pool: args.pool, subnetCount: args.subnetIds.length, targetRole: args.database.role });
    if (problems.length > 0) throw new Error(`${name}: ${problems.join("; ")}`);
    super("neurastack:aws:PostgresProxy", name, {}, opts);
    const child = childOptions(this, args);
    const role = new aws.iam.Role(
      `${name}-role`,
      {
        description: `RDS Proxy ${args.proxyName}: reads the credentials clients log in with`,
        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "rds.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
        tags: {},
      },
      child,
    );
    const policy = new aws.iam.RolePolicy(
      `${name}-secrets`,
      {
        role: role.id,
        policy: pulumi.all([pulumi.all(args.credentialSecretArns), args.secretsKmsKeyArn]).apply(([secrets, key]) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              { Sid: "ReadCredentials", Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: secrets },
              { Sid: "DecryptCredentials", Effect: "Allow", Action: "kms:Decrypt", Resource: key, Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${args.region}.amazonaws.com` } } },
            ],
          }),
        ),
      },
      child,
    );
    const proxy = new aws.rds.Proxy(
      `${name}-proxy`,
      {
        name: args.proxyName,
        engineFamily: "POSTGRESQL",
        roleArn: role.arn,
        vpcSubnetIds: args.subnetIds,
        vpcSecurityGroupIds: [args.securityGroupId],
        requireTls: true,
        idleClientTimeout: args.pool.idleClientTimeoutSeconds,
        debugLogging: false,
        auths: pulumi.output(args.credentialSecretArns).apply((arns) => arns.map((secretArn) => ({ authScheme: "SECRETS", secretArn, iamAuth: "DISABLED", clientPasswordAuthType: "POSTGRES_SCRAM_SHA_256" }))),
        tags: args.dataLabels,
      },
      { ...child, dependsOn: [policy] },
    );
    const group = new aws.rds.ProxyDefaultTargetGroup(
      `${name}-pool`,
      {
        dbProxyName: proxy.name,
        connectionPoolConfig: {
          maxConnectionsPercent: args.pool.maxConnectionsPercent,
          maxIdleConnectionsPercent: args.pool.maxIdleConnectionsPercent,
          connectionBorrowTimeout: args.pool.connectionBorrowTimeoutSeconds,
        },
      },
      child,
    );
    new aws.rds.ProxyTarget(`${name}-target`, { dbProxyName: proxy.name, targetGroupName: group.name, dbInstanceIdentifier: args.database.identifier }, { ...child, dependsOn: [args.database.instance] });
    this.endpoint = proxy.endpoint;
    this.arn = proxy.arn;
    this.registerOutputs({ endpoint: this.endpoint, arn: this.arn });
  }
}
