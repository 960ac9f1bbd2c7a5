/**
 * The container registries: an ECR repository per image per region that runs it (immutable
 * tags, scan on push, a regional KMS key, lifecycle policy), replication only inside each
 * jurisdiction, an Artifact Registry repository for the Convergence API (CMEK in its location,
 * cleanup policies), outputs naming where CI pushes, the bootstrap phase, and each region's
 * workloads pulling from their own replica.
 */
import { ecrPlacements, replicationPlans } from "../components/registry-catalog";
import { lifecyclePolicy } from "../components/aws/container-registry";
import { cleanupPolicies } from "../components/gcp/container-repository";
import { planStack, resourceOf, resourcesOf, type Plan } from "./harness";

const PROD_REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1", "ap-northeast-1"];

/** The region of the AWS provider a resource was registered with (the recorded provider reference is its URN). */
const regionOf = (plan: Plan, provider: string | null): string | undefined => plan.run.resources.find((r) => r.urn === provider)?.inputs.region as string | undefined;

describe("ECR repositories (production)", () => {
  test("one repository per image per region that runs it", async () => {
    const plan = await planStack("production");
    const repos = resourcesOf(plan, "aws:ecr/repository:Repository").map((r) => `${regionOf(plan, r.provider)} ${r.inputs.name}`).sort();
    const expected = [
      ...PROD_REGIONS.flatMap((region) => [`${region} production/snn-fusion/api`, `${region} production/snn-fusion/gpu-inference`]),
      "us-east-1 production/nca/api",
      "us-east-1 production/nca/worker",
      "us-east-1 production/zkp-ledger/node",
    ].sort();
    expect(repos).toEqual(expected);
  });

  test("immutable tags, scan on push, KMS with the region's own rotated key, protected, with a lifecycle policy", async () => {
    const plan = await planStack("production");
    const keys = resourcesOf(plan, "aws:kms/key:Key", /^registries-/);
    expect(keys).toHaveLength(PROD_REGIONS.length);
    for (const key of keys) expect(key.inputs).toMatchObject({ enableKeyRotation: true, rotationPeriodInDays: 90 });
    const policies = resourcesOf(plan, "aws:ecr/lifecyclePolicy:LifecyclePolicy");
    for (const repo of resourcesOf(plan, "aws:ecr/repository:Repository")) {
      expect(repo.inputs).toMatchObject({ imageTagMutability: "IMMUTABLE", imageScanningConfiguration: { scanOnPush: true }, forceDelete: false });
      expect(repo.options.protect).toBe(true);
      const [encryption] = repo.inputs.encryptionConfigurations as { encryptionType: string; kmsKey: string }[];
      expect(encryption.encryptionType).toBe("KMS");
      const key = keys.find((k) => k.provider === repo.provider)!;
      expect(key.options.protect).toBe(true);
      expect(repo.dependencies).toContain(key.urn);
      expect(policies.filter((p) => p.name === `${repo.name}-lifecycle`)).toHaveLength(1);
    }
    const rules = JSON.parse(policies[0].inputs.policy as string).rules;
    expect(rules.map((r: { selection: unknown }) => r.selection)).toEqual([
      { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 14 },
      { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 200 },
    ]);
  });

  test("replication stays inside each jurisdiction and waits for its replicas", async () => {
    const plan = await planStack("production");
    const configs = resourcesOf(plan, "aws:ecr/replicationConfiguration:ReplicationConfiguration");
    const edges = configs.flatMap((c) => {
      const source = regionOf(plan, c.provider);
      const rules = (c.inputs.replicationConfiguration as { rules: { destinations: { region: string }[]; repositoryFilters: { filter: string; filterType: string }[] }[] }).rules;
      return rules.flatMap((rule) => rule.destinations.map((d) => `${source} -> ${d.region}: ${rule.repositoryFilters.map((f) => `${f.filterType} ${f.filter}`).join(", ")}`));
    });
    // us-east-1/us-west-2 are CCPA, eu-west-1/eu-central-1 GDPR; Singapore (PDPA) and Tokyo stand alone.
    expect(edges.sort()).toEqual([
      "eu-west-1 -> eu-central-1: PREFIX_MATCH production/snn-fusion/api, PREFIX_MATCH production/snn-fusion/gpu-inference",
      "us-east-1 -> us-west-2: PREFIX_MATCH production/snn-fusion/api, PREFIX_MATCH production/snn-fusion/gpu-inference",
    ]);
    for (const c of configs) {
      const source = regionOf(plan, c.provider);
      const replicas = resourcesOf(plan, "aws:ecr/repository:Repository").filter((r) => regionOf(plan, r.provider) !== source && (r.inputs.name as string).startsWith("production/snn-fusion/") && ["us-west-2", "eu-central-1"].includes(regionOf(plan, r.provider)!));
      const destinations = (c.inputs.replicationConfiguration as { rules: { destinations: { region: string }[] }[] }).rules.flatMap((r) => r.destinations.map((d) => d.region));
      for (const replica of replicas.filter((r) => destinations.includes(regionOf(plan, r.provider)!))) expect(c.dependencies).toContain(replica.urn);
    }
  });

  test("replication plans never join jurisdictions, whatever the region order", () => {
    const placements = [{ system: "snnFusion" as const, key: "snnFusion.image", image: "snn-fusion/api", repository: "p/snn-fusion/api", regions: ["eu-west-1", "us-east-1", "eu-central-1", "us-west-2", "eu-west-3"] }];
    const jurisdiction: Record<string, string> = { "eu-west-1": "gdpr", "eu-central-1": "gdpr", "eu-west-3": "gdpr", "us-east-1": "ccpa", "us-west-2": "ccpa" };
    const plans = replicationPlans(placements, (r) => jurisdiction[r]);
    expect(plans).toEqual([
      { source: "eu-west-1", rules: [{ destinations: ["eu-central-1", "eu-west-3"], repositories: ["p/snn-fusion/api"] }] },
      { source: "us-east-1", rules: [{ destinations: ["us-west-2"], repositories: ["p/snn-fusion/api"] }] },
    ]);
    for (const p of plans) for (const rule of p.rules) for (const d of rule.destinations) expect(jurisdiction[d]).toBe(jurisdiction[p.source]);
  });

  test("outputs name every repository, where CI pushes and the key that pins it", async () => {
    const plan = await planStack("production");
    const ecr = (plan.run.outputs.registries as { ecr: Record<string, { configKey: string; pushTo: string[]; replicas: string[] }> }).ecr;
    expect(Object.keys(ecr).sort()).toEqual(["production/nca/api", "production/nca/worker", "production/snn-fusion/api", "production/snn-fusion/gpu-inference", "production/zkp-ledger/node"]);
    expect(ecr["production/snn-fusion/api"].configKey).toBe("snnFusion.image");
    expect(ecr["production/snn-fusion/api"].pushTo.map((u) => u.split(".")[3])).toEqual(["us-east-1", "eu-west-1", "ap-southeast-1", "ap-northeast-1"]);
    expect(ecr["production/snn-fusion/api"].replicas).toHaveLength(6);
    expect(ecr["production/nca/api"].pushTo[0]).toMatch(/^\d{12}\.dkr\.ecr\.us-east-1\.amazonaws\.com\/production\/nca\/api$/);
  });
});

