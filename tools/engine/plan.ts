/**
 * The offline plan: program run + policy packs -> PlanJson. Shared by `npm run plan`, the
 * benchmarks and the test harness, so they can never disagree.
 */
import * as fs from "fs";
import * as path from "path";
import { PACKS } from "../../policies/packs";
import type { PackDefinition } from "../../policies/lib/types";
import type { PlanJson } from "./model";
import { controlMatrix } from "./report";
import { runPolicies, type PolicyConfigFile, type PolicyResults } from "./policy-runner";
import { runStack, PROJECT_DIR, type RunOptions, type StackRun } from "./run";
import { withPlanDate } from "../../stacks/plan-date";
import { readinessOf } from "../../stacks/readiness";

export interface PlanOptions extends RunOptions {
  /** Policy config (defaults to policies/config/<stack>.json when it exists). */
  readonly policyConfig?: PolicyConfigFile;
  readonly packs?: readonly PackDefinition[];
}

export interface Plan {
  readonly run: StackRun;
  readonly policy: PolicyResults;
  readonly json: PlanJson;
}

export function readPolicyConfig(stack: string, dir: string = PROJECT_DIR): PolicyConfigFile {
  const file = path.join(dir, "policies", "config", `${stack}.json`);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as PolicyConfigFile) : {};
}

export async function plan(options: PlanOptions): Promise<Plan> {
  const run = await runStack(options);
  // Policies judge waivers on the plan's date, as the program judged support windows.
  const policy = await withPlanDate(run.planDate, () => runPolicies(run.resources, options.packs ?? PACKS, options.policyConfig ?? readPolicyConfig(options.stack, options.projectDir)));
  const json = toJson(run, policy);
  return { run, policy, json: { ...json, controlMatrix: controlMatrix(json, options.packs ?? PACKS) } };
}

export function toJson(run: StackRun, policy: PolicyResults): PlanJson {
  const byType: Record<string, number> = {};
  for (const r of run.resources) byType[r.type] = (byType[r.type] ?? 0) + 1;
  const sortedByType = Object.fromEntries(Object.entries(byType).sort(([a], [b]) => a.localeCompare(b)));
  return {
    stack: run.stack,
    project: run.project,
    planDate: run.planDate,
    operation: run.operation,
    resources: run.resources.map(({ urn, type, name, parent, provider, inputs, dependencies, options }) => ({ urn, type, name, parent, provider, inputs, dependencies, options })),
    violations: policy.violations,
    waivers: policy.waivers,
    outputs: run.outputs,
    diagnostics: run.diagnostics,
    readiness: readinessOf(run.config, new Set(run.files.secretKeys.map((k) => k.slice(k.indexOf(":") + 1)))),
    summary: {
      resources: run.resources.length,
      byType: sortedByType,
      violations: {
        mandatory: policy.violations.filter((v) => v.enforcementLevel === "mandatory").length,
        advisory: policy.violations.filter((v) => v.enforcementLevel === "advisory").length,
        waived: policy.waivers.length,
      },
    },
  };
}
