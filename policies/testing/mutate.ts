/**
 * Mutation testing of the policy packs against a recorded plan: clone the recorded resources,
 * change one resource's inputs (and, as a provider would echo them, its outputs), re-run the
 * packs, and compare the findings with the unmutated run. Used by tests/policies-mutation.test.ts
 * to prove that removing one protective setting makes the plan fail with that rule's id.
 */
import type { EngineResource } from "../../tools/engine/recorder";
import { runPolicies, type PolicyConfigFile, type PolicyResults } from "../../tools/engine/policy-runner";
import type { PackDefinition } from "../lib/types";
import { PACKS } from "../packs";

export type WireProps = Record<string, unknown>;

export interface Mutation {
  /** Which resource to change (the first match). */
  readonly select: (r: EngineResource) => boolean;
  /** Edits a copy of the wire inputs/outputs in place (called for both). */
  readonly edit?: (props: WireProps) => void;
  /** Changes the resource's `protect` option. */
  readonly protect?: boolean;
  /** Removes the resource from the plan instead (e.g. a public access block). */
  readonly remove?: boolean;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The resources with one resource mutated; throws when no resource matches. */
export function mutate(resources: readonly EngineResource[], mutation: Mutation): { resources: EngineResource[]; target: EngineResource } {
  const index = resources.findIndex(mutation.select);
  if (index < 0) throw new Error("mutation: no recorded resource matches the selector");
  const target = resources[index];
  if (mutation.remove) return { resources: resources.filter((_, i) => i !== index), target };
  const wireInputs = clone(target.wireInputs);
  const wireOutputs = clone(target.wireOutputs);
  mutation.edit?.(wireInputs);
  mutation.edit?.(wireOutputs);
  const options = mutation.protect === undefined ? target.options : { ...target.options, protect: mutation.protect };
  const changed: EngineResource = { ...target, wireInputs, wireOutputs, options };
  return { resources: resources.map((r, i) => (i === index ? changed : r)), target: changed };
}

/** New mandatory findings of `rule` (by URN) after the mutation, compared with the baseline run. */
export async function newFindings(
  resources: readonly EngineResource[],
  mutation: Mutation,
  rule: string,
  config: PolicyConfigFile,
  packs: readonly PackDefinition[] = PACKS,
): Promise<{ before: PolicyResults; after: PolicyResults; added: PolicyResults["violations"]; target: EngineResource }> {
  const onlyRule = packs.map((p) => ({ ...p, rules: p.rules.filter((r) => r.name === rule) })).filter((p) => p.rules.length > 0);
  if (onlyRule.length === 0) throw new Error(`mutation: no rule ${rule} in the packs`);
  const before = await runPolicies(resources, onlyRule, config);
  const { resources: mutated, target } = mutate(resources, mutation);
  const after = await runPolicies(mutated, onlyRule, config);
  const seen = new Set(before.violations.map((v) => `${v.urn}|${v.message}`));
  const added = after.violations.filter((v) => !seen.has(`${v.urn}|${v.message}`));
  return { before, after, added, target };
}
