/**
 * Cloud Run traffic targets from config. Blue-green and the guide's 10% -> 50% -> 100%
 * migration are edits of `traffic` in the stack file; a rollback pins a named revision.
 */
import type { ConvergenceConfig } from "../../../stacks/sections/convergence";

export const LATEST = "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST";
export const REVISION = "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION";

export interface TrafficTarget {
  readonly type: typeof LATEST | typeof REVISION;
  readonly percent: number;
  readonly revision?: string;
  readonly tag?: string;
}

/**
 * One target per revision that gets traffic or a tag (the latest revision first, then named
 * revisions by name). A revision's first tag rides on its traffic target; further tags get
 * 0% targets of their own, as `gcloud run services update-traffic --set-tags` does.
 * Config validation guarantees the percentages sum to 100.
 */
export function trafficTargets(traffic: ConvergenceConfig["traffic"]): TrafficTarget[] {
  const tagsOf = new Map<string, string[]>();
  for (const [tag, revision] of Object.entries(traffic.tags).sort(([a], [b]) => a.localeCompare(b))) {
    tagsOf.set(revision, [...(tagsOf.get(revision) ?? []), tag]);
  }
  const targets: TrafficTarget[] = [];
  const add = (revision: string, percent: number) => {
    const tags = tagsOf.get(revision) ?? [];
    if (percent === 0 && tags.length === 0) return;
    const base = revision === "" ? { type: LATEST } : { type: REVISION, revision };
    targets.push({ ...base, percent, ...(tags[0] !== undefined ? { tag: tags[0] } : {}) } as TrafficTarget);
    for (const tag of tags.slice(1)) targets.push({ ...base, percent: 0, tag } as TrafficTarget);
  };
  add("", traffic.latest);
  const named = new Set([...Object.keys(traffic.revisions), ...[...tagsOf.keys()].filter((r) => r !== "")]);
  for (const revision of [...named].sort()) add(revision, traffic.revisions[revision] ?? 0);
  return targets;
}
