/**
 * Test harness: builds the whole program for a stack through the same offline engine as
 * `npm run plan` (tools/engine/plan.ts), so stack tests and the CLI cannot disagree.
 * Plans are cached (see planStack).
 */
import * as fs from "fs";
import { plan, type Plan, type PlanOptions } from "../tools/engine/plan";
import { cacheKey, cachedPlan } from "./plan-cache";
import type { EngineResource } from "../tools/engine/recorder";
import { runProgram } from "../tools/engine/run";
import { runPolicies } from "../tools/engine/policy-runner";
import { PACKS } from "../policies/packs";
import { withPlanDate } from "../stacks/plan-date";
import { TEST_PLAN_DATE } from "./harness-date";

const cache = new Map<string, Promise<Plan>>();

/** The date every test plan is judged on (tests/harness-date.ts; jest pins it for all code: tests/setup-clock.ts). */
export { TEST_PLAN_DATE };

/**
 * The plan of `stack` (staging | production), optionally with config overrides. Cached in
 * memory per test file and on disk across workers (tests/plan-cache.ts, keyed by content);
 * custom policy packs bypass the disk cache because functions cannot be keyed by content.
 */
export function planStack(stack: string, given: Omit<PlanOptions, "stack"> = {}): Promise<Plan> {
  const options = { ...given, planDate: given.planDate ?? TEST_PLAN_DATE, operation: given.operation ?? "preview" };
  const stackFileText = options.stackFile ? fs.readFileSync(options.stackFile, "utf8") : null;
  const parts = [stack, stackFileText, options.overrides ?? null, options.policyConfig ?? null, options.planDate, options.operation, options.computedOutputs ?? "known", options.previousOutputs ?? null];
  const key = JSON.stringify([...parts, options.packs?.map((p) => p.name) ?? null]);
  let hit = cache.get(key);
  if (!hit) {
    hit = options.packs ? plan({ ...options, stack }) : cachedPlan(cacheKey(parts), () => plan({ ...options, stack }));
    cache.set(key, hit);
  }
  return hit;
}

/** Resources of a type token (e.g. "gcp:bigtable/instance:Instance"), optionally by name. */
export function resourcesOf(p: Plan, type: string, name?: string | RegExp): EngineResource[] {
  return p.run.resources.filter((r) => r.type === type && (name === undefined || (typeof name === "string" ? r.name === name : name.test(r.name))));
}

/** Exactly one resource of `type` named `name` (or matching); throws with what exists otherwise. */
export function resourceOf(p: Plan, type: string, name?: string | RegExp): EngineResource {
  const found = resourcesOf(p, type, name);
  if (found.length !== 1) {
    const names = resourcesOf(p, type).map((r) => r.name);
    throw new Error(`expected one ${type}${name ? ` named ${String(name)}` : ""}, found ${found.length}; existing: ${names.join(", ") || "none"}`);
  }
  return found[0];
}

/** Direct and indirect children of a resource (by parent URN). */
export function descendantsOf(p: Plan, urn: string): EngineResource[] {
  const out: EngineResource[] = [];
  const frontier = [urn];
  while (frontier.length > 0) {
    const parent = frontier.pop()!;
    for (const r of p.run.resources) {
      if (r.parent === parent) {
        out.push(r);
        frontier.push(r.urn);
      }
    }
  }
  return out;
}

/** The system/component a resource belongs to: its ancestor directly under the stack. */
export function topComponentOf(p: Plan, r: EngineResource): EngineResource | undefined {
  const byUrn = new Map(p.run.resources.map((x) => [x.urn, x]));
  let cur: EngineResource | undefined = r;
  while (cur && cur.parent && byUrn.get(cur.parent)?.type !== "pulumi:pulumi:Stack") cur = byUrn.get(cur.parent);
  return cur;
}

export type { Plan, EngineResource };

/**
 * Runs a small fixture program (real provider classes) through the offline engine and the
 * given policy packs: for policy tests with one violating and one passing resource.
 */
export async function planFixture(
  program: () => Promise<Record<string, unknown> | void> | Record<string, unknown> | void,
  options: { packs?: PlanOptions["packs"]; policyConfig?: PlanOptions["policyConfig"]; stack?: string; planDate?: string } = {},
): Promise<{ resources: EngineResource[]; violations: Plan["policy"]["violations"]; waivers: Plan["policy"]["waivers"]; errors: string[] }> {
  const planDate = options.planDate ?? TEST_PLAN_DATE;
  const run = await runProgram(async () => (await program()) ?? undefined, { stack: options.stack ?? "fixture", planDate });
  const policy = await withPlanDate(planDate, () => runPolicies(run.resources, options.packs ?? PACKS, options.policyConfig ?? {}));
  return { resources: [...run.resources], violations: policy.violations, waivers: policy.waivers, errors: policy.errors };
}
