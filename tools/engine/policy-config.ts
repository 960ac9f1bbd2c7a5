/**
 * Policy pack configuration, reconciled and validated the way the Pulumi CLI does before it
 * configures an analyzer (pulumi/pulumi pkg/resource/analyzer/config.go ReconcilePolicyPackConfig):
 *
 *   1. every policy starts at its own level (`policy.enforcementLevel || pack.enforcementLevel`)
 *      with the `default` of each property of its `configSchema`;
 *   2. the pack's `initialConfig` (the third argument of `new PolicyPack`) is applied;
 *   3. the `--policy-pack-config` file is applied;
 *
 * where applying a config sets `all`'s level on every policy first, then each policy's own
 * entry (level and properties, merged key by key). The result is validated against each
 * policy's `configSchema` (JSON schema, as gojsonschema does); any error fails the run naming
 * the pack, the policy and the property, before a policy runs.
 */
import Ajv from "ajv";
import type { EnforcementLevel, Policy, PolicyConfigSchema, PolicyPackConfig } from "@pulumi/policy";

/** `--policy-pack-config` contents: policy name -> level or { enforcementLevel, ...config }; "all" sets every policy's level. */
export type PolicyConfigFile = Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;

export interface ReconciledPolicyConfig {
  readonly level: EnforcementLevel;
  /** What `args.getConfig()` returns. */
  readonly props: Readonly<Record<string, unknown>>;
}

/** A policy config the CLI would reject: names the pack, the policy and the problem. */
export class PolicyConfigError extends Error {
  constructor(
    readonly pack: string,
    readonly problems: readonly string[],
  ) {
    super(`policy pack ${pack}: invalid policy config:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  }
}

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];
const isLevel = (v: unknown): v is EnforcementLevel => typeof v === "string" && (LEVELS as readonly string[]).includes(v);

interface Entry {
  level?: EnforcementLevel;
  props?: Record<string, unknown>;
}

/** Parses a config the way the CLI parses the file (a level string or an object with an optional level). */
function parseConfig(pack: string, config: PolicyConfigFile | PolicyPackConfig | undefined): Map<string, Entry> {
  const out = new Map<string, Entry>();
  const problems: string[] = [];
  for (const [name, value] of Object.entries(config ?? {})) {
    if (typeof value === "string") {
      if (!isLevel(value)) problems.push(`${name}: "${value}" is not a valid enforcement level (${LEVELS.join(", ")})`);
      else out.set(name, { level: value });
    } else if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      const { enforcementLevel, ...props } = value as Record<string, unknown>;
      if (enforcementLevel !== undefined && !isLevel(enforcementLevel)) problems.push(`${name}.enforcementLevel: ${JSON.stringify(enforcementLevel)} is not a valid enforcement level (${LEVELS.join(", ")})`);
      out.set(name, { level: isLevel(enforcementLevel) ? enforcementLevel : undefined, props: Object.keys(props).length > 0 ? props : undefined });
    } else {
      problems.push(`${name}: ${JSON.stringify(value)} is not a valid value; must be a string or object`);
    }
  }
  if (problems.length > 0) throw new PolicyConfigError(pack, problems);
  return out;
}

function apply(result: Map<string, Entry>, config: Map<string, Entry>): void {
  const all = config.get("all");
  if (all?.level) for (const entry of result.values()) entry.level = all.level;
  for (const [name, given] of config) {
    const entry = result.get(name) ?? {};
    if (given.level) entry.level = given.level;
    if (given.props) entry.props = { ...(entry.props ?? {}), ...given.props };
    result.set(name, entry);
  }
}

const ajv = new Ajv({ allErrors: true, jsonPointers: true });
const validators = new WeakMap<PolicyConfigSchema, Ajv.ValidateFunction>();

/** The JSON schema the CLI validates a policy's properties against (gojsonschema: an object with the schema's properties and required). */
function validatorOf(schema: PolicyConfigSchema): Ajv.ValidateFunction {
  let v = validators.get(schema);
  if (!v) {
    v = ajv.compile({ type: "object", ...(schema.properties && Object.keys(schema.properties).length > 0 ? { properties: schema.properties } : {}), ...(schema.required?.length ? { required: schema.required } : {}) });
    validators.set(schema, v);
  }
  return v;
}

function describe(e: Ajv.ErrorObject): string {
  const where = e.dataPath ? e.dataPath.replace(/^\//, "").replace(/\//g, ".") : "";
  if (e.keyword === "required") return `${(e.params as { missingProperty: string }).missingProperty.replace(/^\./, "")} is required`;
  return `${where || "(config)"}: ${e.message ?? e.keyword}`;
}

/**
 * Each policy's level and config for one pack: schema defaults, then the pack's initial
 * config, then the config file. Throws PolicyConfigError when the result violates a schema.
 */
export function reconcilePolicyConfig(
  pack: { readonly name: string; readonly enforcementLevel?: EnforcementLevel; readonly policies: readonly Policy[]; readonly initialConfig?: PolicyPackConfig },
  given: PolicyConfigFile | undefined,
): Map<string, ReconciledPolicyConfig> {
  const result = new Map<string, Entry>();
  for (const p of pack.policies) {
    const defaults: Record<string, unknown> = {};
    for (const [k, schema] of Object.entries(p.configSchema?.properties ?? {})) if (schema && typeof schema === "object" && "default" in schema) defaults[k] = (schema as { default: unknown }).default;
    result.set(p.name, { level: p.enforcementLevel ?? pack.enforcementLevel ?? "advisory", props: Object.keys(defaults).length > 0 ? defaults : undefined });
  }
  apply(result, parseConfig(pack.name, pack.initialConfig));
  apply(result, parseConfig(pack.name, given));

  const problems: string[] = [];
  const out = new Map<string, ReconciledPolicyConfig>();
  for (const p of pack.policies) {
    const entry = result.get(p.name) ?? {};
    const props = entry.props ?? {};
    if (p.configSchema) {
      const validate = validatorOf(p.configSchema);
      if (!validate(props)) for (const e of validate.errors ?? []) problems.push(`${p.name}: ${describe(e)}`);
    }
    out.set(p.name, { level: entry.level ?? pack.enforcementLevel ?? "advisory", props });
  }
  if (problems.length > 0) throw new PolicyConfigError(pack.name, problems);
  return out;
}
