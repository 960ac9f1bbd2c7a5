/**
 * Splits each stack's policy config (policies/config/<stack>.json, read by the offline engine)
 * into one file per pack (policies/config/<stack>/<pack>.json) for the Pulumi CLI:
 *
 *   pulumi preview \
 *     --policy-pack policies/baseline --policy-pack-config policies/config/<stack>/baseline.json \
 *     --policy-pack policies/hipaa    --policy-pack-config policies/config/<stack>/hipaa.json \
 *     --policy-pack policies/gdpr     --policy-pack-config policies/config/<stack>/gdpr.json
 *
 * Each file keeps `all` and the entries of that pack's rules only. A key that is neither `all`
 * nor a rule id of some pack is an error (a typo would otherwise silently configure nothing).
 *
 *   node tools/run-ts.js policies/scripts/split-config.ts [--check]
 */
import * as fs from "fs";
import * as path from "path";
import { baselinePack } from "../baseline/pack";
import { gdprPack } from "../gdpr/pack";
import { hipaaPack } from "../hipaa/pack";
import type { PackDefinition } from "../lib/types";

const CONFIG_DIR = path.resolve(__dirname, "..", "config");
/** Pack folder name -> definition (the folder is what `--policy-pack` names). */
export const PACK_FOLDERS: Readonly<Record<string, PackDefinition>> = { baseline: baselinePack, hipaa: hipaaPack, gdpr: gdprPack };

type ConfigFile = Record<string, unknown>;

/** The per-pack files of one stack config, or the problems with it. */
export function splitConfig(config: ConfigFile): { files: Record<string, ConfigFile>; errors: string[] } {
  const owner = new Map<string, string>();
  for (const [folder, pack] of Object.entries(PACK_FOLDERS)) for (const r of pack.rules) owner.set(r.name, folder);
  const errors = Object.keys(config)
    .filter((k) => k !== "all" && !owner.has(k))
    .map((k) => `"${k}" is not a rule of any pack`);
  const files: Record<string, ConfigFile> = {};
  for (const folder of Object.keys(PACK_FOLDERS)) {
    const file: ConfigFile = {};
    for (const [k, v] of Object.entries(config)) if (k === "all" || owner.get(k) === folder) file[k] = v;
    files[folder] = file;
  }
  return { files, errors };
}

export function stackConfigFiles(): string[] {
  return fs.readdirSync(CONFIG_DIR).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5));
}

function render(file: ConfigFile): string {
  return JSON.stringify(file, null, 2) + "\n";
}

function main(): number {
  const check = process.argv.includes("--check");
  let status = 0;
  for (const stack of stackConfigFiles()) {
    const { files, errors } = splitConfig(JSON.parse(fs.readFileSync(path.join(CONFIG_DIR, `${stack}.json`), "utf8")) as ConfigFile);
    for (const e of errors) process.stderr.write(`policies/config/${stack}.json: ${e}\n`);
    if (errors.length > 0) status = 1;
    for (const [folder, file] of Object.entries(files)) {
      const target = path.join(CONFIG_DIR, stack, `${folder}.json`);
      const text = render(file);
      if (check) {
        if (!fs.existsSync(target) || fs.readFileSync(target, "utf8") !== text) {
          process.stderr.write(`${path.relative(process.cwd(), target)} is out of date; run node tools/run-ts.js policies/scripts/split-config.ts\n`);
          status = 1;
        }
      } else {
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, text);
      }
    }
  }
  return status;
}

// Run as a script (node tools/run-ts.js policies/scripts/split-config.ts), not when imported by tests.
if (/split-config\.ts$/.test(process.argv[1] ?? "")) process.exit(main());
