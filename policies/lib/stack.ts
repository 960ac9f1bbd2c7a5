/**
 * An index over a stack's resources for stack rules (validateStack): by type, by URN, by the
 * values other resources use to reference them (ids, names, ARNs), and labels, including
 * labels inferred for stores that cannot carry any. Built once per rule run in O(n) so rules
 * stay linear on production plans with thousands of resources.
 */
import type { PolicyResource } from "@pulumi/policy";
import { classificationOf, jurisdictionOf, labelsOf, LABEL } from "./facts";
import { DATA_STORES } from "./inventory";
import { str, type Props } from "./values";

const SENSITIVITY = ["phi", "pii", "confidential", "internal", "public"];

export class StackView {
  readonly byUrn = new Map<string, PolicyResource>();
  private readonly types = new Map<string, PolicyResource[]>();
  private readonly children = new Map<string, PolicyResource[]>();
  private readonly labelCache = new Map<string, Record<string, string>>();
  private readonly subtreeStores = new Map<string, Record<string, string> | null>();
  private readonly dataStores: ReadonlySet<string> = new Set(DATA_STORES);

  constructor(readonly resources: readonly PolicyResource[]) {
    for (const r of resources) {
      this.byUrn.set(r.urn, r);
      const list = this.types.get(r.type);
      if (list) list.push(r);
      else this.types.set(r.type, [r]);
      const parent = r.parent?.urn;
      if (parent) {
        const siblings = this.children.get(parent);
        if (siblings) siblings.push(r);
        else this.children.set(parent, [r]);
      }
    }
  }

  ofType(...types: string[]): PolicyResource[] {
    return types.flatMap((t) => this.types.get(t) ?? []);
  }

  /** Effective labels (own + provider defaults). */
  labels(r: PolicyResource): Record<string, string> {
    let hit = this.labelCache.get(r.urn);
    if (!hit) {
      hit = labelsOf(r.type, r.props as Props, r.provider);
      this.labelCache.set(r.urn, hit);
    }
    return hit;
  }

  /**
   * Labels for compliance facts: a resource's own when it states a classification, else those
   * of the most sensitive labelled data store in its nearest enclosing component (a Firestore
   * database or a Bigtable table shares the classification of the system's other stores).
   */
  factLabels(r: PolicyResource): Record<string, string> {
    const own = this.labels(r);
    if (classificationOf(own)) return own;
    for (let p = r.parent; p; p = p.parent) {
      const found = this.storeLabelsUnder(p.urn);
      if (found) return { ...found, ...own, [LABEL.classification]: found[LABEL.classification], [LABEL.jurisdiction]: jurisdictionOf(own) ?? found[LABEL.jurisdiction] };
    }
    return own;
  }

  private storeLabelsUnder(urn: string): Record<string, string> | undefined {
    const cached = this.subtreeStores.get(urn);
    if (cached !== undefined) return cached ?? undefined;
    let best: Record<string, string> | undefined;
    const stack = [...(this.children.get(urn) ?? [])];
    while (stack.length > 0) {
      const r = stack.pop()!;
      if (this.dataStores.has(r.type)) {
        const labels = this.labels(r);
        const c = classificationOf(labels);
        if (c && (!best || SENSITIVITY.indexOf(c) < SENSITIVITY.indexOf(best[LABEL.classification]))) best = labels;
      }
      stack.push(...(this.children.get(r.urn) ?? []));
    }
    this.subtreeStores.set(urn, best ?? null);
    return best;
  }

  /** Map from each string value of the given output keys (id, name, arn, ...) to its resource. */
  refIndex(types: readonly string[], keys: readonly string[]): Map<string, PolicyResource> {
    const out = new Map<string, PolicyResource>();
    for (const r of this.ofType(...types)) {
      for (const k of keys) {
        const v = str((r.props as Props)[k]);
        if (v) out.set(v, r);
      }
    }
    return out;
  }
}
