/**
 * The master password of an RDS primary that has read replicas. RDS refuses to create a read
 * replica of a source whose master password Secrets Manager manages (RDS user guide,
 * "Limitations for Secrets Manager integration"), so such a primary gets:
 *
 *  - a generated password (@pulumi/random, 40 alphanumerics) passed to RDS once, at creation;
 *  - a Secrets Manager secret under the store's own KMS key holding the RDS secret shape
 *    {engine, host, port, username, password, dbname, dbInstanceIdentifier};
 *  - rotation by the AWS-published single-user rotation function for RDS PostgreSQL (Serverless
 *    Application Repository SecretsManagerRDSPostgreSQLRotationSingleUser, pinned), every
 *    `rotationDays`, and immediately on creation.
 *
 * What Pulumi state then holds: the generated password, encrypted as a Pulumi secret (the
 * RandomPassword result, the instance's `password` input and the first secret version). The
 * immediate first rotation makes that value stale minutes after the update; `ignoreChanges` on
 * the instance's `password` and on the secret version keeps Pulumi from ever writing it back.
 * The first version also carries a custom staging label so Secrets Manager never deletes it
 * after later rotations (which would make Pulumi recreate it with the stale password:
 * terraform-provider-aws #37302, #25168; terraform-aws-modules/terraform-aws-secrets-manager #24).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { childOptions, dataOptions, type DataStoreBaseArgs } from "./common";

/** The AWS-published rotation function (Secrets Manager user guide, "Rotation function templates"). */
export const ROTATION_APPLICATION = {
  applicationId: "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationSingleUser",
  semanticVersion: "1.1.305",
} as const;

/** Default days between rotations (the HIPAA pack's maximum rotation age is 90). */
export const DEFAULT_ROTATION_DAYS = 30;

/**
 * Characters the generated and rotated passwords never contain: what RDS refuses in a master
 * password ('/', '"', '@', space; RDS CreateDBInstance MasterUserPassword) plus quotes and
 * shell/JSON metacharacters, so the secret can be read by simple tools (the role bootstrap Job).
 */
export const EXCLUDED_PASSWORD_CHARACTERS = " %+~`#$&*()|[]{}:;<>?!'/@\"\\";

/** Days between rotations: the argument, else the stack's `security.secretRotationDays`, else 30. */
function rotationDaysOf(args: RotatedMasterSecretArgs): number {
  return args.rotationDays ?? args.context.config.security?.secretRotationDays ?? DEFAULT_ROTATION_DAYS;
}

/** Staging label that keeps the first secret version alive through rotations. */
export const PULUMI_STAGE = "PULUMI_INITIAL";

export interface RotatedMasterSecretArgs extends DataStoreBaseArgs {
  readonly identifier: string;
  readonly region: string;
  readonly username: string;
  readonly databaseName: string;
  readonly port: number;
  /** The store's KMS key (secret encryption, the rotation function's decrypt grant). */
  readonly kmsKeyArn: pulumi.Input<string>;
  readonly randomProvider: random.Provider;
  /** Days between rotations. Default: config `security.secretRotationDays` (30). */
  readonly rotationDays?: number;
  /** Private subnets and VPC of the database (the rotation function runs there). */
  readonly subnetIds: pulumi.Input<string>[];
  readonly vpcId: pulumi.Input<string>;
  /** CIDR of the VPC: the function's only PostgreSQL egress. */
  readonly vpcCidr: string;
}

/** Before the instance: the password and the secret's container; after it: the first version and rotation. */
export class RotatedMasterSecret {
  readonly password: random.RandomPassword;
  readonly secret: aws.secretsmanager.Secret;
  /** Security group of the rotation function; the database must admit it on 5432. */
  readonly functionSecurityGroup: aws.ec2.SecurityGroup;

