/**
 * The private ECR registry of one region: a customer-managed KMS key, one repository per image
 * that runs in the region (immutable tags, scan on push, KMS encryption, lifecycle policy), and
 * the registry's replication configuration when this region is the source of a replication
 * group (only to regions of the same jurisdiction).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument } from "./iam/documents";
import { KEY_ROTATION_DAYS } from "./keys";

/** ECR API ReplicationConfiguration: at most 10 rules per registry, 100 destinations and 100 filters per rule. */
export const ECR_REPLICATION_LIMITS = { rules: 10, destinationsPerRule: 100, filtersPerRule: 100 } as const;

export interface LifecycleSettings {
  /** Images kept per repository, newest first. */
  readonly keepImages: number;
  /** Days after which untagged images are deleted. */
  readonly untaggedExpiryDays: number;
}

/**
 * The lifecycle policy of every repository. Untagged images expire first (rule 1); then all but
 * the newest `keepImages` (rule 2). ECR evaluates rules by priority, and a lifecycle policy acts
 * only in its own region, so each replica carries its own (ECR user guide, "Creating a
 * lifecycle policy": "a lifecycle policy can only take an action on repositories in the Region
 * it was created in").
 */
export function lifecyclePolicy(settings: LifecycleSettings): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: `Untagged images expire after ${settings.untaggedExpiryDays} days`,
        selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: settings.untaggedExpiryDays },
        action: { type: "expire" },
      },
      {
        rulePriority: 2,
        description: `Keep the newest ${settings.keepImages} images`,
        selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: settings.keepImages },
        action: { type: "expire" },
      },
    ],
  });
}

/** A replication rule of a source region: these repositories go to these regions. */
export interface ReplicationRule {
  readonly destinations: readonly string[];
  readonly repositories: readonly string[];
}

export interface RegionalContainerRegistryArgs {
  readonly provider: aws.Provider;
  readonly region: string;
  /** Repository names (e.g. `production/snn-fusion/api`), each created once. */
  readonly repositories: readonly string[];
  readonly lifecycle: LifecycleSettings;
  /** Alias of the region's image key, e.g. `alias/production-container-images`. */
  readonly keyAlias: string;
  /** Pulumi `protect` on the key and repositories (production). Default false. */
  readonly protect?: boolean;
}

export class RegionalContainerRegistry extends pulumi.ComponentResource {
  readonly key: aws.kms.Key;
  readonly repositories: ReadonlyMap<string, aws.ecr.Repository>;
  /** Registry host, `<account>.dkr.ecr.<region>.amazonaws.com`. */
  readonly registry: pulumi.Output<string>;
  private readonly account: pulumi.Output<string>;
  private readonly args: RegionalContainerRegistryArgs;
  private readonly componentName: string;
  private replication?: aws.ecr.ReplicationConfiguration;

  constructor(name: string, args: RegionalContainerRegistryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:aws:ContainerRegistry", name, {}, opts);
    this.args = args;
    this.componentName = name;
    const child: pulumi.CustomResourceOptions = { parent: this, provider: args.provider };
    const stateful: pulumi.CustomResourceOptions = { ...child, protect: args.protect ?? false };
    this.account = aws.getCallerIdentityOutput({}, child).accountId;

    // The key must be in the repository's region and named by its full ARN (ECR API,
    // EncryptionConfiguration.kmsKey); encryption settings are immutable once the repository exists.
    this.key = new aws.kms.Key(`${name}-key`, {
      description: `Container images in ECR, ${args.region}`,
      enableKeyRotation: true,
      rotationPeriodInDays: KEY_ROTATION_DAYS,
      deletionWindowInDays: 30,
      policy: this.account.apply((a) => policyDocument([{ Sid: "AccountAdministration", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${a}:root` }, Action: "kms:*", Resource: "*" }])),
      tags: {},
    }, stateful);
    new aws.kms.Alias(`${name}-key-alias`, { name: args.keyAlias, targetKeyId: this.key.keyId }, child);

    const repositories = new Map<string, aws.ecr.Repository>();
    for (const repository of [...new Set(args.repositories)]) {
      const id = `${name}-${repository.replace(/\//g, "-")}`;
      const repo = new aws.ecr.Repository(id, {
        name: repository,
        // Immutable tags: a tag always names the content CI pushed first, so a digest and its tag agree.
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: this.key.arn }],
        forceDelete: false,
        tags: {},
      }, stateful);
      new aws.ecr.LifecyclePolicy(`${id}-lifecycle`, { repository: repo.name, policy: lifecyclePolicy(args.lifecycle) }, child);
      repositories.set(repository, repo);
    }
    this.repositories = repositories;
    this.registry = pulumi.interpolate`${this.account}.dkr.ecr.${args.region}.amazonaws.com`;
    this.registerOutputs({ registry: this.registry, repositories: [...repositories.keys()], keyArn: this.key.arn });
  }

  /**
   * Replicates repositories of this region (a replication source) to other regions of the
   * account. Call once, after the destination repositories exist: they must exist first, or
   * replication creates them with default settings (mutable tags, AES256) and this stack then
   * fails to create them. One replication configuration per registry: it replaces any other.
   */
  replicate(rules: readonly ReplicationRule[], replicas: readonly pulumi.Resource[]): aws.ecr.ReplicationConfiguration | undefined {
    if (this.replication) throw new Error(`${this.args.region}: replicate() was already called; a registry has one replication configuration`);
    const effective = rules.filter((r) => r.destinations.length > 0 && r.repositories.length > 0);
    if (effective.length === 0) return undefined;
    if (effective.length > ECR_REPLICATION_LIMITS.rules) throw new Error(`${this.args.region}: ${effective.length} replication rules; ECR allows ${ECR_REPLICATION_LIMITS.rules} per registry`);
    for (const rule of effective) {
      if (rule.destinations.length > ECR_REPLICATION_LIMITS.destinationsPerRule || rule.repositories.length > ECR_REPLICATION_LIMITS.filtersPerRule) {
        throw new Error(`${this.args.region}: a replication rule has ${rule.destinations.length} destinations and ${rule.repositories.length} filters; ECR allows ${ECR_REPLICATION_LIMITS.destinationsPerRule} and ${ECR_REPLICATION_LIMITS.filtersPerRule}`);
      }
      if (rule.destinations.includes(this.args.region)) throw new Error(`${this.args.region}: a replication rule names its own region as a destination`);
      const unknown = rule.repositories.filter((r) => !this.repositories.has(r));
      if (unknown.length > 0) throw new Error(`${this.args.region}: cannot replicate ${unknown.join(", ")}: no such repository in this region`);
    }
    this.replication = new aws.ecr.ReplicationConfiguration(`${this.componentName}-replication`, {
      replicationConfiguration: {
        rules: effective.map((rule) => ({
          destinations: rule.destinations.map((region) => ({ region, registryId: this.account })),
          // PREFIX_MATCH on a full repository name: that repository (and names it prefixes).
          repositoryFilters: rule.repositories.map((filter) => ({ filter, filterType: "PREFIX_MATCH" })),
        })),
      },
    }, { parent: this, provider: this.args.provider, dependsOn: [...this.repositories.values(), ...replicas] });
    return this.replication;
  }
}
