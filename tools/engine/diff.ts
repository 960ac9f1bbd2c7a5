/**
 * What a plan changes relative to a previous plan (`npm run plan -- --against BASE.json`), as
 * `pulumi preview --diff` would show it for a stack whose state is the base plan: creates,
 * updates with the changed input paths, replaces (a change under a replace-on-change property,
 * replace-keys.ts), deletes (protected ones marked: `pulumi up` refuses to delete or replace
 * them), grouped by system (the component directly under the stack), and the policy findings
 * that are new in the head.
 *
 * Secrets are compared by fingerprint (secrets.ts) and shown as "[secret]" on both sides.
 */
import type { PlanJson, RecordedResource, Violation } from "./model";
import { changedPaths, type PathChange } from "./value-diff";
import { forcesReplace, replaceKeys } from "./replace-keys";
import { MASK } from "./wire";

export type ChangeKind = "create" | "update" | "replace" | "delete";

export interface InputChange extends PathChange {
  /** The value is a secret: shown as "[secret]", compared by fingerprint. */
  readonly secret?: true;
  /** A change under a replace-on-change property. */
  readonly replaces?: true;
}

export interface ResourceChange {
  readonly kind: ChangeKind;
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** Name of the resource's system: its ancestor directly under the stack ("(stack)" for top-level). */
  readonly system: string;
  /** `protect: true`: `pulumi up` fails on a delete or replace of it until the protection is removed. */
  readonly protected: boolean;
  /** Updates and replaces: the changed input paths. */
  readonly changes?: readonly InputChange[];
}

export interface PlanDiff {
  /** The base plan: stack, date and resource count. */
  readonly base: { readonly stack: string; readonly planDate: string; readonly resources: number };
  readonly counts: Readonly<Record<ChangeKind, number>> & { readonly same: number };
  readonly changes: readonly ResourceChange[];
  /** Findings of the head that the base does not have (same pack, policy, resource and message). */
  readonly newFindings: readonly Violation[];
  /** How many of the base's findings the head no longer has. */
  readonly resolvedFindings: number;
}

const STACK = "pulumi:pulumi:Stack";

function systemsOf(plan: PlanJson): Map<string, string> {
  const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
  const out = new Map<string, string>();
  for (const r of plan.resources) {
    let cur: RecordedResource | undefined = r;
    while (cur?.parent && byUrn.get(cur.parent) && byUrn.get(cur.parent)!.type !== STACK) cur = byUrn.get(cur.parent);
    out.set(r.urn, cur && cur.type !== STACK && cur.parent ? cur.name : "(stack)");
  }
  return out;
}

/** Secret paths whose fingerprints differ; a plan without fingerprints (older engine) tells nothing. */
function secretChanges(before: RecordedResource, after: RecordedResource): InputChange[] {
  if (!before.secrets || !after.secrets) return [];
  const paths = [...new Set([...Object.keys(before.secrets), ...Object.keys(after.secrets)])].sort();
  return paths.filter((p) => before.secrets![p] !== after.secrets![p]).map((p) => ({ path: p, before: before.secrets![p] ? MASK : undefined, after: after.secrets![p] ? MASK : undefined, secret: true }));
}

function inputChanges(before: RecordedResource, after: RecordedResource): InputChange[] {
  const plain = changedPaths(before.inputs, after.inputs).map((c): InputChange => (c.before === MASK || c.after === MASK ? { ...c, before: c.before === MASK ? MASK : c.before, after: c.after === MASK ? MASK : c.after, secret: true } : c));
  const seen = new Set(plain.map((c) => c.path));
  const changes = [...plain, ...secretChanges(before, after).filter((c) => !seen.has(c.path))];
  if (before.provider !== after.provider) changes.push({ path: "(provider)", before: before.provider, after: after.provider });
  const keys = replaceKeys(after.type, after.options.replaceOnChanges);
  return changes.map((c): InputChange => (forcesReplace(c.path, keys) ? { ...c, replaces: true as const } : c)).sort((a, b) => a.path.localeCompare(b.path));
}

const findingKey = (v: Violation) => JSON.stringify([v.pack, v.policy, v.urn, v.message]);

export function diffPlans(base: PlanJson, head: PlanJson): PlanDiff {
  const baseByUrn = new Map(base.resources.map((r) => [r.urn, r]));
  const headUrns = new Set(head.resources.map((r) => r.urn));
  const headSystems = systemsOf(head);
  const baseSystems = systemsOf(base);
  const changes: ResourceChange[] = [];
  let same = 0;
  for (const r of head.resources) {
    if (r.type === STACK) continue;
    const system = headSystems.get(r.urn) ?? "(stack)";
    const before = baseByUrn.get(r.urn);
    if (!before) {
      changes.push({ kind: "create", urn: r.urn, type: r.type, name: r.name, system, protected: r.options.protect });
      continue;
    }
    const diffs = inputChanges(before, r);
    if (diffs.length === 0) {
      same++;
      continue;
    }
    const kind: ChangeKind = r.provider !== null && diffs.some((d) => d.replaces) ? "replace" : "update";
    changes.push({ kind, urn: r.urn, type: r.type, name: r.name, system, protected: before.options.protect || r.options.protect, changes: diffs });
  }
  for (const r of base.resources) {
    if (r.type === STACK || headUrns.has(r.urn)) continue;
    changes.push({ kind: "delete", urn: r.urn, type: r.type, name: r.name, system: baseSystems.get(r.urn) ?? "(stack)", protected: r.options.protect });
  }
  const order: Record<ChangeKind, number> = { delete: 0, replace: 1, update: 2, create: 3 };
  changes.sort((a, b) => a.system.localeCompare(b.system) || order[a.kind] - order[b.kind] || a.urn.localeCompare(b.urn));
  const count = (k: ChangeKind) => changes.filter((c) => c.kind === k).length;
  const baseFindings = new Set(base.violations.map(findingKey));
  const headFindings = new Set(head.violations.map(findingKey));
  return {
    base: { stack: base.stack, planDate: base.planDate, resources: base.resources.length },
    counts: { create: count("create"), update: count("update"), replace: count("replace"), delete: count("delete"), same },
    changes,
    newFindings: head.violations.filter((v) => !baseFindings.has(findingKey(v))),
    resolvedFindings: base.violations.filter((v) => !headFindings.has(findingKey(v))).length,
  };
}
