/**
 * `--against BASE.json`: what a plan changes relative to a previous plan, as a PR reviewer sees
 * it: one production setting changed shows exactly that update, a removed region shows its
 * protected resources as protected deletes, a secret shows as changed without its value, and an
 * identity property change is a replace.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { diffPlans } from "../tools/engine/diff";
import type { PlanJson } from "../tools/engine/model";
import { toJson } from "../tools/engine/plan";
import type { PolicyResults } from "../tools/engine/policy-runner";
import { renderMarkdown, renderText } from "../tools/engine/report";
import { runProgram, type StackRun } from "../tools/engine/run";
import { planStack, TEST_PLAN_DATE } from "./harness";

const SIX = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1", "ap-northeast-1"].map((name) => ({ name }));
/** The production stack file's platform keys besides the regions (an override replaces the whole key). */
const PRODUCTION_PLATFORM = { adminRoleArns: ["arn:aws:iam::111122223333:role/REPLACE-ME-platform-admin"], deployRunner: "REPLACE-ME-deploy-runner" };
const NO_POLICY: PolicyResults = { violations: [], waivers: [], errors: [], policyErrors: [], undecided: [], remediations: [], policies: [] };

async function fixturePlan(program: () => void, config: Record<string, string> = {}): Promise<PlanJson> {
  const run = await runProgram(async () => program(), { config, secretKeys: Object.keys(config), planDate: TEST_PLAN_DATE });
  return toJson({ ...run, project: "neurastack", stack: "fixture", planDate: TEST_PLAN_DATE, operation: "preview", computedOutputs: "known", config: {}, files: { secretKeys: [] } } as unknown as StackRun, NO_POLICY);
}

// Whole-stack plans with overrides take minutes on a loaded machine.
const PLAN_TIMEOUT = 900_000;

describe("against the production plan", () => {
  beforeAll(() => planStack("production"), PLAN_TIMEOUT);

  test("the same program and config change nothing", async () => {
    const base = (await planStack("production")).json;
    const d = diffPlans(base, base);
    expect(d.changes).toEqual([]);
    expect(d.counts).toMatchObject({ create: 0, update: 0, replace: 0, delete: 0 });
    expect(d.newFindings).toEqual([]);
  });

  test("raising the compute pool maximum shows exactly that update: scalingConfig.maxSize of each region's compute node group", async () => {
    const base = (await planStack("production")).json;
    const head = (await planStack("production", { overrides: { platform: { ...PRODUCTION_PLATFORM, regions: SIX, nodePools: { compute: { scaling: { max: 6 } } } } } })).json;
    const d = diffPlans(base, head);
    expect(d.counts).toMatchObject({ create: 0, replace: 0, delete: 0, update: 6 });
    for (const c of d.changes) {
      expect(c).toMatchObject({ kind: "update", type: "aws:eks/nodeGroup:NodeGroup", protected: false });
      expect(c.name).toMatch(/-compute/);
      expect(c.changes).toEqual([{ path: "scalingConfig.maxSize", before: 5, after: 6 }]);
    }
    expect(new Set(d.changes.map((c) => c.system))).toEqual(new Set(["platform"]));
    const text = renderText({ ...head, diff: d });
    expect(text).toContain("0 to create, 6 to update, 0 to replace, 0 to delete");
    expect(text).toContain("scalingConfig.maxSize: 5 => 6");
    expect(renderMarkdown({ ...head, diff: d })).toContain("**0 to create · 6 to update · 0 to replace · 0 to delete**");
  }, PLAN_TIMEOUT);

  test("removing a region deletes its resources, the protected ones (databases, buckets, keys) marked as protected deletes", async () => {
    const base = (await planStack("production")).json;
    const head = (await planStack("production", { overrides: { platform: { ...PRODUCTION_PLATFORM, regions: SIX.slice(0, 5) } } })).json;
    const d = diffPlans(base, head);
    const deletes = d.changes.filter((c) => c.kind === "delete");
    expect(deletes.length).toBeGreaterThan(0);
    expect(deletes.every((c) => c.urn.includes("ap-northeast-1"))).toBe(true);
    const protectedDeletes = deletes.filter((c) => c.protected);
    expect(protectedDeletes.map((c) => c.type)).toEqual(expect.arrayContaining(["aws:rds/instance:Instance", "aws:s3/bucket:Bucket", "aws:kms/key:Key"]));
    for (const c of protectedDeletes) expect(base.resources.find((r) => r.urn === c.urn)!.options.protect).toBe(true);
    expect(renderText({ ...head, diff: d })).toMatch(/-\s+delete\s+aws:rds\/instance:Instance \S+ap-northeast-1\S* \[protected: pulumi up refuses until protect is removed\]/);
    expect(renderMarkdown({ ...head, diff: d })).toContain("**delete** 🔒 protected");
  }, PLAN_TIMEOUT);
});

