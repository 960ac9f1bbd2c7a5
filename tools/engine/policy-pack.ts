/**
 * A policy pack as the offline engine runs it: what `new PolicyPack(name, args, initialConfig)`
 * received (from a pack folder, pack-loader.ts) or one of this repository's pack definitions.
 * Policies are plain @pulumi/policy policies; this project's rules also carry `metadata`
 * (controls, severity, remediation, resource types), other packs' policies do not.
 */
import type { EnforcementLevel, Policy, PolicyPackConfig, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import type { PackDefinition, RuleMetadata } from "../../policies/lib/types";
import type { PolicyConfigFile } from "./policy-config";

export type EnginePolicy = (ResourceValidationPolicy | StackValidationPolicy) & { readonly metadata?: RuleMetadata };

export interface EnginePack {
  readonly name: string;
  /** The pack's package.json version (the real server reports `name@vversion`). */
  readonly version: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly policies: readonly EnginePolicy[];
  /** `new PolicyPack`'s third argument. */
  readonly initialConfig?: PolicyPackConfig;
  /** The pack folder it was loaded from (absent for in-process definitions). */
  readonly dir?: string;
  /** Its `--policy-pack-config` file contents, when it has its own. */
  readonly config?: PolicyConfigFile;
}

export type PackInput = EnginePack | PackDefinition;

const isDefinition = (p: PackInput): p is PackDefinition => "rules" in p;

export function toEnginePack(p: PackInput): EnginePack {
  if (!isDefinition(p)) return p;
  return { name: p.name, version: p.version, enforcementLevel: p.enforcementLevel, policies: p.rules };
}

// The same tests as @pulumi/policy's (internal) isResourcePolicy / isStackPolicy.
export function isResourcePolicy(p: Policy): p is ResourceValidationPolicy {
  const v = (p as ResourceValidationPolicy).validateResource;
  if (typeof v === "function") return true;
  if (Array.isArray(v)) return v.every((f) => typeof f === "function");
  return typeof (p as ResourceValidationPolicy).remediateResource === "function";
}

export function isStackPolicy(p: Policy): p is StackValidationPolicy {
  return typeof (p as StackValidationPolicy).validateStack === "function";
}

/** `__pulumiType` that validateResourceOfType & co. attach to the functions they return. */
export function pulumiTypeOf(fn: unknown): string | undefined {
  const t = (fn as { __pulumiType?: unknown } | undefined)?.__pulumiType;
  return typeof t === "string" && t.length > 0 ? t : undefined;
}

/**
 * The resource types a policy says it looks for: this project's metadata, else the types the
 * @pulumi/policy helpers attached to its functions; undefined when the policy decides by itself.
 */
export function typesOf(p: EnginePolicy): string[] | undefined {
  if (p.metadata) return [...p.metadata.resourceTypes];
  const fns: unknown[] = [];
  if (isResourcePolicy(p)) {
    const v = p.validateResource;
    fns.push(...(Array.isArray(v) ? v : v ? [v] : []), p.remediateResource);
  }
  if (isStackPolicy(p)) fns.push(p.validateStack);
  const present = fns.filter((f) => typeof f === "function");
  const types = present.map(pulumiTypeOf);
  if (present.length === 0 || types.some((t) => t === undefined)) return undefined;
  return [...new Set(types as string[])];
}
