/**
 * Bad config fails before anything is registered, with one message per problem naming the
 * key path, the value given and the rule.
 */
import { ConfigError } from "../stacks/errors";
import { loadStackConfig, type RawConfig } from "../stacks/load";
import { readStackFiles } from "../tools/engine/project";
import { rawConfigOf, PROJECT_DIR } from "../tools/engine/run";

type Values = Record<string, unknown>;

function raw(stack: "staging" | "production", edit: (values: Values) => void = () => undefined, secretKeys: string[] = []): RawConfig {
  const base = rawConfigOf(readStackFiles(PROJECT_DIR, stack));
  const values = structuredClone(base.values) as Values;
  edit(values);
  return { ...base, values, secretKeys: new Set([...base.secretKeys, ...secretKeys]) };
}

function problems(r: RawConfig): string[] {
  try {
    loadStackConfig(r);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => `${p.key}: ${p.rule}`);
    throw e;
  }
  throw new Error("expected a ConfigError");
}

/** Problems of a config that may be valid (empty list then). */
function problemsOrNone(r: RawConfig): string[] {
  return thrown(() => loadStackConfig(r)) === undefined ? [] : problems(r);
}

/** What `fn` throws, or undefined when it returns. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

const platform = (v: Values) => v.platform as Values;

describe("valid stacks", () => {
  test.each(["staging", "production"] as const)("%s loads with the guide's numbers", (stack) => {
    const cfg = loadStackConfig(raw(stack));
    expect(cfg.environment).toBe(stack);
    expect(cfg.neuralLedger?.bigtable.nodes).toBe(stack === "production" ? 3 : 1);
    expect(cfg.protection.deletionProtection).toBe(stack === "production");
    expect(cfg.regions.map((r) => r.name)).toEqual(
      stack === "production" ? ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1", "ap-northeast-1"] : ["us-east-1", "eu-west-1"],
    );
  });

  test("regions resolve the seed's jurisdictions, timezones and distinct VPC CIDRs", () => {
    const cfg = loadStackConfig(raw("production"));
    expect(cfg.regions.map((r) => [r.name, r.jurisdiction, r.timezone])).toEqual([
      ["us-east-1", "ccpa", "America/New_York"],
      ["us-west-2", "ccpa", "America/Los_Angeles"],
      ["eu-west-1", "gdpr", "Europe/London"],
      ["eu-central-1", "gdpr", "Europe/Berlin"],
      ["ap-southeast-1", "pdpa", "Asia/Singapore"],
      ["ap-northeast-1", "none", "Asia/Tokyo"],
    ]);
    expect(new Set(cfg.regions.map((r) => r.vpcCidr)).size).toBe(6);
  });

  test("stack values override presets key by key", () => {
    const cfg = loadStackConfig(raw("staging", (v) => (v.neuralLedger = { ...(v.neuralLedger as Values), bigtable: { nodes: 2 } })));
    expect(cfg.neuralLedger?.bigtable).toEqual({ nodes: 2, storageType: "SSD" });
  });

  test("a disabled system needs no section", () => {
    const cfg = loadStackConfig(
      raw("staging", (v) => {
        v.systems = ["convergence"];
        delete v.neuralLedger;
      }),
    );
    expect(cfg.neuralLedger).toBeUndefined();
    expect(cfg.convergence?.projectId).toBe("neurascale-convergence-stg");
  });
});

describe("environment and stack", () => {
  test("the production stack file planned as the staging stack is a config error", () => {
    const production = rawConfigOf(readStackFiles(PROJECT_DIR, "staging", `${PROJECT_DIR}/Pulumi.production.yaml`));
    expect(problems(production)).toEqual(['neurastack:environment: "production" does not match the stack "staging"; stack staging deploys environment staging (is this production\'s stack file planned as staging?)']);
  });

  test("an unknown stack name is a config error listing the known stacks", () => {
    const base = raw("staging");
    expect(problems({ ...base, stack: "prod" })).toEqual(['stack: "prod" is not a known stack; known stacks: staging, production (each stack deploys the environment of its name)']);
  });

  test("a stack file without `environment` takes the stack's", () => {
    const base = raw("staging", (v) => delete v.environment);
    expect(loadStackConfig(base).environment).toBe("staging");
  });
});

describe("bad config: one message per problem with key, value and rule", () => {
  const cases: [string, "staging" | "production", (v: Values) => void, string, string[]?][] = [
    ["unknown AWS region", "staging", (v) => (platform(v).regions = [{ name: "us-east-1" }, { name: "eu-west-1" }, { name: "eu-west-9" }]), 'neurastack:platform.regions[2].name: "eu-west-9" is not a known AWS region'],
    ["wrong type", "staging", (v) => (platform(v).availabilityZones = "three"), 'neurastack:platform.availabilityZones: "three" is not a number'],
    ["unknown key in a section", "staging", (v) => (platform(v).nodePool = {}), "neurastack:platform.nodePool: is not a known setting"],
    ["unknown top-level key", "staging", (v) => (v.neuralLedgr = { projectId: "x" }), "neurastack:neuralLedgr: is not a known setting"],
    ["min > max node counts", "staging", (v) => (platform(v).nodePools = { general: { scaling: { min: 5, max: 2 } } }), "neurastack:platform.nodePools.general.scaling.min: 5 is greater than max (2); min must be <= max"],
    ["desired outside min..max", "staging", (v) => (platform(v).nodePools = { compute: { scaling: { desired: 9 } } }), "neurastack:platform.nodePools.compute.scaling.desired: 9 is outside [min 0, max 2]"],
    ["negative node count", "staging", (v) => (platform(v).nodePools = { gpu: { scaling: { min: -1 } } }), "neurastack:platform.nodePools.gpu.scaling.min: -1 is below the minimum of 0 (no negative values)"],
    ["negative size", "staging", (v) => (platform(v).nodePools = { general: { diskSizeGb: -20 } }), "neurastack:platform.nodePools.general.diskSizeGb: -20 must be greater than 0"],
    ["fractional count", "staging", (v) => (v.neuralLedger = { ...(v.neuralLedger as Values), bigtable: { nodes: 1.5 } }), "neurastack:neuralLedger.bigtable.nodes: 1.5 is not an integer"],
    ["zero Bigtable nodes", "staging", (v) => (v.neuralLedger = { ...(v.neuralLedger as Values), bigtable: { nodes: 0 } }), "neurastack:neuralLedger.bigtable.nodes: 0 must be greater than 0"],
    ["unknown storage type", "staging", (v) => (v.neuralLedger = { ...(v.neuralLedger as Values), bigtable: { storageType: "NVME" } }), 'neurastack:neuralLedger.bigtable.storageType: "NVME" is not one of "SSD", "HDD"'],
    ["function timeout over the Cloud Functions limit", "staging", (v) => (v.neuralLedger = { ...(v.neuralLedger as Values), processor: { timeoutSeconds: 600 } }), "neurastack:neuralLedger.processor.timeoutSeconds: 600 is above the maximum of 540"],
    ["GDPR jurisdiction in a non-EU AWS region", "staging", (v) => (platform(v).regions = [{ name: "us-east-1", jurisdiction: "gdpr" }]), 'neurastack:platform.regions[0].jurisdiction: "gdpr" cannot apply to us-east-1 (N. Virginia): GDPR data must stay in EU regions'],
    ["GDPR system placed in a non-EU GCP region", "staging", (v) => (v.neuralLedger = { ...(v.neuralLedger as Values), jurisdiction: "gdpr", bigqueryLocation: "EU" }), 'neurastack:neuralLedger.region: "northamerica-northeast1" (Montreal) cannot hold neuralLedger data under "gdpr": GDPR data must stay in EU regions'],
    ["PDPA data outside Singapore", "staging", (v) => (platform(v).regions = [{ name: "ap-northeast-1", jurisdiction: "pdpa" }]), 'neurastack:platform.regions[0].jurisdiction: "pdpa" cannot apply to ap-northeast-1 (Tokyo): PDPA data must stay in Singapore'],
    ["unknown jurisdiction", "staging", (v) => (platform(v).regions = [{ name: "us-east-1", jurisdiction: "lgpd" }]), 'neurastack:platform.regions[0].jurisdiction: "lgpd" is not a jurisdiction'],
    ["production without deletion protection", "production", (v) => (v.protection = { deletionProtection: false, protectResources: true }), "neurastack:protection.deletionProtection: false is not allowed in production; stateful resources must be protected"],
    ["production without protect", "production", (v) => (v.protection = { deletionProtection: true, protectResources: false }), "neurastack:protection.protectResources: false is not allowed in production"],
    ["missing project id", "staging", (v) => (v.neuralLedger = {}), "neurastack:neuralLedger.projectId: is required (the GCP project id)"],
    ["malformed project id", "staging", (v) => (v.convergence = { projectId: "My_Project" }), 'neurastack:convergence.projectId: "My_Project" is not a valid GCP project id'],
    ["unknown system name", "staging", (v) => (v.systems = ["neuralLedger", "quantumLedger"]), 'neurastack:systems[1]: "quantumLedger" is not a known system (one of neuralLedger, convergence, snnFusion, nca, zkpLedger)'],
    ["system listed twice", "staging", (v) => (v.systems = ["nca", "nca"]), "neurastack:systems: names a system twice"],
    ["unknown environment", "staging", (v) => (v.environment = "prod"), 'neurastack:environment: "prod" is not an environment (one of staging, production)'],
    ["environment: staging in the production stack file", "production", (v) => (v.environment = "staging"), 'neurastack:environment: "staging" does not match the stack "production"'],
    ["EKS version too old", "staging", (v) => (platform(v).kubernetesVersion = "1.25"), 'neurastack:platform.kubernetesVersion: "1.25" is not an EKS minor of stacks/dated.ts EKS_VERSIONS'],
    ["region listed twice", "staging", (v) => (platform(v).regions = [{ name: "us-east-1" }, { name: "us-east-1" }]), 'neurastack:platform.regions[1].name: "us-east-1" is already listed at regions[0]'],
    ["system placed on a cluster that does not exist", "staging", (v) => (v.nca = { cluster: "eu-central-1" }), 'neurastack:nca.cluster: "eu-central-1" has no platform cluster; choose one of platform.regions (us-east-1, eu-west-1)'],
    ["traffic split not summing to 100", "staging", (v) => (v.convergence = { projectId: "neurascale-convergence-stg", traffic: { latest: 10, revisions: {} } }), "neurastack:convergence.traffic: sums to 10%; latest plus named revisions must be exactly 100%"],
    ["bad email", "staging", (v) => (v.alerting = { emails: ["oncall-at-example"] }), 'neurastack:alerting.emails[0]: "oncall-at-example" is not an email address'],
    ["bad CIDR", "staging", (v) => (platform(v).endpointPublicAccessCidrs = ["10.0.0.0"]), 'neurastack:platform.endpointPublicAccessCidrs[0]: "10.0.0.0" is not an IPv4 CIDR block'],
    ["empty region list", "staging", (v) => (platform(v).regions = []), "neurastack:platform.regions: needs at least one region"],
    ["secret given in plain text", "staging", (v) => (v.ncaLlmApiKey = "sk-live-123"), "neurastack:ncaLlmApiKey: is given in plain text but must be a secret; run `pulumi config set --secret ncaLlmApiKey <value>`"],
  ];

  test.each(cases)("%s", (_name, stack, edit, expected) => {
    const found = problems(raw(stack, edit));
    // arrayContaining prints every problem found when the expected one is missing.
    expect(found).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${expected.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`))]));
  });

  test("the loader reports at least 20 distinct keys across the cases, each caused by its edit", () => {
    // Counted from what the loader reports (not from this table): the key of the problem each
    // case expects, and that problem is absent from the unedited stack.
    const keys = new Set<string>();
    for (const [, stack, edit, expected] of cases) {
      const matches = (p: string) => p.startsWith(expected);
      const found = problems(raw(stack, edit)).filter(matches);
      expect(found).toHaveLength(1);
      expect(problemsOrNone(raw(stack)).filter(matches)).toEqual([]);
      keys.add(found[0].slice(0, found[0].indexOf(": ")));
    }
    expect(keys.size).toBeGreaterThanOrEqual(20);
  });

  test("every problem is reported at once, not just the first", () => {
    const found = problems(
      raw("production", (v) => {
        platform(v).regions = [{ name: "eu-west-9" }];
        v.protection = { deletionProtection: false, protectResources: true };
        v.systems = ["neuralLedger", "nope"];
      }),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringContaining("neurastack:platform.regions[0].name"),
        expect.stringContaining("neurastack:protection.deletionProtection"),
        expect.stringContaining("neurastack:systems[1]"),
      ]),
    );
  });

  test("a secret set with --secret is accepted and never kept in the typed config", () => {
    const cfg = loadStackConfig(raw("staging", (v) => (v.ncaLlmApiKey = "offline-secret-abc"), ["ncaLlmApiKey"]));
    expect(JSON.stringify(cfg)).not.toContain("offline-secret-abc");
  });

  test("the plain-text secret's value is not echoed in the error", () => {
    // The error is caught outside the assertion, so a missing ConfigError fails the test.
    const error = thrown(() => loadStackConfig(raw("staging", (v) => (v.ncaLlmApiKey = "sk-live-123"))));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.key)).toContain("neurastack:ncaLlmApiKey");
    expect((error as ConfigError).message).not.toContain("sk-live-123");
    expect(JSON.stringify((error as ConfigError).problems)).not.toContain("sk-live-123");
  });
});
