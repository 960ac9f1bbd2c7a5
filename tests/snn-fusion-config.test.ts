/**
 * SNN-Fusion's config section: presets carry the guide's numbers, and the residency check
 * rejects replication layouts that join regions of different jurisdictions.
 */
import { ConfigError } from "../stacks/errors";
import { loadStackConfig } from "../stacks/load";
import { snnFusionReplicationGroups } from "../stacks/sections/snn-fusion";
import { PROJECT_DIR, rawConfigOf } from "../tools/engine/run";
import { readStackFiles } from "../tools/engine/project";

function load(stack: string, snnFusion?: unknown, platform?: unknown) {
  const raw = rawConfigOf(readStackFiles(PROJECT_DIR, stack));
  const values = { ...raw.values };
  if (snnFusion !== undefined) values.snnFusion = snnFusion;
  if (platform !== undefined) values.platform = { ...(values.platform as Record<string, unknown>), ...(platform as Record<string, unknown>) };
  return loadStackConfig({ ...raw, values });
}

function problemsOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error("expected a ConfigError");
}

describe("SNN-Fusion config", () => {
  test("production presets: the guide's database, cache, scaling, storage and retention numbers", () => {
    const s = load("production").snnFusion!;
    expect(s.database).toEqual({ instanceClass: "db.r6g.large", allocatedStorageGb: 100, maxAllocatedStorageGb: 1000, backupRetentionDays: 30, multiAz: true, localReadReplicas: 1 });
    expect(s.cache.nodeType).toBe("cache.r6g.large");
    expect(s.api).toEqual({ replicas: { min: 2, max: 20 }, cpuTargetPercent: 70, memoryTargetPercent: 80, requestsPerSecondPerPod: 50 });
    expect(s.apiResources).toEqual({ requests: { cpu: "500m", memory: "2Gi" }, limits: { cpu: "4", memory: "8Gi" } });
    expect(s.storage).toEqual({ dataGb: 1000, modelsGb: 500 });
    expect(s.logRetentionDays).toBe(90);
    expect(s.alarms.errorRatePercent).toBe(5);
    expect(s.replication).toBeUndefined();
  });

  test("the CloudWatch observability add-on is pinned (an exact EKS add-on version, no 'latest')", () => {
    expect(load("production").snnFusion!.observabilityAddonVersion).toMatch(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/);
    const base = load("staging").snnFusion!;
    expect(problemsOf(() => load("staging", { ...base, observabilityAddonVersion: "latest" }))).toContain("snnFusion.observabilityAddonVersion");
  });

  test("default layout: one replication group per jurisdiction, first region first", () => {
    const config = load("production");
    expect(snnFusionReplicationGroups(config.regions, undefined)).toEqual([["us-east-1", "us-west-2"], ["eu-west-1", "eu-central-1"], ["ap-southeast-1"], ["ap-northeast-1"]]);
  });

  test("an override keeps unlisted platform regions as their own groups", () => {
    const config = load("production");
    expect(snnFusionReplicationGroups(config.regions, { groups: [["eu-central-1", "eu-west-1"]] })).toEqual([["eu-central-1", "eu-west-1"], ["us-east-1"], ["us-west-2"], ["ap-southeast-1"], ["ap-northeast-1"]]);
  });

  test("a layout within jurisdictions is accepted", () => {
    expect(load("production", { replication: { groups: [["eu-central-1", "eu-west-1"], ["us-west-2", "us-east-1"]] } }).snnFusion!.replication?.groups).toHaveLength(2);
  });

  test("a cross-jurisdiction layout fails with a message naming both regions", () => {
    const message = problemsOf(() => load("production", { replication: { groups: [["eu-west-1", "eu-central-1", "us-east-1"]] } }));
    expect(message).toContain("neurastack:snnFusion.replication.groups[0][2]");
    const line = message.split("\n").find((l) => l.includes("groups[0][2]"))!;
    expect(line).toContain("eu-west-1");
    expect(line).toContain("us-east-1");
    expect(line).toMatch(/GDPR/);
    // eu-central-1 shares eu-west-1's jurisdiction: not reported.
    expect(message).not.toContain("groups[0][1]");
  });

  test("mixing PDPA and no-jurisdiction regions is rejected too", () => {
    const message = problemsOf(() => load("production", { replication: { groups: [["ap-southeast-1", "ap-northeast-1"]] } }));
    expect(message).toMatch(/ap-northeast-1 \(none\) cannot replicate with ap-southeast-1 \(pdpa\)/);
  });

  test("a region that is not a platform region, or listed twice, is rejected", () => {
    const notPlatform = problemsOf(() => load("staging", { replication: { groups: [["us-east-1", "us-west-2"]] } }));
    expect(notPlatform).toContain("neurastack:snnFusion.replication.groups[0][1]");
    expect(notPlatform).toContain('"us-west-2" is not a platform region');
    const twice = problemsOf(() => load("production", { replication: { groups: [["eu-west-1"], ["eu-west-1", "eu-central-1"]] } }));
    expect(twice).toContain('"eu-west-1" is already in groups[0][0]');
  });

  test("a region configured with another jurisdiction leaves its neighbours' group", () => {
    const regions = ["us-east-1", "us-west-2", "eu-west-1"].map((name) => (name === "us-west-2" ? { name, jurisdiction: "hipaa-us" } : { name }));
    const config = load("production", undefined, { regions });
    expect(snnFusionReplicationGroups(config.regions, undefined)).toEqual([["us-east-1"], ["us-west-2"], ["eu-west-1"]]);
    const message = problemsOf(() => load("production", { replication: { groups: [["us-east-1", "us-west-2"]] } }, { regions }));
    expect(message).toMatch(/us-west-2 \(hipaa-us\) cannot replicate with us-east-1 \(ccpa\)/);
  });

  test("archive must come after infrequent access", () => {
    const message = problemsOf(() => load("production", { buckets: { dataLakeInfrequentAccessDays: 200, dataLakeArchiveDays: 100 } }));
    expect(message).toContain("neurastack:snnFusion.buckets.dataLakeArchiveDays");
  });
});
