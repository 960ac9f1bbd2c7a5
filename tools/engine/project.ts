/**
 * Reads Pulumi.yaml and Pulumi.<stack>.yaml the way the CLI does, except that `secure:` values
 * cannot be decrypted offline: each becomes a placeholder that stays a Pulumi secret.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { ConfigError } from "../../stacks/errors";
import { unknownNamespaceProblems } from "../../stacks/namespaces";

export interface StackFiles {
  readonly project: string;
  readonly stack: string;
  /** `ns:key` -> value as the runtime receives it (objects as JSON text). */
  readonly config: Record<string, string>;
  /** `ns:key` entries that hold a secret anywhere inside. */
  readonly secretKeys: string[];
  /** The placeholders standing in for secure values (to prove none leaks). */
  readonly placeholders: string[];
}

export class ProjectError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function readProjectName(dir: string): string {
  const file = path.join(dir, "Pulumi.yaml");
  if (!fs.existsSync(file)) throw new ProjectError(`no Pulumi.yaml in ${dir}`);
  const doc = readYamlFile(file) as { name?: unknown } | null;
  if (typeof doc?.name !== "string") throw new ProjectError(`${file}: "name" is missing`);
  return doc.name;
}

/**
 * How the Pulumi CLI reads a stack file: Go's gopkg.in/yaml.v3 (sdk/go/common/encoding). yaml.v3
 * rejects a key given twice in one mapping ("mapping key already defined") and applies YAML merge
 * keys (`<<: *anchor`, explicit keys of the mapping win over merged ones); the `yaml` package's
 * YAML 1.2 core schema would read `<<` as a plain key, so `merge: true` turns the merge type on.
 * Alias expansion is capped (a "billion laughs" file is refused, as yaml.v3 refuses excessive
 * aliasing) and so is nesting, before anything recursive walks the value.
 */
const YAML_OPTIONS = { merge: true, uniqueKeys: true, prettyErrors: true, strict: true } as const;
const MAX_ALIAS_COUNT = 100;
/** Deeper than any setting of this project (stacks/sections/ nest at most 6 levels). */
export const MAX_CONFIG_DEPTH = 32;

const where = (file: string, linePos: readonly { line: number; col: number }[] | undefined): string => (linePos?.[0] ? `${file}:${linePos[0].line}:${linePos[0].col} (line ${linePos[0].line}, column ${linePos[0].col})` : file);

/** Reads and parses one stack file; every failure is a ProjectError naming file, line and column. */
export function readYamlFile(file: string): unknown {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new ProjectError(`${file}: no such file`);
  }
  if (!stat.isFile()) throw new ProjectError(`${file}: is a directory, not a stack file`);
  const text = fs.readFileSync(file, "utf8");
  const doc = parseDocument(text, YAML_OPTIONS);
  const problem = doc.errors[0];
  if (problem) {
    const message = problem.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, "");
    const duplicate = problem.code === "DUPLICATE_KEY" ? /^[^:\n]*(?::[^\s:][^:\n]*)?/.exec(text.slice(problem.pos[0]))?.[0].trim() : undefined;
    const hint = duplicate ? `: key ${duplicate} is given twice in one mapping (the Pulumi CLI refuses it too)` : problem.code === "TAB_AS_INDENT" ? " (YAML indents with spaces only)" : problem.code === "RESOURCE_EXHAUSTION" ? ` (nesting too deep; settings nest at most ${MAX_CONFIG_DEPTH} levels)` : "";
    throw new ProjectError(`${where(file, problem.linePos)}: ${message}${hint}`);
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const message = (e as Error).message;
    if (/excessive alias/i.test(message)) throw new ProjectError(`${file}: ${message} (more than ${MAX_ALIAS_COUNT} alias expansions)`);
    // An alias without its anchor: the library names the alias, not its place; find it.
    const alias = /alias[^:]*: (\S+)/.exec(message)?.[1];
    const at = alias ? text.indexOf(`*${alias}`) : -1;
    const line = at < 0 ? undefined : text.slice(0, at).split("\n").length;
    const col = at < 0 ? undefined : at - text.lastIndexOf("\n", at - 1);
    throw new ProjectError(`${line ? where(file, [{ line, col: col ?? 1 }]) : file}: ${message}`);
  }
}

