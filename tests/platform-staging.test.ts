/**
 * The AWS platform in the staging plan: the regions Pulumi.staging.yaml lists, smaller pools
 * than production, one NAT per region, no hybrid nodes, nothing protected.
 */
import { descendantsOf, planStack, resourcesOf, type EngineResource, type Plan } from "./harness";
import { PRESETS } from "../stacks/presets";

type Inputs = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let plan: Plan;
let stackFileRegions: string[];
const regional = new Map<string, EngineResource[]>();

beforeAll(async () => {
  plan = await planStack("staging");
  stackFileRegions = (JSON.parse(plan.run.files.config["neurastack:platform"]) as { regions: { name: string }[] }).regions.map((r) => r.name);
  for (const rp of resourcesOf(plan, "neurastack:aws:RegionalPlatform")) regional.set(rp.name.replace(/^platform-/, ""), descendantsOf(plan, rp.urn));
});

const inRegion = (region: string, type: string, name?: RegExp) => (regional.get(region) ?? []).filter((r) => r.type === type && (name === undefined || name.test(r.name)));
const inputs = (r: EngineResource): Inputs => r.inputs as Inputs;

test("one regional platform per region the stack file lists (one or two)", () => {
  expect(stackFileRegions.length).toBeGreaterThanOrEqual(1);
  expect(stackFileRegions.length).toBeLessThanOrEqual(2);
  expect([...regional.keys()]).toEqual(stackFileRegions);
});

test("pools are the staging config's sizes, each smaller than production's", () => {
  const staging = plan.run.config.platform.nodePools;
  const production = PRESETS.production.platform.nodePools;
  for (const region of stackFileRegions) {
    for (const pool of ["general", "compute", "gpu"] as const) {
      const [ng] = inRegion(region, "aws:eks/nodeGroup:NodeGroup", new RegExp(`-${pool}-ng$`));
      expect(inputs(ng).instanceTypes).toEqual([staging[pool].instanceType]);
      expect(inputs(ng).scalingConfig).toMatchObject({ minSize: staging[pool].scaling.min, maxSize: staging[pool].scaling.max });
      expect(inputs(ng).scalingConfig.maxSize).toBeLessThan(production?.[pool]?.scaling?.max ?? 0);
    }
  }
});

test("a single NAT gateway per region, shared by every private route table", () => {
  for (const region of stackFileRegions) {
    const nats = inRegion(region, "aws:ec2/natGateway:NatGateway");
    expect(nats).toHaveLength(1);
    const natId = (nats[0].wireOutputs as Inputs).id;
    const rts = inRegion(region, "aws:ec2/routeTable:RouteTable", /private-rt/);
    expect(rts).toHaveLength(plan.run.config.platform.availabilityZones);
    for (const rt of rts) expect(inputs(rt).routes[0].natGatewayId).toBe(natId);
  }
});

test("hybrid nodes are off (no remote network, activation or hybrid role); the simulation pools stand in", () => {
  expect(plan.run.config.platform.neuromorphic.hybridNodes.enabled).toBe(false);
  for (const region of stackFileRegions) {
    const [cluster] = inRegion(region, "aws:eks/cluster:Cluster");
    expect(inputs(cluster).remoteNetworkConfig).toBeUndefined();
    expect(inRegion(region, "aws:ssm/activation:Activation")).toHaveLength(0);
    expect(inRegion(region, "neurastack:aws:HybridNodes")).toHaveLength(0);
    const sims = inRegion(region, "aws:eks/nodeGroup:NodeGroup", /-sim-/);
    expect(sims.map((s) => inputs(s).labels["neuromorphic.neurastack.io/accelerator"]).sort()).toEqual([...plan.run.config.platform.neuromorphic.accelerators].sort());
  }
});

test("staging keeps protection off: no deletion protection, nothing protected", () => {
  for (const region of stackFileRegions) {
    const [cluster] = inRegion(region, "aws:eks/cluster:Cluster");
    expect(inputs(cluster).deletionProtection).toBe(false);
    expect((regional.get(region) ?? []).filter((r) => r.options.protect)).toEqual([]);
  }
});

describe("admin access and a public endpoint from config", () => {
  const admins = ["arn:aws:iam::123456789012:role/platform-admins", "arn:aws:iam::123456789012:role/break-glass"];
  const cidrs = ["203.0.113.0/24"];
  let custom: Plan;
  beforeAll(async () => {
    custom = await planStack("staging", { overrides: { platform: { regions: [{ name: "us-east-1" }], adminRoleArns: admins, endpointPublicAccessCidrs: cidrs } } });
  });

  test("each admin role gets a STANDARD access entry with the cluster-admin access policy", () => {
    const entries = resourcesOf(custom, "aws:eks/accessEntry:AccessEntry").filter((e) => inputs(e).type === "STANDARD");
    expect(entries.map((e) => inputs(e).principalArn)).toEqual(admins);
    const associations = resourcesOf(custom, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation");
    expect(associations.map((a) => inputs(a).principalArn)).toEqual(admins);
    for (const a of associations) {
      expect(inputs(a)).toMatchObject({ policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", accessScope: { type: "cluster" } });
      expect(a.dependencies.some((d) => entries.some((e) => e.urn === d))).toBe(true);
    }
  });

  test("the public endpoint opens only to the configured CIDRs, the private endpoint stays on", () => {
    const [cluster] = resourcesOf(custom, "aws:eks/cluster:Cluster");
    expect(inputs(cluster).vpcConfig).toMatchObject({ endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: cidrs });
  });
});

describe("audit trail retention", () => {
  const expirations = (p: Plan): number[] => {
    const trails = resourcesOf(p, "aws:cloudtrail/trail:Trail");
    expect(trails.length).toBeGreaterThan(0);
    const buckets = new Set(trails.map((t) => inputs(t).s3BucketName));
    const bucketIds = new Set(resourcesOf(p, "aws:s3/bucket:Bucket").filter((b) => buckets.has(inputs(b).bucket)).map((b) => (b.wireOutputs as Inputs).id));
    return resourcesOf(p, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")
      .filter((l) => bucketIds.has(inputs(l).bucket))
      .flatMap((l) => (inputs(l).rules as Inputs[]).map((r) => r.expiration?.days as number));
  };

  test("log files are kept the configured days in every region", () => {
    expect(expirations(plan)).toEqual(stackFileRegions.map(() => plan.run.config.platform.auditTrail.retentionDays));
  });

  test("a configured retention below the compliance minimum is raised to the minimum", async () => {
    const short = await planStack("staging", { overrides: { platform: { regions: [{ name: "us-east-1" }], auditTrail: { retentionDays: 1 } } } });
    expect(short.run.config.compliance.minLogRetentionDays).toBeGreaterThan(1);
    expect(expirations(short)).toEqual([short.run.config.compliance.minLogRetentionDays]);
  });
});
