/**
 * Adding a region is one config entry: a seventh region (ca-central-1) gets the same full
 * platform as the guide's regions, with its own provider, VPC range and cluster; an unknown
 * region is a config error before anything is registered.
 */
import { ConfigError } from "../stacks/errors";
import { descendantsOf, planStack, resourcesOf, type EngineResource, type Plan } from "./harness";

type Inputs = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SIX = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1", "ap-northeast-1"];

/** The override replaces the whole `neurastack:platform` key of the stack file; presets still merge under it. */
// An override replaces the whole platform key: keep the production stack file's admin role and deploy runner.
const withRegions = (names: string[]) => ({
  overrides: { platform: { adminRoleArns: ["arn:aws:iam::111122223333:role/REPLACE-ME-platform-admin"], deployRunner: "REPLACE-ME-deploy-runner", regions: names.map((name) => ({ name })) } },
});

let plan: Plan;
const regional = new Map<string, EngineResource[]>();

beforeAll(async () => {
  plan = await planStack("production", withRegions([...SIX, "ca-central-1"]));
  for (const rp of resourcesOf(plan, "neurastack:aws:RegionalPlatform")) regional.set(rp.name.replace(/^platform-/, ""), descendantsOf(plan, rp.urn));
});

/** Resource types and their counts under a region: the platform's shape. */
function shape(region: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of regional.get(region) ?? []) out[r.type] = (out[r.type] ?? 0) + 1;
  return out;
}

test("a seventh region in config yields a seventh regional platform", () => {
  expect([...regional.keys()]).toEqual([...SIX, "ca-central-1"]);
});

test("ca-central-1 gets the same full platform as every guide region", () => {
  const ca = shape("ca-central-1");
  expect(ca["aws:eks/cluster:Cluster"]).toBe(1);
  expect(ca["aws:ec2/subnet:Subnet"]).toBe(6);
  expect(ca["aws:eks/nodeGroup:NodeGroup"]).toBeGreaterThanOrEqual(3);
  expect(ca["kubernetes:helm.sh/v3:Release"]).toBe(6);
  expect(ca["aws:cloudtrail/trail:Trail"]).toBe(1);
  for (const region of SIX) expect(shape(region)).toEqual(ca);
});

test("ca-central-1 uses its own provider, cluster and a VPC range no other region uses", () => {
  const resources = regional.get("ca-central-1") ?? [];
  const [provider] = resources.filter((r) => r.type === "pulumi:providers:aws");
  expect((provider.inputs as Inputs).region).toBe("ca-central-1");
  const [cluster] = resources.filter((r) => r.type === "aws:eks/cluster:Cluster");
  expect((cluster.inputs as Inputs).name).toContain("ca-central-1");
  const cidrs = [...regional.values()].map((rs) => (rs.find((r) => r.type === "aws:ec2/vpc:Vpc")!.inputs as Inputs).cidrBlock);
  expect(new Set(cidrs).size).toBe(7);
  expect(plan.run.config.regions.find((r) => r.name === "ca-central-1")).toMatchObject({ natGateways: "perAz", jurisdiction: "none" });
});

test("the six existing regions are unchanged by the addition (same resources, same inputs)", async () => {
  const six = await planStack("production");
  const key = (r: EngineResource) => `${r.type}::${r.name}`;
  const before = new Map(six.run.resources.filter((r) => r.urn.includes("neurastack:aws:RegionalPlatform")).map((r) => [key(r), JSON.stringify(r.inputs)]));
  const after = new Map(plan.run.resources.filter((r) => r.urn.includes("neurastack:aws:RegionalPlatform") && !r.name.includes("ca-central-1")).map((r) => [key(r), JSON.stringify(r.inputs)]));
  expect(after.size).toBe(before.size);
  for (const [k, v] of before) expect({ k, v: after.get(k) }).toEqual({ k, v });
});

test("an unknown region is a config error naming the key and the value", async () => {
  const failure = planStack("production", withRegions([...SIX, "ca-west-9"]));
  await expect(failure).rejects.toBeInstanceOf(ConfigError);
  await expect(failure).rejects.toThrow(/neurastack:platform\.regions\[6\]\.name: "ca-west-9" is not a known AWS region/);
});
