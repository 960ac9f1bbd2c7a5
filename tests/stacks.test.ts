/**
 * Whole-program invariants over both stacks (DESIGN principles 1-6), read from the plan the
 * offline engine records: the same plan `npm run plan` prints.
 */
import { planStack, type Plan } from "./harness";

const STACKS = ["staging", "production"] as const;

/** Stateful resource types: production must protect them (DESIGN principle 5). */
const STATEFUL = new Set([
  "gcp:bigtable/instance:Instance",
  "gcp:bigquery/dataset:Dataset",
  "gcp:bigquery/table:Table",
  "gcp:firestore/database:Database",
  "gcp:kms/cryptoKey:CryptoKey",
  "gcp:secretmanager/secret:Secret",
  "aws:rds/instance:Instance",
  "aws:elasticache/replicationGroup:ReplicationGroup",
  "aws:kms/key:Key",
  "aws:eks/cluster:Cluster",
]);

const plans = new Map<string, Plan>();
beforeAll(async () => {
  for (const stack of STACKS) plans.set(stack, await planStack(stack));
});

describe.each(STACKS)("%s", (stack) => {
  const p = () => plans.get(stack)!;

  test("every cloud resource names an explicit, non-default provider", () => {
    const missing = p().run.resources.filter((r) => r.custom && /^(aws|gcp|kubernetes|random|tls):/.test(r.type) && (r.provider === null || /::default/.test(r.provider)));
    expect(missing.map((r) => r.urn)).toEqual([]);
  });

  test("only system components (and their providers) sit directly under the stack", () => {
    const top = p().run.resources.filter((r) => r.parent !== null && r.parent.endsWith(`::pulumi:pulumi:Stack::neurastack-${stack}`));
    expect(top.filter((r) => r.custom).map((r) => r.urn)).toEqual([]);
    expect(top.every((r) => r.type.startsWith("neurastack:"))).toBe(true);
  });

  test("child names are prefixed with their component's name (unique URNs, readable trees)", () => {
    const byUrn = new Map(p().run.resources.map((r) => [r.urn, r]));
    const unprefixed = p().run.resources.filter((r) => {
      const parent = r.parent ? byUrn.get(r.parent) : undefined;
      return parent !== undefined && parent.type !== "pulumi:pulumi:Stack" && !r.name.startsWith(parent.name);
    });
    expect(unprefixed.map((r) => r.urn)).toEqual([]);
  });

  test("component type tokens follow neurastack:<area>:<Name>", () => {
    const components = p().run.resources.filter((r) => !r.custom && r.type !== "pulumi:pulumi:Stack");
    expect(components.length).toBeGreaterThan(5);
    for (const c of components) expect(c.type).toMatch(/^neurastack:[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/);
  });

  test("every system the stack enables is built", () => {
    const types = new Set(p().run.resources.map((r) => r.type));
    for (const t of ["NeuralLedger", "ConvergenceApi", "SnnFusion", "NeuroCognitive", "ZkpLedger"]) expect(types).toContain(`neurastack:systems:${t}`);
    expect(types).toContain("neurastack:aws:Platform");
  });

  test(`stateful resources are ${stack === "production" ? "" : "not "}protected`, () => {
    const stateful = p().run.resources.filter((r) => STATEFUL.has(r.type));
    expect(stateful.length).toBeGreaterThan(10);
    const wrong = stateful.filter((r) => r.options.protect !== (stack === "production"));
    expect(wrong.map((r) => r.urn)).toEqual([]);
  });

  test("no secure or generated secret value appears in inputs or outputs", () => {
    const text = JSON.stringify(p().json);
    for (const placeholder of p().run.files.placeholders) expect(text).not.toContain(placeholder);
    const generated = p().run.resources.filter((r) => r.type === "random:index/randomPassword:RandomPassword");
    expect(generated.length).toBeGreaterThan(0);
    for (const r of generated) {
      const value = (r.wireOutputs.result as { value?: string } | undefined)?.value;
      expect(typeof value).toBe("string");
      expect(text).not.toContain(value as string);
    }
  });

  test("no policy or program errors, and no mandatory violations", () => {
    expect(p().policy.errors).toEqual([]);
    const mandatory = p().json.violations.filter((v) => v.enforcementLevel === "mandatory");
    expect(mandatory.map((v) => `${v.policy} ${v.urn}`)).toEqual([]);
  });
});
