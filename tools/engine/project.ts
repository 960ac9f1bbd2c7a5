/**
 * Reads Pulumi.yaml and Pulumi.<stack>.yaml the way the CLI does, except that `secure:` values
 * cannot be decrypted offline: each becomes a placeholder that stays a Pulumi secret.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

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
  const doc = parse(fs.readFileSync(file, "utf8")) as { name?: unknown };
  if (typeof doc?.name !== "string") throw new ProjectError(`${file}: "name" is missing`);
  return doc.name;
}

/**
 * Loads a stack's config. `stackFile` overrides the default `Pulumi.<stack>.yaml` (tests point
 * it at a mutated copy).
 */
export function readStackFiles(dir: string, stack: string, stackFile?: string): StackFiles {
  const project = readProjectName(dir);
  const file = stackFile ?? path.join(dir, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) throw new ProjectError(`no stack file ${file}; known stacks: ${knownStacks(dir).join(", ") || "none"}`);
  const doc = (parse(fs.readFileSync(file, "utf8")) ?? {}) as { config?: unknown };
  const raw = isObject(doc.config) ? doc.config : {};
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