describe("SNN-Fusion workloads pull from their own region's replica", () => {
  test("every region's API Deployment names its region's registry", async () => {
    const plan = await planStack("production");
    const apis = resourcesOf(plan, "kubernetes:apps/v1:Deployment").filter((r) => JSON.stringify(r.inputs).includes("/production/snn-fusion/api@"));
    const hosts = apis.map((r) => ({ name: r.name, region: /\d{12}\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/production\/snn-fusion\/api@/.exec(JSON.stringify(r.inputs))?.[1] }));
    for (const h of hosts) expect(h.name).toContain(`snn-fusion-${h.region}-`);
    expect(new Set(hosts.map((h) => h.region))).toEqual(new Set(PROD_REGIONS));
  });
});

describe("Artifact Registry repository of the Convergence API", () => {
  test("CMEK key in the repository's location, granted to the Artifact Registry agent; immutable tags; cleanup; protected", async () => {
    const plan = await planStack("production");
    const repo = resourceOf(plan, "gcp:artifactregistry/repository:Repository", "registries-convergence-repository");
    expect(repo.inputs).toMatchObject({ repositoryId: "convergence-api-prod", location: "us-central1", format: "DOCKER", dockerConfig: { immutableTags: true }, cleanupPolicyDryRun: false, deletionPolicy: "PREVENT" });
    expect(repo.options.protect).toBe(true);
    const key = resourceOf(plan, "gcp:kms/cryptoKey:CryptoKey", "registries-convergence-keys-images");
    const ring = resourceOf(plan, "gcp:kms/keyRing:KeyRing", "registries-convergence-keys-ring");
    expect(ring.inputs).toMatchObject({ location: "us-central1", name: "convergence-api-prod-images" });
    expect(repo.dependencies).toContain(key.urn);
    const grant = resourceOf(plan, "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", "registries-convergence-keys-images-artifact-registry");
    expect(grant.inputs.member).toMatch(/@gcp-sa-artifactregistry\.iam\.gserviceaccount\.com$/);
    expect(repo.dependencies).toContain(grant.urn);
    expect(repo.inputs.cleanupPolicies).toEqual(cleanupPolicies({ keepImages: 200, untaggedExpiryDays: 14 }));
    const outputs = plan.run.outputs.registries as { convergence: { configKey: string; pushTo: string } };
    expect(outputs.convergence).toEqual({ configKey: "convergence.image", pushTo: "us-central1-docker.pkg.dev/neurascale-convergence-prod/convergence-api-prod/convergence-api" });
  });

  test("cleanup keeps the newest versions (KEEP wins over DELETE) and drops untagged ones after N days", () => {
    expect(cleanupPolicies({ keepImages: 30, untaggedExpiryDays: 7 })).toEqual([
      { id: "delete-untagged", action: "DELETE", condition: { tagState: "UNTAGGED", olderThan: "604800s" } },
      { id: "delete-beyond-kept", action: "DELETE", condition: { tagState: "ANY" } },
      { id: "keep-newest", action: "KEEP", mostRecentVersions: { keepCount: 30 } },
    ]);
    expect(JSON.parse(lifecyclePolicy({ keepImages: 30, untaggedExpiryDays: 7 })).rules.map((r: { rulePriority: number }) => r.rulePriority)).toEqual([1, 2]);
  });
});

