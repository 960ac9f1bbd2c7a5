/**
 * Runs CrossGuard policy packs over recorded resources the way the Pulumi CLI and the policy
 * pack server (@pulumi/policy server.js) do:
 *
 * - config: schema defaults, the pack's initial config, then its config file (policy-config.ts);
 * - `remediate` policies first transform each resource's inputs (every pack, in order) and every
 *   later policy sees the transformed inputs; remediation is recorded as a preview shows it;
 * - each resource policy on each resource with its inputs (Analyze), each stack policy once over
 *   all resources with their outputs (AnalyzeStack); `remediate` reports as mandatory,
 *   `disabled` does not run;
 * - a policy that reads a value unknown at preview is "undecided" (the server's advisory
 *   "can't run policy ... during preview"), not passed;
 * - a policy that throws is its pack's error; one that declares itself not applicable (or whose
 *   typed helper does not match) did not check that resource.
 *
 * Policies need no metadata: one without this project's (controls, remediation) reports with its
 * pack's names, levels and messages.
 */
import * as path from "path";
import type { EnforcementLevel, PolicyResource, ReportViolation, ResourceValidation, ResourceValidationArgs, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { WAIVED_PREFIX } from "../../policies/lib/types";
import { typeMatcher } from "../../policies/lib/match";
import type { EngineResource } from "./recorder";
import type { PolicyError, PolicyInfo, Remediation, Undecided, Violation, Waiver } from "./model";
import { reconcilePolicyConfig, type PolicyConfigFile } from "./policy-config";
import { isResourcePolicy, isStackPolicy, pulumiTypeOf, toEnginePack, typesOf, type EnginePack, type EnginePolicy, type PackInput } from "./policy-pack";
import { withoutNetwork } from "./offline-network";
import { maskWire } from "./wire";
import { changedPaths } from "./value-diff";

/* eslint-disable @typescript-eslint/no-require-imports */
const policyDir = path.dirname(require.resolve("@pulumi/policy/package.json"));
const { deserializeProperties, serializeProperties } = require(path.join(policyDir, "deserialize")) as {
  deserializeProperties(struct: { toJavaScript(): Record<string, unknown> }, proxySecrets: boolean): Record<string, unknown>;
  serializeProperties(value: unknown): Promise<Record<string, unknown>>;
};
const { unknownCheckingProxy } = require(path.join(policyDir, "proxy")) as { unknownCheckingProxy<T>(o: T): T };
/* eslint-enable @typescript-eslint/no-require-imports */

export type { PolicyConfigFile } from "./policy-config";

export interface PolicyResults {
  readonly violations: Violation[];
  readonly waivers: Waiver[];
  /** Policies that threw, one line each (`pack: policy on urn: message`). */
  readonly errors: string[];
  readonly policyErrors: PolicyError[];
  readonly undecided: Undecided[];
  readonly remediations: Remediation[];
  readonly policies: PolicyInfo[];
}

class NotApplicable extends Error {}

/** The error @pulumi/policy's unknown-checking proxy throws (any copy of the package). */
function unknownRead(e: unknown): { path: string; message: string } | undefined {
  if (!(e instanceof Error) || e.constructor.name !== "UnknownValueError") return undefined;
  const props = (e as Error & { props?: unknown[] }).props;
  return { path: Array.isArray(props) ? props.map(String).join(".") : "", message: e.message };
}

const firstLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split("\n")[0];

const asStruct = (value: Record<string, unknown>) => ({ toJavaScript: () => value });

const isTypeFor = (type: string) => (cls: { __pulumiType?: string; isInstance?: (o: unknown) => boolean }) => {
  const token = pulumiTypeOf(cls);
  if (token) return type === token;
  return typeof cls.isInstance === "function" && cls.isInstance({ __pulumiType: type }) === true;
};

function controlsOf(p: EnginePolicy): string[] {
  return p.metadata ? p.metadata.controls.map((c) => `${c.framework} ${c.id}`) : [];
}

interface ReportObject {
  message?: string;
  description?: string;
  urn?: string;
  name?: string;
  enforcementLevel?: EnforcementLevel;
  severity?: string;
}

/**
 * Runs `packs` over `resources`. `config` is the policy config for packs that bring none of their
 * own (a pack loaded with `--policy-pack-config` carries its file).
 */
export interface RunPoliciesOptions {
  /**
   * The plan deliberately builds only part of the stack (the `registries.bootstrap` phase): its
   * waivers name resources of the full stack, so none is judged stale. Default false.
   */
  readonly partialPlan?: boolean;
}

export async function runPolicies(resources: readonly EngineResource[], packs: readonly PackInput[], config: PolicyConfigFile = {}, options: RunPoliciesOptions = {}): Promise<PolicyResults> {
  return withoutNetwork(() => run(resources, packs.map(toEnginePack), config, options));
}

async function run(resources: readonly EngineResource[], packs: readonly EnginePack[], defaultConfig: PolicyConfigFile, options: RunPoliciesOptions): Promise<PolicyResults> {
  const violations: Violation[] = [];
  const waivers: Waiver[] = [];
  const policyErrors: PolicyError[] = [];
  const undecided: Undecided[] = [];
  const remediations: Remediation[] = [];
  const policies: PolicyInfo[] = [];
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const configs = new Map(packs.map((pack) => [pack, reconcilePolicyConfig(pack, pack.config ?? defaultConfig)]));
  const levelOf = (pack: EnginePack, p: EnginePolicy): EnforcementLevel => configs.get(pack)?.get(p.name)?.level ?? p.enforcementLevel ?? pack.enforcementLevel;
  const getConfigOf =
    (pack: EnginePack, p: EnginePolicy) =>
    <T extends object>(): T =>
      ({ ...(configs.get(pack)?.get(p.name)?.props ?? {}) }) as T;

  // Inputs as policies see them: the program's, or a remediation's result.
  const remediated = new Map<string, Record<string, unknown>>();
  const wireInputsOf = (r: EngineResource) => remediated.get(r.urn) ?? r.wireInputs;
  // Deserialised once per resource and shared by every policy (the real server does it per call;
  // the values are the same, and plans with thousands of resources stay fast).
  const inputCache = new Map<string, Record<string, unknown>>();
  const inputsOf = (r: EngineResource): Record<string, unknown> => {
    let hit = inputCache.get(r.urn);
    if (!hit) {
      hit = unknownCheckingProxy(deserializeProperties(asStruct(wireInputsOf(r)), false));
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
  const notApplicable = (reason?: string): never => {
    throw new NotApplicable(reason);
  };
  const resourceArgs = (r: EngineResource, props: Record<string, unknown>, getConfig: ResourceValidationArgs["getConfig"]): ResourceValidationArgs => {
    const provider = providerOf(r);
    return {
      type: r.type,
      props,
      urn: r.urn,
      name: r.name,
      opts: optsOf(r),
      stackTags: new Map(),
      isType: isTypeFor(r.type) as ResourceValidationArgs["isType"],
      asType: ((cls: { __pulumiType?: string }) => (isTypeFor(r.type)(cls) ? props : undefined)) as ResourceValidationArgs["asType"],
      getConfig,
      notApplicable,
      ...(provider ? { provider } : {}),
    };
  };
  const checkable = resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
  const failed = (pack: EnginePack, p: EnginePolicy, urn: string | null, e: unknown) => policyErrors.push({ pack: pack.name, policy: p.name, urn, message: firstLine(e) });
  const couldNotDecide = (pack: EnginePack, p: EnginePolicy, urn: string | null, unknown: { path: string; message: string }) =>
    undecided.push({ pack: pack.name, policy: p.name, urn, path: unknown.path, message: `can't run policy '${p.name}' from policy pack '${pack.name}@v${pack.version}' during preview: ${unknown.message}` });

  // First pass: remediations, every pack in order, so later policies see the transformed inputs.
  for (const r of checkable) {
    for (const pack of packs) {
      for (const p of pack.policies) {
        if (levelOf(pack, p) !== "remediate" || !isResourcePolicy(p) || typeof p.remediateResource !== "function") continue;
        const t = pulumiTypeOf(p.remediateResource);
        if (t && t !== r.type) continue;
        const props = unknownCheckingProxy(deserializeProperties(asStruct(wireInputsOf(r)), true));
        try {
          const result = await Promise.resolve(p.remediateResource(resourceArgs(r, props, getConfigOf(pack, p))));
          if (!result) continue;
          const before = wireInputsOf(r);
          const after = await serializeProperties(result);
          remediated.set(r.urn, after);
          inputCache.delete(r.urn);
          remediations.push({ pack: pack.name, policy: p.name, urn: r.urn, changes: changedPaths(maskWire(before), maskWire(after)) });
        } catch (e) {
          const unknown = unknownRead(e);
          if (unknown) couldNotDecide(pack, p, r.urn, unknown);
          else if (!(e instanceof NotApplicable)) failed(pack, p, r.urn, e);
        }
      }
    }
  }

  // Stack policies see every resource with its outputs; built once and shared by every stack policy.
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
  const customResources = resources.filter((r) => r.provider !== null && !r.type.startsWith("pulumi:"));

  for (const pack of packs) {
    for (const p of pack.policies) {
      const configured = levelOf(pack, p);
      const types = typesOf(p);
      const info = (checked: number): PolicyInfo => ({
        pack: pack.name,
        packVersion: pack.version,
        policy: p.name,
        description: p.description,
        kind: isStackPolicy(p) && !isResourcePolicy(p) ? "stack" : "resource",
        enforcementLevel: configured,
        severity: p.severity ?? p.metadata?.severity ?? "unspecified",
        controls: controlsOf(p),
        resourceTypes: types ?? null,
        ...(p.metadata?.remediation || p.remediationSteps ? { remediation: p.metadata?.remediation ?? p.remediationSteps } : {}),
        checked,
      });
      if (configured === "disabled") {
        policies.push(info(0));
        continue;
      }
      // Remediation is done; its violations report as mandatory (as the server downgrades it).
      const level: "advisory" | "mandatory" = configured === "remediate" ? "mandatory" : configured;
      const getConfig = getConfigOf(pack, p);
      const report = (urnDefault: string | null): ReportViolation =>
        ((message: string | ReportObject, urn?: string) => {
          const obj = typeof message === "object" && message !== null ? message : undefined;
          const text: string = obj ? (obj.message || obj.description || p.description) : message ? `${p.description}\n${message}` : p.description;
          const finalUrn = (obj ? obj.urn : urn) ?? urnDefault;
          const finalLevel = (obj?.enforcementLevel === "advisory" || obj?.enforcementLevel === "mandatory" ? obj.enforcementLevel : level) as "advisory" | "mandatory";
          const policyName = obj?.name || p.name;
          const body: string = obj ? text : (message as string) || p.description;
          if (body.startsWith(WAIVED_PREFIX)) {
            const m = /^WAIVED until (\S+): (.*?) \| /s.exec(body);
            waivers.push({ pack: pack.name, policy: policyName, urn: finalUrn ?? "", reason: m?.[2] ?? body, expires: m?.[1] ?? "" });
            return;
          }
          violations.push({ pack: pack.name, policy: policyName, enforcementLevel: finalLevel, severity: obj?.severity ?? p.severity ?? p.metadata?.severity ?? "unspecified", urn: finalUrn, message: text, controls: controlsOf(p) });
        }) as ReportViolation;

      if (isResourcePolicy(p)) {
        const validations = (Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource]).filter((v): v is ResourceValidation => typeof v === "function");
        let checked = 0;
        if (validations.length > 0) {
          const matches = p.metadata ? typeMatcher(p.metadata.resourceTypes) : undefined;
          for (const r of checkable) {
            // A rule built with policies/lib/rule.ts ignores other types anyway: skip building its args.
            if (matches && !matches(r.type)) continue;
            let ran = false;
            for (const validate of validations) {
              // validateResourceOfType's fast path (the server skips a single typed validation the same way).
              const t = pulumiTypeOf(validate);
              if (t && t !== r.type) continue;
              try {
                await Promise.resolve(validate(resourceArgs(r, inputsOf(r), getConfig), report(r.urn)));
                ran = true;
              } catch (e) {
                const unknown = unknownRead(e);
                if (unknown) {
                  ran = true;
                  couldNotDecide(pack, p, r.urn, unknown);
                } else if (!(e instanceof NotApplicable)) {
                  ran = true;
                  failed(pack, p, r.urn, e);
                }
              }
            }
            if (ran) checked++;
          }
        }
        policies.push(info(checked));
      } else if (isStackPolicy(p)) {
        const stackPolicy = p as StackValidationPolicy & EnginePolicy;
        const t = pulumiTypeOf(stackPolicy.validateStack);
        const looksAt = types ? customResources.filter((r) => typeMatcher(types)(r.type)).length : customResources.length;
        if (t && !resources.some((r) => r.type === t)) {
          policies.push(info(0));
          continue;
        }
        const args: StackValidationArgs = { resources: stackResourcesOf(), getConfig, stackTags: new Map(), notApplicable };
        let checked = looksAt;
        try {
          await Promise.resolve(stackPolicy.validateStack(args, report(null)));
        } catch (e) {
          const unknown = unknownRead(e);
          if (unknown) couldNotDecide(pack, p, null, unknown);
          else if (e instanceof NotApplicable) checked = 0;
          else failed(pack, p, null, e);
        }
        policies.push(info(checked));
      }
    }
  }
  for (const pack of options.partialPlan ? [] : packs) {
    for (const p of pack.policies) {
      const level = levelOf(pack, p);
      if (level === "disabled") continue;
      for (const message of staleWaivers(configs.get(pack)?.get(p.name)?.props?.waivers, resources)) {
        violations.push({ pack: pack.name, policy: p.name, enforcementLevel: level === "advisory" ? "advisory" : "mandatory", severity: p.metadata?.severity ?? "high", urn: null, message, controls: controlsOf(p) });
      }
    }
  }
  const errors = policyErrors.map((e) => `${e.pack}: ${e.policy}${e.urn ? ` on ${e.urn}` : ""}: ${e.message}`);
  return { violations, waivers, errors, policyErrors, undecided, remediations, policies };
}

/**
 * A waiver that names no resource of the plan is a finding at the policy's own level: it waives
 * nothing today and would silently waive whatever later takes that name (a typo, or a resource
 * renamed or removed). A resource policy sees one resource at a time and cannot tell, so the
 * engine checks it once over the whole plan, as `npm run plan` (and CI before a deploy) runs it.
 */
export function staleWaivers(waivers: unknown, resources: readonly { urn: string; name: string }[]): string[] {
  if (!Array.isArray(waivers)) return [];
  const names = new Set(resources.flatMap((r) => [r.urn, r.name]));
  return waivers
    .map((w: unknown) => (typeof w === "object" && w !== null ? (w as { resource?: unknown }).resource : undefined))
    .filter((resource): resource is string => typeof resource === "string" && !names.has(resource))
    .map((resource) => `the waiver for ${JSON.stringify(resource)} names no resource in this plan; remove it or correct the name (a stale waiver would waive whatever takes that name later)`);
}