/**
 * Loads a stack's config. `stackFile` overrides the default `Pulumi.<stack>.yaml` (tests point
 * it at a mutated copy).
 */
export function readStackFiles(dir: string, stack: string, stackFile?: string): StackFiles {
  const project = readProjectName(dir);
  const file = stackFile ?? path.join(dir, `Pulumi.${stack}.yaml`);
  if (!stackFile && !fs.existsSync(file)) throw new ProjectError(`no stack file ${file}; known stacks: ${knownStacks(dir).join(", ") || "none"}`);
  const doc = readYamlFile(file) ?? {};
  // The CLI unmarshals the file into a struct: a list or a scalar at the top is a type error there too.
  if (!isObject(doc)) throw new ProjectError(`${file}:1:1: the stack file must be a mapping with a \`config:\` key, not ${describe(doc)}`);
  if (doc.config !== undefined && doc.config !== null && !isObject(doc.config)) throw new ProjectError(`${file}: \`config\` must be a mapping of \`namespace:key: value\`, not ${describe(doc.config)}`);
  const raw = isObject(doc.config) ? doc.config : {};
  checkValues(raw, project);
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  const placeholders: string[] = [];
  for (const [rawKey, value] of Object.entries(raw)) {
    const key = rawKey.includes(":") ? rawKey : `${project}:${rawKey}`;
    let secret = false;
    const resolved = resolveSecure(value, key, () => (secret = true), placeholders);
    config[key] = typeof resolved === "string" ? resolved : JSON.stringify(resolved);
    if (secret) secretKeys.push(key);
  }
  return { project, stack, config, secretKeys, placeholders };
}

const describe = (v: unknown): string => (Array.isArray(v) ? "a list" : v === null ? "null" : `a ${typeof v}`);

/**
 * What JSON (the runtime's config transport) cannot carry is refused here, naming the key: a
 * namespace nobody reads (`neurastak:` is a typo, not a provider), `.inf` / `.nan` (JSON turns
 * them into null) and nesting deeper than any setting.
 */
function checkValues(raw: Record<string, unknown>, project: string): void {
  const problems: { key: string; value: unknown; rule: string }[] = [];
  const seen = new Map<string, string>();
  for (const [rawKey, value] of Object.entries(raw)) {
    const key = rawKey.includes(":") ? rawKey : `${project}:${rawKey}`;
    // `environment` and `neurastack:environment` are one setting: the CLI keeps one of them.
    const first = seen.get(key);
    if (first !== undefined) problems.push({ key, value: undefined, rule: `is given twice, as ${JSON.stringify(first)} and ${JSON.stringify(rawKey)}; keep one` });
    seen.set(key, rawKey);
    const unknown = unknownNamespaceProblems([key], project);
    if (unknown.length > 0) {
      problems.push(...unknown);
      continue;
    }
    walk(value, key, 0, problems);
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

function walk(value: unknown, key: string, depth: number, problems: { key: string; value: unknown; rule: string }[]): void {
  if (depth > MAX_CONFIG_DEPTH) {
    problems.push({ key, value: undefined, rule: `nests deeper than ${MAX_CONFIG_DEPTH} levels; no setting is that deep` });
    return;
  }
  if (typeof value === "number" && !Number.isFinite(value)) {
    problems.push({ key, value: String(value), rule: `${Number.isNaN(value) ? ".nan" : value > 0 ? ".inf" : "-.inf"} is not a finite number; give a number within the setting's bounds` });
  } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${key}[${i}]`, depth + 1, problems));
  else if (isObject(value)) for (const [k, v] of Object.entries(value)) walk(v, `${key}.${k}`, depth + 1, problems);
}

function resolveSecure(value: unknown, where: string, onSecret: () => void, placeholders: string[]): unknown {
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === "secure" && typeof value.secure === "string") {
      onSecret();
      const placeholder = `offline-secret-${createHash("sha256").update(where + "\0" + value.secure).digest("hex").slice(0, 16)}`;
      placeholders.push(placeholder);
      return placeholder;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveSecure(v, `${where}.${k}`, onSecret, placeholders);
    return out;
  }
  if (Array.isArray(value)) return value.map((v, i) => resolveSecure(v, `${where}[${i}]`, onSecret, placeholders));
  return typeof value === "string" ? value : value;
}

export function knownStacks(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}
