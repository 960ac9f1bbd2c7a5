/**
 * Control-matrix rows for policies without this project's metadata (another team's pack,
 * Pulumi's awsguard): they map to no HIPAA / GDPR / CCPA / PDPA control, so the matrix lists
 * them under "unmapped", one row per policy, with the resources it checked.
 */
import type { ControlMatrixRow, PlanJson } from "./model";

export const UNMAPPED = "unmapped";

export function unmappedRows(plan: PlanJson): ControlMatrixRow[] {
  const rows: ControlMatrixRow[] = [];
  for (const p of plan.policies ?? []) {
    if (p.controls.length > 0 || p.enforcementLevel === "disabled") continue;
    const mine = (x: { pack: string; policy: string }) => x.pack === p.pack && x.policy === p.policy;
    const failed = new Set(plan.violations.filter(mine).map((v) => v.urn ?? "(stack)"));
    const waived = new Set(plan.waivers.filter(mine).map((w) => w.urn).filter((u) => !failed.has(u)));
    const resources = Math.max(p.checked, failed.size + waived.size);
    rows.push({ framework: UNMAPPED, control: `${p.pack}/${p.policy}`, title: p.description.split("\n")[0], rules: [p.policy], resources, pass: resources - failed.size - waived.size, fail: failed.size, waived: waived.size });
  }
  return rows;
}
