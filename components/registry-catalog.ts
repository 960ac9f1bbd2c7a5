/**
 * Which container repositories a stack needs, where, and how they replicate. Pure (no Pulumi
 * resources): the Registries component builds from it, the systems use it to pull each image
 * from the replica in their own region, and tests read it directly.
 */
import type { StackConfig } from "../stacks/schema";
import { regionalImage } from "../stacks/images";
import type { SystemName } from "../stacks/sections/core";

/** An image this stack builds into its own ECR repositories: the config key that pins it and the repository it lives in. */
export interface EcrImage {
  readonly system: SystemName;
  /** Config key of the image (stacks/readiness.ts declares it). */
  readonly key: string;
  /** Repository name without the environment prefix. */
  readonly image: string;
}

export const ECR_IMAGES: readonly EcrImage[] = [
  { system: "snnFusion", key: "snnFusion.image", image: "snn-fusion/api" },
  { system: "snnFusion", key: "snnFusion.gpuImage", image: "snn-fusion/gpu-inference" },
  { system: "nca", key: "nca.apiImage", image: "nca/api" },
  { system: "nca", key: "nca.workerImage", image: "nca/worker" },
  { system: "zkpLedger", key: "zkpLedger.image", image: "zkp-ledger/node" },
];

/** The Convergence API image lives in Artifact Registry, in the system's project and region. */
export const CONVERGENCE_IMAGE = { system: "convergence", key: "convergence.image", image: "convergence-api" } as const;

/** `<environment>/<image>`: staging and production may share an account without sharing images. */
export function ecrRepositoryName(environment: string, image: string): string {
  return `${environment}/${image}`;
}

/** Artifact Registry repository of the Convergence API: `convergence-api-<suffix>`, as its service. */
export function convergenceRepositoryId(nameSuffix: string): string {
  return `convergence-api-${nameSuffix}`;
}

export interface EcrPlacement extends EcrImage {
  readonly repository: string;
  /** Regions the image runs in, in platform order. */
  readonly regions: readonly string[];
}

/** Each ECR image of an enabled system with the regions that run it. */
export function ecrPlacements(config: Pick<StackConfig, "environment" | "systems" | "regions" | "nca" | "zkpLedger">): EcrPlacement[] {
  const regionsOf = (system: SystemName): string[] => {
    if (!config.systems.includes(system)) return [];
    if (system === "snnFusion") return config.regions.map((r) => r.name);
    if (system === "nca") return config.nca ? [config.nca.cluster] : [];
    if (system === "zkpLedger") return config.zkpLedger ? [config.zkpLedger.cluster] : [];
    return [];
  };
  return ECR_IMAGES.map((image) => ({ ...image, repository: ecrRepositoryName(config.environment, image.image), regions: regionsOf(image.system) })).filter((p) => p.regions.length > 0);
}

/** Names of the stack's ECR repositories. */
export function managedRepositories(config: Parameters<typeof ecrPlacements>[0]): ReadonlySet<string> {
  return new Set(ecrPlacements(config).map((p) => p.repository));
}

/** An image key's reference as a workload in `region` pulls it (its replica there, when the stack manages the repository). */
export function imageIn(config: Parameters<typeof ecrPlacements>[0], reference: string, region: string): string {
  return regionalImage(reference, region, managedRepositories(config));
}

/** Per source region, the replication rules: which repositories go to which regions. */
export interface ReplicationPlan {
  readonly source: string;
  readonly rules: readonly { readonly destinations: readonly string[]; readonly repositories: readonly string[] }[];
}

/**
 * Replication inside each jurisdiction only: the regions of a repository are grouped by their
 * jurisdiction (platform order); the first region of a group is where CI pushes, the others
 * receive replicas. A repository in one region of a jurisdiction is not replicated.
 */
export function replicationPlans(placements: readonly EcrPlacement[], jurisdictionOf: (region: string) => string): ReplicationPlan[] {
  const bySource = new Map<string, Map<string, string[]>>();
  for (const p of placements) {
    const groups = new Map<string, string[]>();
    for (const region of p.regions) groups.set(jurisdictionOf(region), [...(groups.get(jurisdictionOf(region)) ?? []), region]);
    for (const [source, ...destinations] of groups.values()) {
      if (destinations.length === 0) continue;
      const rules = bySource.get(source) ?? new Map<string, string[]>();
      const key = destinations.join(",");
      rules.set(key, [...(rules.get(key) ?? []), p.repository]);
      bySource.set(source, rules);
    }
  }
  return [...bySource.entries()].map(([source, rules]) => ({ source, rules: [...rules.entries()].map(([key, repositories]) => ({ destinations: key.split(","), repositories })) }));
}

/** Regions CI pushes a repository to: the first region of each jurisdiction group. */
export function pushRegions(placement: EcrPlacement, jurisdictionOf: (region: string) => string): string[] {
  const seen = new Set<string>();
  return placement.regions.filter((r) => {
    const j = jurisdictionOf(r);
    if (seen.has(j)) return false;
    seen.add(j);
    return true;
  });
}
