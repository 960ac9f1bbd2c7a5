/**
 * The offline plan: program run + policy packs -> PlanJson. Shared by `npm run plan`, the
 * benchmarks and the test harness, so they can never disagree.
 */
import * as fs from "fs";
import * as path from "path";
import type { PackDefinition, Rule } from "../../policies/lib/types";
import { ConfigError } from "../../stacks/errors";
import type { PlanJson, PreviewGaps } from "./model";
import { controlMatrix } from "./report";
import { unmappedRows } from "./report-unmapped";
import { runPolicies, type PolicyConfigFile, type PolicyResults } from "./policy-runner";
import { toEnginePack, type EnginePack, type PackInput } from "./policy-pack";
import { loadPolicyPack, type PackSource } from "./pack-loader";
import { runStack, PROJECT_DIR, type RunOptions, type StackRun } from "./run";
import { diffPlans } from "./diff";
import { withPlanDate } from "../../stacks/plan-date";
import { readinessOf } from "../../stacks/readiness";

export interface PlanOptions extends RunOptions {
  /** Policy config for `packs` (defaults to policies/config/<stack>.json when it exists). */
  readonly policyConfig?: PolicyConfigFile;
  /** In-process packs (tests); `policyConfig` applies to them. */
  readonly packs?: readonly PackInput[];
  /** Pack folders with their config files (`--policy-pack DIR [--policy-pack-config FILE]`). */
  readonly policyPacks?: readonly PackSource[];
  /** A previous plan (`--against BASE.json`): the plan records what changes relative to it. */
  readonly against?: PlanJson;
}

export interface Plan {
  readonly run: StackRun;
  readonly policy: PolicyResults;
  readonly json: PlanJson;
}

/** This repository's packs, in the order the default plan runs them (folder under policies/). */
export const DEFAULT_PACK_FOLDERS = ["hipaa", "gdpr", "baseline"] as const;

/**
 * The default of `--policy-pack` / `--policy-pack-config`: this repository's pack folders, each
 * with policies/config/<stack>/<pack>.json when it exists (what the README's `pulumi preview` passes).
 */
export function defaultPackSources(stack: string, dir: string = PROJECT_DIR, withConfig = true): PackSource[] {
  return DEFAULT_PACK_FOLDERS.map((folder) => {
    const configFile = path.join(dir, "policies", "config", stack, `${folder}.json`);
    return { dir: path.join(dir, "policies", folder), ...(withConfig && fs.existsSync(configFile) ? { configFile } : {}) };
  });
}

export function readPolicyConfig(stack: string, dir: string = PROJECT_DIR): PolicyConfigFile {
  const file = path.join(dir, "policies", "config", `${stack}.json`);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as PolicyConfigFile) : {};
}

/** The packs of a plan and the config that applies to those without their own file. */
function packsOf(options: PlanOptions): { packs: EnginePack[]; config: PolicyConfigFile } {
  if (options.packs) return { packs: options.packs.map(toEnginePack), config: options.policyConfig ?? readPolicyConfig(options.stack, options.projectDir) };
  const sources = options.policyPacks ?? defaultPackSources(options.stack, options.projectDir ?? PROJECT_DIR, options.policyConfig === undefined);
  return { packs: sources.map(loadPolicyPack), config: options.policyConfig ?? {} };
}

/** Pack definitions of the policies that carry this project's metadata (for the control matrix). */
function mappedDefinitions(packs: readonly EnginePack[]): PackDefinition[] {
  return packs.map((p) => ({ name: p.name, version: p.version, enforcementLevel: p.enforcementLevel, rules: p.policies.filter((r): r is Rule => r.metadata !== undefined) }));
}

export async function plan(options: PlanOptions): Promise<Plan> {
  const { packs, config } = packsOf(options);
  const run = await runStack(options);
  // Policies judge waivers on the plan's date, as the program judged support windows.
  const policy = await withPlanDate(run.planDate, () => runPolicies(run.resources, packs, config, { partialPlan: run.config.registries.bootstrap }));
  let known: StackRun = run;
  let previewGaps: PreviewGaps | undefined;
  if (run.computedOutputs === "unknown") {
    // What the program registers once every output is known (as an update sees it); a first preview
    // shows only what it registers. The operation stays the caller's: an update would refuse the
    // placeholders a preview is allowed to list (stacks/readiness.ts), and no resource depends on it.
    try {
      known = await runStack({ ...options, computedOutputs: "known" });
      previewGaps = { comparedWith: "update", missingInPreview: missingInPreview(run.resources, known.resources) };
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      previewGaps = { comparedWith: "update", missingInPreview: [], notChecked: `update mode rejected the config: ${e.message}` };
    }
  }
  const json = toJson(run, policy);
  const matrix = [...controlMatrix(json, mappedDefinitions(packs)), ...unmappedRows(json)];
  const full: PlanJson = { ...json, controlMatrix: matrix, ...(previewGaps ? { previewGaps } : {}) };
  const diff = options.against ? diffPlans(options.against, { ...full, resources: toJson(known, policy).resources }) : undefined;
  return { run, policy, json: diff ? { ...full, diff } : full };
}

/** URNs the update registers that the preview does not (created only once an output is known). */
export function missingInPreview(preview: readonly { urn: string }[], update: readonly { urn: string }[]): string[] {
  const inPreview = new Set(preview.map((r) => r.urn));
  return update.filter((r) => !inPreview.has(r.urn)).map((r) => r.urn);
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
    computedOutputs: run.computedOutputs,
    resources: run.resources.map(({ urn, type, name, parent, provider, inputs, dependencies, options, secrets }) => ({ urn, type, name, parent, provider, inputs, dependencies, options, ...(secrets ? { secrets } : {}) })),
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
    policies: policy.policies,
    policyErrors: policy.policyErrors,
    undecided: policy.undecided,
    remediations: policy.remediations,
  };
}
