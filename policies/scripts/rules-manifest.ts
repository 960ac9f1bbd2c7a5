/**
 * Pins the rule set: policies/rules.manifest.json lists every rule id with its pack, severity,
 * enforcement level per stack (policies/config/<stack>.json: the rule's entry, else `all`,
 * else the pack's default) and controls. tests/rules-manifest.test.ts fails when a rule is
 * added, removed or remapped without regenerating it, so such a change shows up in review.
 *
 *   node tools/run-ts.js policies/scripts/rules-manifest.ts [--check]
 */
import * as fs from "fs";
import * as path from "path";
import { PACKS } from "../packs";
import type { PackDefinition } from "../lib/types";

export const MANIFEST_FILE = path.resolve(__dirname, "..", "rules.manifest.json");
const CONFIG_DIR = path.resolve(__dirname, "..", "config");
export const MANIFEST_STACKS = ["staging", "production"] as const;

export interface ManifestRule {
  readonly id: string;
  readonly pack: string;
  readonly severity: string;
  readonly enforcementLevel: Readonly<Record<(typeof MANIFEST_STACKS)[number], string>>;
  readonly controls: readonly string[];
}

type ConfigFile = Record<string, unknown>;

function levelOf(config: ConfigFile, id: string, packDefault: string): string {
  const entry = config[id];
  if (typeof entry === "string") return entry;
  if (typeof entry === "object" && entry !== null && typeof (entry as ConfigFile).enforcementLevel === "string") return (entry as ConfigFile).enforcementLevel as string;
  return typeof config.all === "string" ? config.all : packDefault;
}

function readConfig(stack: string): ConfigFile {
  const file = path.join(CONFIG_DIR, `${stack}.json`);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as ConfigFile) : {};
}

/** The manifest of `packs` under the stacks' policy configs, sorted by rule id. */
export function buildManifest(packs: readonly PackDefinition[] = PACKS, configs: Readonly<Record<string, ConfigFile>> = Object.fromEntries(MANIFEST_STACKS.map((s) => [s, readConfig(s)]))): ManifestRule[] {
  return packs
    .flatMap((pack) =>
      pack.rules.map((rule) => ({
        id: rule.metadata.id,
        pack: pack.name,
        severity: rule.metadata.severity,
        enforcementLevel: { staging: levelOf(configs.staging ?? {}, rule.metadata.id, pack.enforcementLevel), production: levelOf(configs.production ?? {}, rule.metadata.id, pack.enforcementLevel) },
        controls: rule.metadata.controls.map((c) => `${c.framework} ${c.id}`),
      })),
    )
    .sort((a, b) => a.id.localeCompare(b.id));
}

export function renderManifest(rules: readonly ManifestRule[]): string {
  return JSON.stringify({ generatedBy: "node tools/run-ts.js policies/scripts/rules-manifest.ts", rules: rules.length, ruleSet: rules }, null, 2) + "\n";
}

// Run as a script (node tools/run-ts.js policies/scripts/rules-manifest.ts), not when imported by tests.
if (/rules-manifest\.ts$/.test(process.argv[1] ?? "")) {
  const text = renderManifest(buildManifest());
  if (process.argv.includes("--check")) {
    const current = fs.existsSync(MANIFEST_FILE) ? fs.readFileSync(MANIFEST_FILE, "utf8") : "";
    if (current !== text) {
      process.stderr.write(`${path.relative(process.cwd(), MANIFEST_FILE)} is out of date; run node tools/run-ts.js policies/scripts/rules-manifest.ts\n`);
      process.exit(1);
    }
  } else {
    fs.writeFileSync(MANIFEST_FILE, text);
    process.stdout.write(`wrote ${MANIFEST_FILE}\n`);
  }
}
