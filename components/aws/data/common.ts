/**
 * What the AWS data components share: the network a data store lives in, the protection facts
 * read from the stack config, and the customer-managed KMS key each store encrypts with.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { SystemContext } from "../../context";
import type { Labels } from "../../labels";

/** Where a network-attached data store (RDS, ElastiCache) is placed and who may reach it. */
export interface DataNetwork {
  /** VPC of the store (RegionalPlatform.vpcId). */
  readonly vpcId: pulumi.Input<string>;
  /** Private subnets for the subnet group (RegionalPlatform.privateSubnetIds). */
  readonly subnetIds: pulumi.Input<string>[];
  /**
   * Security groups allowed to connect on the store's port (e.g. RegionalPlatform.nodeSecurityGroupId).
   * Nothing else can reach the store: its security group has no other ingress.
   */
  readonly allowedSecurityGroupIds: pulumi.Input<string>[];
  /** CIDR of the VPC (RegionalPlatform.vpcCidr): egress of in-VPC helpers such as a rotation function. */
  readonly cidrBlock?: string;
}

/** Arguments every AWS data component takes. */
export interface DataStoreBaseArgs {
  /** Stack config (protection flags, environment) and the system's labels. */
  readonly context: SystemContext;
  /** The region's AWS provider; every child uses it (DESIGN principle 3). */
  readonly provider: aws.Provider;
  /** Full compliance tags of the store: `dataLabels(system, { classification, jurisdiction, purpose })`. */
  readonly dataLabels: Labels;
}

/** Stateful-resource options: parent, explicit provider and `protect` from the config. */
export function dataOptions(parent: pulumi.Resource, args: DataStoreBaseArgs, extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
  return { ...extra, parent, provider: args.provider, protect: args.context.config.protection.protectResources };
}

/** Options of a stateless child (roles, policies, security groups). */
export function childOptions(parent: pulumi.Resource, args: DataStoreBaseArgs, extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
  return { ...extra, parent, provider: args.provider };
}

export interface DataKeyOptions {
  /** Purpose in the key description, e.g. "RDS snn-fusion-db storage, Performance Insights, master secret". */
  readonly description: string;
  /**
   * Services (besides the account) allowed to use the key through grants or the key policy,
   * e.g. CloudWatch Logs, which cannot use a key through IAM alone. Default: none.
   */
  readonly allowCloudWatchLogs?: boolean;
}

/**
 * A customer-managed KMS key with 90-day rotation and a 30-day deletion window, plus an alias.
 * Each store gets its own key so revoking one store's key never affects another (and a
 * cross-region copy is encrypted under a key that lives in its own region).
 */
export function createDataKey(parent: pulumi.Resource, name: string, args: DataStoreBaseArgs, options: DataKeyOptions): aws.kms.Key {
  let policy: pulumi.Output<string> | undefined;
  if (options.allowCloudWatchLogs) {
    const identity = aws.getCallerIdentityOutput({}, { parent, provider: args.provider });
    const region = aws.getRegionOutput({}, { parent, provider: args.provider });
    policy = pulumi.all([identity.accountId, region.region]).apply(([account, r]) =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Sid: "AccountAdministration", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
          {
            Sid: "CloudWatchLogs",
            Effect: "Allow",
            Principal: { Service: `logs.${r}.amazonaws.com` },
            Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
            Resource: "*",
            Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${r}:${account}:*` } },
          },
        ],
      }),
    );
  }
  const key = new aws.kms.Key(
    `${name}-key`,
    {
      description: options.description,
      enableKeyRotation: true,
      // Rotation every 90 days (the HIPAA pack's maximum; AWS's default is 365).
      rotationPeriodInDays: 90,
      deletionWindowInDays: 30,
      policy,
      tags: args.dataLabels,
    },
    dataOptions(parent, args),
  );
  new aws.kms.Alias(`${name}-key-alias`, { name: `alias/${name}`, targetKeyId: key.keyId }, childOptions(parent, args));
  return key;
}