  constructor(
    private readonly parent: pulumi.Resource,
    private readonly name: string,
    private readonly args: RotatedMasterSecretArgs,
  ) {
    const rotationDays = rotationDaysOf(args);
    if (!Number.isInteger(rotationDays) || rotationDays < 1 || rotationDays > 1000) {
      // Secrets Manager rotation rules: AutomaticallyAfterDays 1-1000.
      throw new Error(`${name}: rotationDays ${rotationDays} is outside 1-1000 (Secrets Manager RotationRules)`);
    }
    this.password = new random.RandomPassword(`${name}-master-password`, { length: 40, special: false }, { parent, provider: args.randomProvider });
    this.secret = new aws.secretsmanager.Secret(
      `${name}-master-secret`,
      {
        // Auto-named (random suffix): a deleted secret's name stays reserved for its recovery
        // window (Secrets Manager DeleteSecret), so a replacement under a fixed name would fail.
        description: `Master user of RDS ${args.identifier} (rotated every ${rotationDays} days; the source of read replicas)`,
        kmsKeyId: args.kmsKeyArn,
        recoveryWindowInDays: 30,
        tags: args.dataLabels,
      },
      dataOptions(parent, args),
    );
    this.functionSecurityGroup = new aws.ec2.SecurityGroup(
      `${name}-rotation-sg`,
      {
        description: `Rotation function of ${args.identifier}: PostgreSQL in the VPC and the Secrets Manager API only`,
        vpcId: args.vpcId,
        ingress: [],
        egress: [
          { protocol: "tcp", fromPort: args.port, toPort: args.port, cidrBlocks: [args.vpcCidr], description: "PostgreSQL" },
          { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "Secrets Manager API (VPC endpoint or NAT)" },
        ],
        tags: {},
      },
      childOptions(parent, args),
    );
  }

  /** The instance's password argument: a Pulumi secret, used once at creation. */
  get instancePassword(): pulumi.Output<string> {
    return pulumi.secret(this.password.result);
  }

  /** First secret version and the rotation, once the instance (its address) exists. */
  attach(instance: aws.rds.Instance): { rotation: aws.secretsmanager.SecretRotation; version: aws.secretsmanager.SecretVersion } {
    const { parent, name, args } = this;
    const secretString = pulumi
      .all([instance.address, this.password.result])
      .apply(([host, password]) =>
        JSON.stringify({ engine: "postgres", host, port: args.port, username: args.username, password, dbname: args.databaseName, dbInstanceIdentifier: args.identifier }),
      );
    const version = new aws.secretsmanager.SecretVersion(
      `${name}-master-secret-initial`,
      { secretId: this.secret.id, secretString: pulumi.secret(secretString), versionStages: ["AWSCURRENT", PULUMI_STAGE] },
      // Rotation owns the value and AWSCURRENT from the first rotation on.
      childOptions(parent, args, { ignoreChanges: ["secretString", "versionStages"] }),
    );
    const functionName = `${args.identifier}-rotation`.slice(0, 64);
    const application = new aws.serverlessrepository.CloudFormationStack(
      `${name}-rotation-function`,
      {
        name: functionName,
        applicationId: ROTATION_APPLICATION.applicationId,
        semanticVersion: ROTATION_APPLICATION.semanticVersion,
        // The template creates the function's role and its invoke permission for Secrets Manager.
        capabilities: ["CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"],
        parameters: {
          functionName,
          endpoint: `https://secretsmanager.${args.region}.amazonaws.com`,
          vpcSubnetIds: pulumi.all(args.subnetIds).apply((ids) => ids.join(",")),
          vpcSecurityGroupIds: this.functionSecurityGroup.id,
          kmsKeyArn: args.kmsKeyArn,
          excludeCharacters: EXCLUDED_PASSWORD_CHARACTERS,
        },
        tags: {},
      },
      childOptions(parent, args),
    );
    const rotation = new aws.secretsmanager.SecretRotation(
      `${name}-master-rotation`,
      {
        secretId: this.secret.id,
        rotationLambdaArn: application.outputs.apply((o) => o?.RotationLambdaARN ?? ""),
        rotationRules: { automaticallyAfterDays: rotationDaysOf(args) },
        // The generated password in state is stale as soon as this first rotation finishes.
        rotateImmediately: true,
      },
      childOptions(parent, args, { dependsOn: [version, instance] }),
    );
    return { rotation, version };
  }
}