describe("diff of small programs", () => {
  const secretProgram = () => {
    const provider = new gcp.Provider("p", { project: "proj-aaaaaa", region: "us-central1" });
    const secret = new gcp.secretmanager.Secret("s", { secretId: "s", replication: { auto: {} }, labels: {} }, { provider });
    new gcp.secretmanager.SecretVersion("v", { secret: secret.id, secretData: new pulumi.Config("neurastack").requireSecret("apiKey") }, { provider });
  };

  test("a changed secret is an update of its path, shown as [secret] on both sides, never its value", async () => {
    const base = await fixturePlan(secretProgram, { "neurastack:apiKey": "offline-secret-aaaaaaaaaaaaaaaa" });
    const same = await fixturePlan(secretProgram, { "neurastack:apiKey": "offline-secret-aaaaaaaaaaaaaaaa" });
    const head = await fixturePlan(secretProgram, { "neurastack:apiKey": "offline-secret-bbbbbbbbbbbbbbbb" });
    expect(diffPlans(base, same).changes).toEqual([]);
    const d = diffPlans(base, head);
    expect(d.changes).toEqual([expect.objectContaining({ kind: "update", type: "gcp:secretmanager/secretVersion:SecretVersion", changes: [{ path: "secretData", before: "[secret]", after: "[secret]", secret: true }] })]);
    const everything = JSON.stringify([base, head, d]) + renderText({ ...head, diff: d }) + renderMarkdown({ ...head, diff: d });
    expect(everything).not.toContain("aaaaaaaaaaaaaaaa");
    expect(everything).not.toContain("bbbbbbbbbbbbbbbb");
    expect(renderText({ ...head, diff: d })).toContain("secretData: [secret] => [secret] (secret)");
  });

  test("a change of a replace-on-change property is a replace (protected marked); other changes update in place", async () => {
    const ring = (location: string, labels: Record<string, string>) => () => {
      const provider = new gcp.Provider("p", { project: "proj-aaaaaa", region: "us-central1" });
      const r = new gcp.kms.KeyRing("ring", { location, name: "ring" }, { provider, protect: true });
      new gcp.kms.CryptoKey("key", { keyRing: r.id, rotationPeriod: "7776000s", labels }, { provider });
    };
    const base = await fixturePlan(ring("us-central1", { a: "1" }));
    const d = diffPlans(base, await fixturePlan(ring("europe-west1", { a: "2" })));
    const byName = new Map(d.changes.map((c) => [c.name, c]));
    expect(byName.get("ring")).toMatchObject({ kind: "replace", protected: true, changes: [{ path: "location", before: "us-central1", after: "europe-west1", replaces: true }] });
    // The key's keyRing id embeds the location: a replace too; its label alone would be an update.
    expect(byName.get("key")?.kind).toBe("replace");
    const labelsOnly = diffPlans(base, await fixturePlan(ring("us-central1", { a: "2" })));
    expect(labelsOnly.changes).toEqual([expect.objectContaining({ name: "key", kind: "update", changes: [{ path: "labels.a", before: "1", after: "2" }] })]);
  });

  test("findings new in the head are listed; the base's fixed ones are counted as resolved", () => {
    const v = (urn: string, message: string) => ({ pack: "p", policy: "r", enforcementLevel: "mandatory" as const, severity: "high", urn, message, controls: [] });
    const base = { stack: "s", planDate: TEST_PLAN_DATE, resources: [], violations: [v("u1", "old"), v("u2", "fixed")] } as unknown as PlanJson;
    const head = { ...base, violations: [v("u1", "old"), v("u3", "new")] } as PlanJson;
    const d = diffPlans(base, head);
    expect(d.newFindings).toEqual([v("u3", "new")]);
    expect(d.resolvedFindings).toBe(1);
  });
});
