/**
 * pulumi.Config -> validated, typed StackConfig. Every problem is collected and reported at
 * once, naming the key path, the value and the rule; nothing is registered on failure.
 */
import * as pulumi from "@pulumi/pulumi";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import { eksLifecycle } from "./dated";
import { ConfigError, NAMESPACE, keyPath, ruleText, type ConfigProblem } from "./errors";
import { planDate, type IsoDate } from "./plan-date";
import { unknownNamespaceProblems } from "./namespaces";
import { defaultVpcCidr } from "./networks";
import { PRESETS } from "./presets";
import { assertReady } from "./readiness";
import { AWS_REGIONS } from "./regions";
import { ENVIRONMENTS, SECRET_KEYS, SYSTEM_NAMES, stackConfigSchema, type Environment, type ResolvedRegion, type StackConfig } from "./schema";

/** Config as read from the stack, before validation (keys without the namespace). */
export interface RawConfig {
  readonly project: string;
  readonly stack: string;
  readonly values: Readonly<Record<string, unknown>>;
  /** Keys that were set with `--secret`. */
  readonly secretKeys: ReadonlySet<string>;
  /** The date the plan is judged on (support windows, waivers): stacks/plan-date.ts. */
  readonly planDate: IsoDate;
  /**
   * What the engine is doing: `preview` (pulumi preview, `npm run plan`) or `update` (pulumi up,
   * `npm run plan -- --update`). Some inputs may be placeholders in a preview, never in an update.
   */
  readonly operation: Operation;
}

export type Operation = "preview" | "update";

/** Reads `neurastack:*` from the running Pulumi program (real engine or mock runtime). */
export function readRawConfig(): RawConfig {
  const all = pulumi.runtime.allConfig();
  const values: Record<string, unknown> = {};
  const secretKeys = new Set<string>();
  // A misspelt namespace (`neurastak:`) is an unknown key here too, as in the offline reader.
  const unknown = unknownNamespaceProblems(Object.keys(all), pulumi.getProject());
  if (unknown.length > 0) throw new ConfigError(unknown);
  for (const [fullKey, text] of Object.entries(all)) {
    const [ns, key] = splitKey(fullKey);
    if (ns !== NAMESPACE || key === undefined) continue;
    values[key] = parseConfigValue(text);
    if (isConfigSecret(fullKey)) secretKeys.add(key);
  }
  return { project: pulumi.getProject(), stack: pulumi.getStack(), values, secretKeys, planDate: planDate(), operation: pulumi.runtime.isDryRun() ? "preview" : "update" };
}

// The runtime exports isConfigSecret (it reads PULUMI_CONFIG_SECRET_KEYS) but its typings omit it.
const isConfigSecret = (runtimeConfig as unknown as { isConfigSecret(key: string): boolean }).isConfigSecret;

function splitKey(fullKey: string): [string, string | undefined] {
  const i = fullKey.indexOf(":");
  return i < 0 ? [fullKey, undefined] : [fullKey.slice(0, i), fullKey.slice(i + 1)];
}

/** Pulumi hands structured values over as JSON text and scalars as plain text. */
export function parseConfigValue(text: string): unknown {
  const trimmed = text.trim();
  if (/^[[{]/.test(trimmed) || /^(true|false|null|-?\d+(\.\d+)?([eE][+-]?\d+)?)$/.test(trimmed)) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return text;
    }
  }
  return text;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Objects merge key by key; arrays and scalars from `override` replace. */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (isObject(base) && isObject(override)) {
    const out: Json = { ...base };
    for (const [k, v] of Object.entries(override)) out[k] = deepMerge(base[k], v);
    return out;
  }
  return override;
}

/**
 * The stacks this program deploys: one per environment, named after it. A stack of another
 * name would get no preset and no policy config, and a production file planned as staging (or
 * `environment: staging` in Pulumi.production.yaml) would drop production's protections; both
 * are config errors.
 */
export const KNOWN_STACKS: readonly Environment[] = ENVIRONMENTS;