describe("bootstrap phase", () => {
  test("registries.bootstrap builds only the registries, and an update accepts placeholder images then", async () => {
    const plan = await planStack("production", { overrides: { registries: { bootstrap: true } }, operation: "update" });
    const systems = plan.run.resources.filter((r) => r.type.startsWith("neurastack:systems:") || r.type === "neurastack:aws:Platform");
    expect(systems).toEqual([]);
    const types = new Set(plan.run.resources.map((r) => r.type));
    expect(types).toContain("aws:ecr/repository:Repository");
    expect(types).toContain("gcp:artifactregistry/repository:Repository");
    expect(plan.json.summary.violations.mandatory).toBe(0);
    // The same URNs as in the full plan, so turning bootstrap off adds the systems and replaces nothing.
    const full = await planStack("production");
    const fullUrns = new Set(full.run.resources.map((r) => r.urn));
    for (const r of plan.run.resources) expect(fullUrns.has(r.urn)).toBe(true);
  });

  test("staging: the same layout in the staging regions", async () => {
    const plan = await planStack("staging");
    const placements = ecrPlacements(plan.run.config);
    expect(placements.map((p) => `${p.repository}: ${p.regions.join(",")}`)).toEqual([
      "staging/snn-fusion/api: us-east-1,eu-west-1",
      "staging/snn-fusion/gpu-inference: us-east-1,eu-west-1",
      "staging/nca/api: us-east-1",
      "staging/nca/worker: us-east-1",
      "staging/zkp-ledger/node: us-east-1",
    ]);
    for (const repo of resourcesOf(plan, "aws:ecr/repository:Repository")) expect(repo.options.protect).toBe(false);
  });
});
