/**
 * The EKS Kubernetes minor: one dated row per minor (stacks/dated.ts EKS_VERSIONS) with its
 * support window and compatibility set; config picks the minor, the plan date decides whether
 * the plan fails, warns, and which upgrade-policy support type the clusters get.
 */
import { DEFAULT_EKS_VERSION, EKS_VERSIONS, SUPPORT_WARN_DAYS, eksLifecycle } from "../stacks/dated";
import { ConfigError } from "../stacks/errors";
import { loadStackConfig, type RawConfig } from "../stacks/load";
import { daysBetween } from "../stacks/plan-date";
import { readStackFiles } from "../tools/engine/project";
import { PROJECT_DIR, rawConfigOf } from "../tools/engine/run";
import { spawnSync } from "child_process";
import * as path from "path";
import { TEST_PLAN_DATE, planStack, resourcesOf } from "./harness";

type Values = Record<string, unknown>;
type Inputs = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function raw(stack: "staging" | "production", planDate: string, platform: Values = {}): RawConfig {
  const base = rawConfigOf(readStackFiles(PROJECT_DIR, stack));
  const values = structuredClone(base.values) as Values;
  values.platform = { ...(values.platform as Values), ...platform };
  return { ...base, values, planDate };
}

function problems(r: RawConfig): string[] {
  try {
    loadStackConfig(r);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => `${p.key}: ${p.rule}`);
    throw e;
  }
  return [];
}

/** The AWS systems only: the GCP function runtime has its own dated row and would fail first in late 2027. */
const AWS_SYSTEMS = { systems: ["snnFusion", "nca", "zkpLedger"] };

