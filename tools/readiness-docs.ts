/**
 * `node tools/run-ts.js tools/readiness-docs.ts [--check]`
 *
 * Writes the deployment inputs of stacks/readiness.ts into the README (a table and the
 * `pulumi config set` line of every key) and into the comments of Pulumi.production.yaml,
 * between markers. `--check` exits 1 when either is out of date (tests/readiness-docs.test.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { loadStackConfig } from "../stacks/load";
import { DEPLOYMENT_INPUTS, INPUT_KINDS, valuesAt } from "../stacks/readiness";
import { readStackFiles } from "./engine/project";
import { PROJECT_DIR, rawConfigOf } from "./engine/run";

const BEGIN = "deployment-inputs:begin";
const END = "deployment-inputs:end";

/** Whether a key holds a list in the committed production config (its `config set` line then names element [0]). */
function isList(key: string): boolean {
  const config = loadStackConfig(rawConfigOf(readStackFiles(PROJECT_DIR, "production")));
  return valuesAt(config, key).some((v) => Array.isArray(v.value));
}

export function readmeBlock(): string {
  const lines = [
    `<!-- ${BEGIN}: generated from stacks/readiness.ts by \`node tools/run-ts.js tools/readiness-docs.ts\` -->`,
    "| key | what it is |",
    "| --- | --- |",
    ...DEPLOYMENT_INPUTS.map((i) => `| \`neurastack:${i.key}\` | ${i.description.replace(/\|/g, "\\|")}${i.required ? " (required)" : ""} |`),
    "",
    "```bash",
    ...DEPLOYMENT_INPUTS.map((i) => `pulumi config set --path 'neurastack:${i.key}${isList(i.key) ? "[0]" : ""}' '${INPUT_KINDS[i.kind].example}'`),
    "```",
    `<!-- ${END} -->`,
  ];
  return lines.join("\n");
}

export function stackFileBlock(): string {
  return [
    `# ${BEGIN}: generated from stacks/readiness.ts by \`node tools/run-ts.js tools/readiness-docs.ts\``,
    "# Deployment inputs: values only this deployment knows. The committed values (here or in the",
    "# presets) are placeholders: `npm run plan` lists them under \"Before the first deploy\" and a",
    "# real `pulumi up` refuses to run until each is set (README, \"Deployment inputs\"):",
    ...DEPLOYMENT_INPUTS.map((i) => `#   neurastack:${i.key}${isList(i.key) ? "[]" : ""}: ${i.description}${i.required ? " (required)" : ""}`),
    "# In production every image is pinned by digest: <registry>/<repository>@sha256:<64 hex>.",
    `# ${END}`,
  ].join("\n");
}

/** `text` with the part between the markers (inclusive) replaced, or the block inserted at `insertAt`. */
export function replaceBlock(text: string, block: string, insertAt: (text: string) => number): string {
  const lines = text.split("\n");
  const begin = lines.findIndex((l) => l.includes(BEGIN));
  const end = lines.findIndex((l) => l.includes(END));
  if (begin >= 0 && end >= begin) return [...lines.slice(0, begin), block, ...lines.slice(end + 1)].join("\n");
  const at = insertAt(text);
  return `${text.slice(0, at)}${block}\n${text.slice(at)}`;
}

export const README = path.join(PROJECT_DIR, "README.md");
export const STACK_FILE = path.join(PROJECT_DIR, "Pulumi.production.yaml");

export function renderedReadme(): string {
  const text = fs.readFileSync(README, "utf8");
  return replaceBlock(text, readmeBlock(), (t) => {
    const i = t.indexOf("## Deployment inputs\n");
    if (i < 0) throw new Error("README has no '## Deployment inputs' section to hold the generated block");
    return t.indexOf("\n\n", i + "## Deployment inputs\n".length) + 2;
  });
}

export function renderedStackFile(): string {
  const text = fs.readFileSync(STACK_FILE, "utf8");
  return replaceBlock(text, stackFileBlock(), (t) => t.indexOf("config:"));
}

if (/readiness-docs\.ts$/.test(process.argv[1] ?? "")) {
  const check = process.argv.includes("--check");
  let stale = false;
  for (const [file, rendered] of [[README, renderedReadme()], [STACK_FILE, renderedStackFile()]] as const) {
    if (fs.readFileSync(file, "utf8") === rendered) continue;
    stale = true;
    if (check) process.stderr.write(`${path.relative(PROJECT_DIR, file)} is out of date; run node tools/run-ts.js tools/readiness-docs.ts\n`);
    else fs.writeFileSync(file, rendered);
  }
  process.exit(check && stale ? 1 : 0);
}
