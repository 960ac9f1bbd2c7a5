/**
 * Runs CrossGuard policies over recorded resources the way the policy pack server does: each
 * resource policy on each resource with its inputs (Analyze), each stack policy once over all
 * resources with their outputs (AnalyzeStack), enforcement from the pack, the rule and config.
 */
import * as path from "path";
import type { EnforcementLevel, PolicyResource, ReportViolation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import type { PackDefinition, Rule, RuleResourcePolicy, RuleStackPolicy } from "../../policies/lib/types";
import { WAIVED_PREFIX } from "../../policies/lib/types";
import { ruleAppliesTo } from "../../policies/lib/rule";
import type { EngineResource } from "./recorder";
import type { Violation, Waiver } from "./model";

/* eslint-disable @typescript-eslint/no-require-imports */
const policyDir = path.dirname(require.resolve("@pulumi/policy/package.json"));
const { deserializeProperties } = require(path.join(policyDir, "deserialize")) as {
  deserializeProperties(struct: { toJavaScript(): Record<string, unknown> }, proxySecrets: boolean): Record<string, unknown>;
};
const { unknownCheckingProxy } = require(path.join(policyDir, "proxy")) as { unknownCheckingProxy<T>(o: T): T };
/* eslint-enable @typescript-eslint/no-require-imports */

/** `--policy-pack-config` contents: policy name -> level or { enforcementLevel, ...config }; "all" sets every policy. */
export type PolicyConfigFile = Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;

export interface PolicyResults {
  readonly violations: Violation[];
  readonly waivers: Waiver[];
  /** Policies that threw (a bug in a rule, reported rather than hidden). */
  readonly errors: string[];
}

class NotApplicable extends Error {}

// The same tests as @pulumi/policy's (internal) isResourcePolicy / isStackPolicy.
const isResourceRule = (rule: Rule): rule is RuleResourcePolicy => "validateResource" in rule && rule.validateResource !== undefined;
const isStackRule = (rule: Rule): rule is RuleStackPolicy => "validateStack" in rule && typeof rule.validateStack === "function";

const asStruct = (value: Record<string, unknown>) => ({ toJavaScript: () => value });

function settingsFor(config: PolicyConfigFile, policy: string): { level?: EnforcementLevel; props: Record<string, unknown> } {
  const entry = config[policy] ?? config.all;
  if (entry === undefined) return { props: {} };
  if (typeof entry === "string") return { level: entry, props: {} };
  const { enforcementLevel, ...props } = entry;
  return { level: enforcementLevel ?? (typeof config.all === "string" ? config.all : undefined), props };
}

function controlsOf(rule: Rule): string[] {
  return rule.metadata.controls.map((c) => `${c.framework} ${c.id}`);
}

export async function runPolicies(resources: readonly EngineResource[], packs: readonly PackDefinition[], config: PolicyConfigFile = {}): Promise<PolicyResults> {
  const violations: Violation[] = [];
  const waivers: Waiver[] = [];
  const errors: string[] = [];
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  // Inputs are deserialised once per resource and shared by every rule (the real server does it
  // per call; the values are the same, and plans with thousands of resources stay fast).
  const inputCache = new Map<string, Record<string, unknown>>();
  const inputsOf = (r: EngineResource): Record<string, unknown> => {
    let hit = inputCache.get(r.urn);
    if (!hit) {
      hit = unknownCheckingProxy(deserializeProperties(asStruct(r.wireInputs), false));
      inputCache.set(r.urn, hit);
    }
    return hit;
  };
  const providerOf = (r: EngineResource) => {
    const p = r.provider ? byUrn.get(r.provider) : undefined;
    return p ? { type: p.type, urn: p.urn, name: p.name, props: inputsOf(p) } : undefined;
  };
  const optsOf = (r: EngineResource) => ({
    protect: r.options.protect,
    ignoreChanges: [...r.options.ignoreChanges],
    deleteBeforeReplace: r.options.deleteBeforeReplace,
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [...r.options.additionalSecretOutputs],
    ...(r.parent ? { parent: r.parent } : {}),
  });
  const isTypeFor = (type: string) => (cls: { __pulumiType?: string; isInstance?: (o: unknown) => boolean }) => {
    const token = cls.__pulumiType;
    if (typeof token === "string" && token.length > 0) return type === token;
    return typeof cls.isInstance === "function" && cls.isInstance({ __pulumiType: type }) === true;
  };

  // Stack policies see every resource with its outputs; built once and shared by every stack rule.
  let stackResources: PolicyResource[] | undefined;
  const stackResourcesOf = (): PolicyResource[] => {
    if (stackResources) return stackResources;
    const policyResources: PolicyResource[] = resources.map((r) => {
      const props = unknownCheckingProxy(deserializeProperties(asStruct(r.wireOutputs), false));
      const provider = providerOf(r);
      return {
        type: r.type,
        props,
        urn: r.urn,
        name: r.name,
        opts: optsOf(r),
        dependencies: [],
        propertyDependencies: {},
        isType: isTypeFor(r.type) as PolicyResource["isType"],
        asType: ((cls: { __pulumiType?: string }) => (isTypeFor(r.type)(cls) ? props : undefined)) as PolicyResource["asType"],
        ...(provider ? { provider } : {}),
      };
    });
    const byUrnPolicy = new Map(policyResources.map((p) => [p.urn, p]));
    resources.forEach((r, i) => {
      const p = policyResources[i] as { parent?: PolicyResource; dependencies: PolicyResource[]; propertyDependencies: Record<string, PolicyResource[]> };
      if (r.parent && byUrnPolicy.has(r.parent)) p.parent = byUrnPolicy.get(r.parent);
      p.dependencies = r.dependencies.map((d) => byUrnPolicy.get(d)).filter((d): d is PolicyResource => d !== undefined);
      for (const [k, urns] of Object.entries(r.propertyDependencies)) {
        p.propertyDependencies[k] = urns.map((d) => byUrnPolicy.get(d)).filter((d): d is PolicyResource => d !== undefined);
      }
    });
    stackResources = policyResources;
    return policyResources;
  };

  for (const pack of packs) {
    for (const rule of pack.rules) {
      const settings = settingsFor(config, rule.name);
      let level = settings.level ?? rule.enforcementLevel ?? pack.enforcementLevel;
      if (level === "disabled") continue;
      if (level === "remediate") level = "mandatory";
      const getConfig = <T extends object>() => settings.props as T;
      const report = (urnDefault: string | null): ReportViolation =>
        ((message: string | { message?: string; urn?: string; enforcementLevel?: EnforcementLevel }, urn?: string) => {
          const obj = typeof message === "object" ? message : undefined;
          const text: string = obj ? (obj.message ?? rule.description ?? "") : message ? `${rule.description}\n${message as string}` : (rule.description ?? "");
          const finalUrn = (obj ? obj.urn : urn) ?? urnDefault;
          const finalLevel = (obj?.enforcementLevel ?? level) as "advisory" | "mandatory";
          const body: string = obj ? text : (message as string) || rule.description;
          if (body.startsWith(WAIVED_PREFIX)) {
            const m = /^WAIVED until (\S+): (.*?) \| /s.exec(body);
            waivers.push({ pack: pack.name, policy: rule.name, urn: finalUrn ?? "", reason: m?.[2] ?? body, expires: m?.[1] ?? "" });
            return;
          }
          violations.push({ pack: pack.name, policy: rule.name, enforcementLevel: finalLevel, severity: rule.severity ?? rule.metadata.severity, urn: finalUrn, message: text, controls: controlsOf(rule) });
        }) as ReportViolation;

      if (isResourceRule(rule)) {
        const validations = (Array.isArray(rule.validateResource) ? rule.validateResource : [rule.validateResource]).filter((v) => typeof v === "function");
        for (const r of resources) {
          if (r.type === "pulumi:pulumi:Stack") continue;
          // A rule built with policies/lib/rule.ts ignores other types anyway: skip building its args.
          if (rule.metadata && !ruleAppliesTo(rule.metadata, r.type)) continue;
          for (const validate of validations) {
            const props = inputsOf(r);
            const provider = providerOf(r);
            const args: ResourceValidationArgs = {
              type: r.type,
              props,
              urn: r.urn,
              name: r.name,
              opts: optsOf(r),
              stackTags: new Map(),
              isType: isTypeFor(r.type) as ResourceValidationArgs["isType"],
              asType: ((cls: { __pulumiType?: string }) => (isTypeFor(r.type)(cls) ? props : undefined)) as ResourceValidationArgs["asType"],
              getConfig,
              notApplicable: (reason?: string) => {
                throw new NotApplicable(reason);
              },
              ...(provider ? { provider } : {}),
            };
            try {
              await Promise.resolve(validate(args, report(r.urn)));
            } catch (e) {
              if (!(e instanceof NotApplicable)) errors.push(`${rule.name} on ${r.urn}: ${(e as Error).message}`);
            }
          }
        }
      } else if (isStackRule(rule)) {
        const policyResources = stackResourcesOf();
        const args: StackValidationArgs = {
          resources: policyResources,
          getConfig,
          stackTags: new Map(),
          notApplicable: (reason?: string) => {
            throw new NotApplicable(reason);
          },
        };
        try {
          await Promise.resolve(rule.validateStack(args, report(null)));
        } catch (e) {
          if (!(e instanceof NotApplicable)) errors.push(`${rule.name}: ${(e as Error).message}`);
        }
      }
    }
  }
  return { violations, waivers, errors };
}
