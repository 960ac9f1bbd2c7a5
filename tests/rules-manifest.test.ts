/**
 * The committed rule manifest (policies/rules.manifest.json) is what the packs and the stacks'
 * policy configs produce: adding, removing or remapping a rule without regenerating it fails.
 */
import * as fs from "fs";
import { PACKS } from "../policies/packs";
import { MANIFEST_FILE, buildManifest, renderManifest, type ManifestRule } from "../policies/scripts/rules-manifest";
import type { PackDefinition } from "../policies/lib/types";

const committed = (): ManifestRule[] => (JSON.parse(fs.readFileSync(MANIFEST_FILE, "utf8")) as { ruleSet: ManifestRule[] }).ruleSet;

describe("the rule manifest", () => {
  test("matches the packs and policy configs (regenerate: node tools/run-ts.js policies/scripts/rules-manifest.ts)", () => {
    // Compared rule by rule first so a failure names the rule that changed.
    const byId = new Map(committed().map((r) => [r.id, r]));
    const built = buildManifest();
    expect(built.map((r) => r.id).filter((id) => !byId.has(id))).toEqual([]);
    expect([...byId.keys()].filter((id) => !built.some((r) => r.id === id))).toEqual([]);
    for (const rule of built) expect([rule.id, byId.get(rule.id)]).toEqual([rule.id, rule]);
    expect(fs.readFileSync(MANIFEST_FILE, "utf8")).toBe(renderManifest(built));
  });

  test("lists every rule of every pack once, with a pack, severity, both stacks' levels and at least one control", () => {
    const rules = committed();
    expect(rules).toHaveLength(PACKS.reduce((n, p) => n + p.rules.length, 0));
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const r of rules) {
      expect(PACKS.map((p) => p.name)).toContain(r.pack);
      expect(["critical", "high", "medium", "low"]).toContain(r.severity);
      expect(["advisory", "mandatory", "disabled"]).toContain(r.enforcementLevel.staging);
      expect(r.enforcementLevel.production).toBe("mandatory");
      expect(r.controls.length).toBeGreaterThan(0);
    }
  });

  test("a removed, added or remapped rule changes the manifest (the check can fail)", () => {
    const base = buildManifest();
    const [first, ...rest] = PACKS;
    const dropOne: PackDefinition[] = [{ ...first, rules: first.rules.slice(1) }, ...rest];
    expect(buildManifest(dropOne)).not.toEqual(base);
    const remapped = first.rules[0];
    const remap: PackDefinition[] = [{ ...first, rules: [{ ...remapped, metadata: { ...remapped.metadata, controls: remapped.metadata.controls.slice(1) } }, ...first.rules.slice(1)] }, ...rest];
    expect(buildManifest(remap).find((r) => r.id === remapped.metadata.id)).not.toEqual(base.find((r) => r.id === remapped.metadata.id));
    const added: PackDefinition[] = [{ ...first, rules: [...first.rules, { ...remapped, metadata: { ...remapped.metadata, id: "x-new-rule" } }] }, ...rest];
    expect(buildManifest(added).map((r) => r.id)).toContain("x-new-rule");
    expect(base.map((r) => r.id)).not.toContain("x-new-rule");
  });
});