describe("EKS version table", () => {
  test("every minor has its window and a complete compatibility set that follows the minor", () => {
    for (const [minor, row] of Object.entries(EKS_VERSIONS)) {
      expect(row.source).toMatch(/kubernetes-versions/);
      // Extended support is the 12 months after the end of standard support.
      expect(daysBetween(row.standardSupportEnds, row.extendedSupportEnds)).toBeGreaterThanOrEqual(365);
      expect(daysBetween(row.standardSupportEnds, row.extendedSupportEnds)).toBeLessThanOrEqual(366);
      for (const version of Object.values(row.addons)) expect(version).toMatch(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/);
      for (const version of Object.values(row.charts)) expect(version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(row.addons.kubeProxy.startsWith(`v${minor}.`)).toBe(true);
      expect(row.clusterAutoscalerImageTag.startsWith(`v${minor}.`)).toBe(true);
    }
    expect(EKS_VERSIONS["1.31"].extendedSupportEnds).toBe("2026-11-26");
    expect(EKS_VERSIONS["1.34"].standardSupportEnds).toBe("2026-12-02");
    expect(EKS_VERSIONS["1.35"].standardSupportEnds).toBe("2027-03-27");
  });

  test("the default minor is in standard support on the test plan date, beyond the warning window", () => {
    expect(eksLifecycle(DEFAULT_EKS_VERSION, TEST_PLAN_DATE)).toEqual({ status: "standard", supportType: "STANDARD" });
    expect(daysBetween(TEST_PLAN_DATE, EKS_VERSIONS[DEFAULT_EKS_VERSION].standardSupportEnds)).toBeGreaterThan(SUPPORT_WARN_DAYS);
  });

  test("lifecycle: warns within 90 days of the end of standard support and in extended support, fails after it", () => {
    expect(eksLifecycle("1.34", "2026-12-02")).toMatchObject({ status: "standard-ending", supportType: "STANDARD", warning: expect.stringMatching(/leaves EKS standard support on 2026-12-02/) });
    expect(eksLifecycle("1.35", "2026-12-27")).toMatchObject({ status: "standard-ending", warning: expect.stringMatching(/90 days/) });
    expect(eksLifecycle("1.34", "2026-12-03")).toMatchObject({ status: "extended", supportType: "EXTENDED", warning: expect.stringMatching(/extended support .* until 2027-12-02/) });
    expect(eksLifecycle("1.31", "2026-11-27")).toMatchObject({ status: "ended", error: expect.stringMatching(/left EKS extended support on 2026-11-26/) });
    expect(eksLifecycle("1.31", "2026-11-26").error).toBeUndefined();
    expect(eksLifecycle("1.99", "2026-12-02").error).toMatch(/no row/);
  });
});

describe("EKS version config", () => {
  test("a minor past extended support on the plan date is a config error (1.31 on 2026-12-02)", () => {
    expect(problems(raw("production", TEST_PLAN_DATE, { kubernetesVersion: "1.31" }))).toEqual([expect.stringMatching(/^neurastack:platform\.kubernetesVersion: Kubernetes 1\.31 left EKS extended support on 2026-11-26/)]);
    expect(problems(raw("staging", "2028-03-28"))).toEqual([expect.stringMatching(/platform\.kubernetesVersion: Kubernetes 1\.35 left EKS extended support on 2028-03-27/)]);
    expect(problems(raw("staging", "2028-03-27"))).toEqual([]);
  });

  test("a minor outside the table is refused; the set fills add-ons and charts, config overrides single ones", () => {
    expect(problems(raw("staging", TEST_PLAN_DATE, { kubernetesVersion: "1.27" }))).toEqual([expect.stringMatching(/platform\.kubernetesVersion: "1\.27" is not an EKS minor of stacks\/dated\.ts/)]);
    const set = EKS_VERSIONS["1.34"];
    const cfg = loadStackConfig(raw("staging", TEST_PLAN_DATE, { kubernetesVersion: "1.34", addons: { coredns: "v1.13.2-eksbuild.7" } }));
    expect(cfg.platform.addons).toEqual({ ...set.addons, coredns: "v1.13.2-eksbuild.7" });
    expect(cfg.platform.charts).toEqual(set.charts);
    expect(cfg.platform.clusterAutoscalerImageTag).toBe(set.clusterAutoscalerImageTag);
    expect(problems(raw("staging", TEST_PLAN_DATE, { kubernetesVersion: "1.34", addons: { kubeProxy: "v1.35.3-eksbuild.2" } }))).toEqual([expect.stringMatching(/platform\.addons\.kubeProxy: .*kube-proxy must be v1\.34\.x/)]);
  });
});

describe("EKS version in the plans", () => {
  test.each(["staging", "production"])("%s: every cluster and node group on the default minor, in standard support, add-ons and autoscaler from its set", async (stack) => {
    const plan = await planStack(stack);
    const set = EKS_VERSIONS[DEFAULT_EKS_VERSION];
    const clusters = resourcesOf(plan, "aws:eks/cluster:Cluster");
    expect(clusters.length).toBeGreaterThan(0);
    for (const c of clusters) {
      expect((c.inputs as Inputs).version).toBe(DEFAULT_EKS_VERSION);
      expect((c.inputs as Inputs).upgradePolicy).toEqual({ supportType: "STANDARD" });
      expect(eksLifecycle((c.inputs as Inputs).version, TEST_PLAN_DATE).status).toBe("standard");
    }
    for (const ng of resourcesOf(plan, "aws:eks/nodeGroup:NodeGroup")) expect((ng.inputs as Inputs).version).toBe(DEFAULT_EKS_VERSION);
    const byName = (name: string) => resourcesOf(plan, "aws:eks/addon:Addon").filter((a) => (a.inputs as Inputs).addonName === name).map((a) => (a.inputs as Inputs).addonVersion);
    expect(new Set(byName("kube-proxy"))).toEqual(new Set([set.addons.kubeProxy]));
    expect(new Set(byName("coredns"))).toEqual(new Set([set.addons.coredns]));
    expect(new Set(byName("amazon-cloudwatch-observability"))).toEqual(new Set([set.addons.cloudwatchObservability]));
    for (const r of resourcesOf(plan, "kubernetes:helm.sh/v3:Release").filter((x) => (x.inputs as Inputs).chart === "cluster-autoscaler")) {
      expect((r.inputs as Inputs).values.image.tag).toBe(set.clusterAutoscalerImageTag);
    }
    expect(plan.run.diagnostics.filter((d) => /EKS/.test(d.message))).toEqual([]);
  });

  test("planned on 2027-12-01 the default minor is in extended support: the plan warns and the clusters choose EXTENDED", async () => {
    const plan = await planStack("staging", { planDate: "2027-12-01", overrides: AWS_SYSTEMS });
    const warnings = plan.run.diagnostics.filter((d) => d.severity === "warning" && /Kubernetes 1\.35/.test(d.message));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].message).toMatch(/left EKS standard support on 2027-03-27 .* until 2028-03-27/);
    const clusters = resourcesOf(plan, "aws:eks/cluster:Cluster");
    expect(clusters.length).toBeGreaterThan(0);
    for (const c of clusters) expect((c.inputs as Inputs).upgradePolicy).toEqual({ supportType: "EXTENDED" });
    expect(plan.json.summary.violations.mandatory).toBe(0);
  });
});

describe("npm run plan -- --date", () => {
  const ROOT = path.join(__dirname, "..");
  const plan = (stackFile: string, date: string) =>
    spawnSync(process.execPath, [path.join(ROOT, "tools", "run-ts.js"), path.join(ROOT, "tools", "plan.ts"), "--stack", "staging", "--stack-file", path.join(__dirname, "fixtures", "stacks", stackFile), "--date", date], { cwd: ROOT, encoding: "utf8", timeout: 300_000 });

  test("--date 2027-12-01 on the default minor: exit 0 with the extended-support warning in the report", () => {
    const r = plan("Pulumi.staging-aws.yaml", "2027-12-01");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Kubernetes 1\.35 left EKS standard support on 2027-03-27/);
  }, 300_000);

  test("1.34 on --date 2027-12-03 (past its extended support): exit 2 naming the key, nothing planned", () => {
    const r = plan("Pulumi.staging-aws-1-34.yaml", "2027-12-03");
    expect(r.status).toBe(2);
    expect(r.stderr + r.stdout).toMatch(/neurastack:platform\.kubernetesVersion: Kubernetes 1\.34 left EKS extended support on 2027-12-02/);
    expect(r.stdout).not.toMatch(/to create/);
  }, 300_000);
});