function resolveEnvironment(raw: RawConfig): Environment | ConfigProblem {
  if (!(KNOWN_STACKS as readonly string[]).includes(raw.stack)) {
    return { key: "stack", value: raw.stack, rule: `${JSON.stringify(raw.stack)} is not a known stack; known stacks: ${KNOWN_STACKS.join(", ")} (each stack deploys the environment of its name)` };
  }
  const given = raw.values.environment;
  if (given === undefined) return raw.stack as Environment;
  if (!(ENVIRONMENTS as readonly unknown[]).includes(given)) {
    return { key: keyPath(["environment"]), value: given, rule: `${JSON.stringify(given)} is not an environment (one of ${ENVIRONMENTS.join(", ")})` };
  }
  if (given !== raw.stack) {
    return {
      key: keyPath(["environment"]),
      value: given,
      rule: `${JSON.stringify(given)} does not match the stack ${JSON.stringify(raw.stack)}; stack ${raw.stack} deploys environment ${raw.stack} (is this ${given}'s stack file planned as ${raw.stack}?)`,
    };
  }
  return given as Environment;
}

/** Validates raw config against the schema and presets; throws ConfigError listing every problem. */
export function loadStackConfig(raw: RawConfig): StackConfig {
  const env = resolveEnvironment(raw);
  if (typeof env !== "string") throw new ConfigError([env]);
  const preset = PRESETS[env];
  const problems: ConfigProblem[] = [];

  for (const key of Object.keys(SECRET_KEYS)) {
    if (raw.values[key] !== undefined && !raw.secretKeys.has(key)) {
      problems.push({
        key: keyPath([key]),
        value: "[redacted]",
        rule: `is given in plain text but must be a secret; run \`pulumi config set --secret ${key} <value>\``,
      });
    }
  }

  const merged: Json = { environment: env };
  const enabled = Array.isArray(raw.values.systems) ? raw.values.systems : preset.systems;
  for (const [key, presetValue] of Object.entries(preset)) {
    const isSystem = (SYSTEM_NAMES as readonly string[]).includes(key);
    if (isSystem && !enabled.includes(key) && raw.values[key] === undefined) continue;
    merged[key] = deepMerge(presetValue, raw.values[key]);
  }
  for (const [key, value] of Object.entries(raw.values)) {
    if (!(key in merged) && key !== "environment" && !(key in SECRET_KEYS)) merged[key] = value;
  }

  const result = stackConfigSchema.safeParse(merged, { reportInput: true, error: ruleText });
  if (!result.success) {
    for (const issue of result.error.issues) {
      if (issue.code === "unrecognized_keys") {
        for (const k of issue.keys) {
          problems.push({ key: keyPath([...issue.path, k]), value: valueAt(merged, [...issue.path, k]), rule: "is not a known setting; check the spelling (see stacks/sections/)" });
        }
        continue;
      }
      problems.push({ key: keyPath(issue.path), value: issue.input, rule: issue.message });
    }
  }
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  // Dated facts are judged on the plan date: an EKS minor past extended support fails the plan.
  const eks = eksLifecycle(result.data.platform.kubernetesVersion, raw.planDate);
  if (eks.error) throw new ConfigError([{ key: keyPath(["platform", "kubernetesVersion"]), value: result.data.platform.kubernetesVersion, rule: eks.error }]);

  // Secret values never travel in the config object: read them with secretSetting().
  const cfg = Object.fromEntries(Object.entries(result.data).filter(([key]) => !(key in SECRET_KEYS))) as Omit<typeof result.data, keyof typeof SECRET_KEYS>;
  // A real update refuses placeholders (a preview lists them): stacks/readiness.ts. The registries
  // bootstrap phase builds nothing that consumes them.
  if (!cfg.registries.bootstrap) assertReady(cfg, raw.operation, raw.secretKeys);
  return { ...cfg, stack: raw.stack, project: raw.project, regions: resolveRegions(cfg.platform.regions, env) };
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const p of path) cur = isObject(cur) || Array.isArray(cur) ? (cur as Record<PropertyKey, unknown>)[p] : undefined;
  return cur;
}

function resolveRegions(regions: StackConfig["platform"]["regions"], env: Environment): ResolvedRegion[] {
  return regions.map((r, index) => {
    const info = AWS_REGIONS[r.name];
    return {
      name: r.name,
      index,
      jurisdiction: r.jurisdiction ?? info.defaultJurisdiction,
      location: info.location,
      timezone: info.timezone,
      locale: info.locale,
      eu: info.eu,
      vpcCidr: r.vpcCidr ?? defaultVpcCidr(index),
      natGateways: r.natGateways ?? (env === "production" ? "perAz" : "single"),
    };
  });
}

/** A secret setting as a Pulumi secret, or undefined when the stack does not set it. */
export function secretSetting(key: keyof typeof SECRET_KEYS): pulumi.Output<string> | undefined {
  return new pulumi.Config(NAMESPACE).getSecret(key);
}
