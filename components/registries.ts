/**
 * The container registries of a stack, built before (and independently of) the systems, so
 * CI can push the first images and the stack file can pin their digests:
 *   - AWS: per region that runs an image, a private ECR registry with one repository per image
 *     (components/aws/container-registry.ts), replicated only inside each jurisdiction;
 *   - GCP: an Artifact Registry repository for the Convergence API in its project and region
 *     (components/gcp/container-repository.ts).
 * Outputs name every repository and where CI pushes (README, "Container images").
 */
import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { SystemContext } from "./context";
import { RegionalContainerRegistry } from "./aws/container-registry";
import { ContainerRepository } from "./gcp/container-repository";
import { CONVERGENCE_IMAGE, convergenceRepositoryId, ecrPlacements, pushRegions, replicationPlans } from "./registry-catalog";

export interface RegistriesArgs {
  readonly context: SystemContext;
}

export class Registries extends pulumi.ComponentResource {
  /** ECR registries by region. */
  readonly ecr: ReadonlyMap<string, RegionalContainerRegistry>;
  readonly convergence?: ContainerRepository;
  /** Stack outputs: repositories, where to push, which config key pins each image. */
  readonly exports: Record<string, pulumi.Input<unknown>>;

  constructor(name: string, args: RegistriesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:registries:Registries", name, {}, opts);
    const config = args.context.config;
    const protect = config.protection.protectResources;
    const lifecycle = { keepImages: config.registries.keepImages, untaggedExpiryDays: config.registries.untaggedExpiryDays };
    const jurisdiction = new Map(config.regions.map((r) => [r.name, r.jurisdiction]));
    const jurisdictionOf = (region: string) => jurisdiction.get(region) ?? region;

    const placements = ecrPlacements(config);
    const regions = [...new Set(placements.flatMap((p) => p.regions))];
    const ecr = new Map<string, RegionalContainerRegistry>();
    for (const region of regions) {
      const provider = new aws.Provider(`${name}-aws-${region}`, { region }, { parent: this });
      ecr.set(
        region,
        new RegionalContainerRegistry(
          `${name}-${region}`,
          { provider, region, repositories: placements.filter((p) => p.regions.includes(region)).map((p) => p.repository), lifecycle, keyAlias: `alias/${config.environment}-container-images`, protect },
          { parent: this },
        ),
      );
    }
    for (const plan of replicationPlans(placements, jurisdictionOf)) {
      const replicas = plan.rules.flatMap((rule) => rule.destinations.flatMap((region) => rule.repositories.map((repo) => ecr.get(region)!.repositories.get(repo)!)));
      ecr.get(plan.source)!.replicate(plan.rules, replicas);
    }
    this.ecr = ecr;

    const awsExports: Record<string, pulumi.Input<unknown>> = {};
    for (const p of placements) {
      const url = (region: string) => pulumi.interpolate`${ecr.get(region)!.registry}/${p.repository}`;
      awsExports[p.repository] = { configKey: p.key, pushTo: pushRegions(p, jurisdictionOf).map(url), replicas: p.regions.map(url) };
    }
    this.exports = { ecr: awsExports };

    const conv = config.convergence;
    if (conv && config.systems.includes("convergence")) {
      const provider = new gcp.Provider(`${name}-gcp-convergence`, { project: conv.projectId, region: conv.region }, { parent: this });
      this.convergence = new ContainerRepository(
        `${name}-convergence`,
        { provider, project: conv.projectId, location: conv.region, repositoryId: convergenceRepositoryId(conv.nameSuffix), description: "Images of the Convergence API (Cloud Run)", cleanup: lifecycle, protect },
        { parent: this },
      );
      this.exports.convergence = { configKey: CONVERGENCE_IMAGE.key, pushTo: pulumi.interpolate`${this.convergence.url}/${CONVERGENCE_IMAGE.image}` };
    }
    this.registerOutputs(this.exports);
  }
}
