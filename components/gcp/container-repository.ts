/**
 * A Docker repository in Artifact Registry for a system's images: encrypted with its own
 * customer-managed key (in the repository's location, granted to the Artifact Registry service
 * agent only), immutable tags, and cleanup policies. It enables the APIs it needs itself, so
 * it can be built before the system it serves (the registries bootstrap phase).
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { KmsKeyRing } from "./kms-key-ring";
import { ProjectServices } from "./project-services";
import { ServiceAgents } from "./service-agents";

const DAY_SECONDS = 86_400;

/** Artifact Registry repository ids: 1-63 lowercase letters, digits, hyphens, starting with a letter, not ending with a hyphen. */
export const REPOSITORY_ID = /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export interface CleanupSettings {
  /** Versions (digests) kept per image, newest first. */
  readonly keepImages: number;
  /** Days after which untagged versions are deleted (unless among the newest `keepImages`). */
  readonly untaggedExpiryDays: number;
}

/**
 * Cleanup policies: delete untagged versions after N days and every version beyond the newest
 * `keepImages`. A version matching a KEEP and a DELETE policy is kept (Artifact Registry,
 * "Configure cleanup policies"), so the newest versions always survive.
 */
export function cleanupPolicies(settings: CleanupSettings): gcp.types.input.artifactregistry.RepositoryCleanupPolicy[] {
  return [
    { id: "delete-untagged", action: "DELETE", condition: { tagState: "UNTAGGED", olderThan: `${settings.untaggedExpiryDays * DAY_SECONDS}s` } },
    { id: "delete-beyond-kept", action: "DELETE", condition: { tagState: "ANY" } },
    { id: "keep-newest", action: "KEEP", mostRecentVersions: { keepCount: settings.keepImages } },
  ];
}

export interface ContainerRepositoryArgs {
  readonly provider: gcp.Provider;
  readonly project: pulumi.Input<string>;
  /** Region of the repository and of its key (a CMEK key must share the repository's location). */
  readonly location: string;
  readonly repositoryId: string;
  readonly description: string;
  readonly cleanup: CleanupSettings;
  /** Pulumi `protect` and deletion prevention on the repository and key ring (production). Default false. */
  readonly protect?: boolean;
}

export class ContainerRepository extends pulumi.ComponentResource {
  readonly repository: gcp.artifactregistry.Repository;
  /** Docker host and path to push to: `<location>-docker.pkg.dev/<project>/<repositoryId>`. */
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: ContainerRepositoryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:gcp:ContainerRepository", name, {}, opts);
    if (!REPOSITORY_ID.test(args.repositoryId)) throw new Error(`${name}: ${JSON.stringify(args.repositoryId)} is not an Artifact Registry repository id (1-63 lowercase letters, digits, hyphens)`);
    const protect = args.protect ?? false;
    const apis = new ProjectServices(`${name}-apis`, { provider: args.provider, project: args.project, services: ["artifactregistry.googleapis.com", "cloudkms.googleapis.com"] }, { parent: this });
    const ready = Object.values(apis.services);
    const agents = new ServiceAgents(`${name}-agents`, { provider: args.provider, project: args.project, agents: ["artifactRegistry"], dependsOn: ready }, { parent: this });
    const keys = new KmsKeyRing(`${name}-keys`, {
      provider: args.provider,
      project: args.project,
      location: args.location,
      ringName: `${args.repositoryId}-images`,
      keys: { images: { kind: "cmek", encrypters: { "artifact-registry": agents.member("artifactRegistry") } } },
      protect,
      dependsOn: ready,
    }, { parent: this });

    this.repository = new gcp.artifactregistry.Repository(`${name}-repository`, {
      project: args.project,
      location: args.location,
      repositoryId: args.repositoryId,
      format: "DOCKER",
      description: args.description,
      // The key is fixed at creation (changing it replaces the repository and its images).
      kmsKeyName: keys.key("images").id,
      dockerConfig: { immutableTags: true },
      cleanupPolicies: cleanupPolicies(args.cleanup),
      cleanupPolicyDryRun: false,
      deletionPolicy: protect ? "PREVENT" : "DELETE",
      labels: {},
    }, { parent: this, provider: args.provider, protect, dependsOn: [...ready, ...keys.ready("images")] });
    this.url = pulumi.interpolate`${args.location}-docker.pkg.dev/${this.repository.project}/${this.repository.repositoryId}`;
    this.registerOutputs({ url: this.url });
  }
}
