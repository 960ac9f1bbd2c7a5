/**
 * Report sections beyond the tree, the findings and the control matrix. Each section renders
 * itself for the text report and the Markdown PR comment from the plan JSON alone, and returns
 * no lines when the plan has nothing for it (so older plan JSONs render as before).
 *
 * Adding a section: write a `ReportSection` (in its own file if it is more than a few lines)
 * and add it to `SECTIONS` at the place it should appear; report.ts prints `top` sections after
 * the summary line and `body` sections before the control matrix, in this order.
 */
import type { PlanJson, PolicyInfo } from "./model";
import type { ChangeKind, ResourceChange } from "./diff";

export interface ReportSection {
  readonly id: string;
  readonly place: "top" | "body";
  text(plan: PlanJson): string[];
  markdown(plan: PlanJson): string[];
}

const short = (urn: string | null): string => {
  if (!urn) return "(stack)";
  const [type, name] = urn.split("::").slice(-2);
  return `${type.split("$").pop()}::${name}`;
};
const cell = (s: string): string => s.replace(/\|/g, "\\|").replace(/\n/g, "<br>");
const value = (v: unknown): string => (v === undefined ? "(none)" : typeof v === "string" ? v : JSON.stringify(v));
const MARKDOWN_ROWS = 60;

const SIGN: Record<ChangeKind, string> = { create: "+", update: "~", replace: "+-", delete: "-" };

function changeLine(c: ResourceChange): string {
  const flag = c.protected && (c.kind === "delete" || c.kind === "replace") ? " [protected: pulumi up refuses until protect is removed]" : c.protected ? " [protected]" : "";
  return `${SIGN[c.kind].padEnd(3)}${c.kind.padEnd(8)}${c.type} ${c.name}${flag}`;
}

function changeDetail(c: ResourceChange): string[] {
  return (c.changes ?? []).map((d) => `${d.path}: ${value(d.before)} => ${value(d.after)}${d.secret ? " (secret)" : ""}${d.replaces ? " (forces replacement)" : ""}`);
}

const bySystem = (changes: readonly ResourceChange[]): Map<string, ResourceChange[]> => {
  const out = new Map<string, ResourceChange[]>();
  for (const c of changes) out.set(c.system, [...(out.get(c.system) ?? []), c]);
  return out;
};

export const diffSection: ReportSection = {
  id: "diff",
  place: "top",
  text(plan) {
    const d = plan.diff;
    if (!d) return [];
    const lines = ["", `Changes against the base plan (${d.base.stack}, ${d.base.planDate}, ${d.base.resources} resources): ${d.counts.create} to create, ${d.counts.update} to update, ${d.counts.replace} to replace, ${d.counts.delete} to delete, ${d.counts.same} unchanged`];
    for (const [system, changes] of bySystem(d.changes)) {
      lines.push(`  ${system}:`);
      for (const c of changes) {
        lines.push(`    ${changeLine(c)}`);
        for (const l of changeDetail(c)) lines.push(`        ${l}`);
      }
    }
    lines.push(`  New policy findings in this plan: ${d.newFindings.length}${d.resolvedFindings ? ` (${d.resolvedFindings} of the base's resolved)` : ""}`);
    for (const v of d.newFindings) lines.push(`    [${v.enforcementLevel}] ${short(v.urn)}: ${v.policy}: ${v.message.split("\n").pop()}`);
    return lines;
  },
  markdown(plan) {
    const d = plan.diff;
    if (!d) return [];
    const out = [`#### Changes against the base branch`, "", `**${d.counts.create} to create · ${d.counts.update} to update · ${d.counts.replace} to replace · ${d.counts.delete} to delete** · ${d.counts.same} unchanged (base: ${d.base.resources} resources, planned ${d.base.planDate})`, ""];
    let rows = 0;
    for (const [system, changes] of bySystem(d.changes)) {
      out.push(`<details${changes.some((c) => c.kind !== "create") ? " open" : ""}><summary><b>${cell(system)}</b>: ${changes.length} change${changes.length === 1 ? "" : "s"}</summary>`, "", "| | resource | type | changed inputs |", "| --- | --- | --- | --- |");
      for (const c of changes) {
        if (rows++ >= MARKDOWN_ROWS) break;
        const mark = c.kind === "delete" || c.kind === "replace" ? (c.protected ? `**${c.kind}** 🔒 protected` : `**${c.kind}**`) : c.kind;
        out.push(`| ${mark} | \`${cell(c.name)}\` | \`${c.type}\` | ${cell(changeDetail(c).join("\n")) || "—"} |`);
      }
      out.push("", "</details>", "");
    }
    if (rows > MARKDOWN_ROWS) out.push(`… ${rows - MARKDOWN_ROWS} more changes: see \`npm run plan -- --against\`.`, "");
    out.push(`**New policy findings in this branch: ${d.newFindings.length}**${d.resolvedFindings ? ` (${d.resolvedFindings} of the base's findings resolved)` : ""}`, "");
    if (d.newFindings.length > 0) {
      out.push("| level | resource | rule | finding |", "| --- | --- | --- | --- |");
      for (const v of d.newFindings.slice(0, MARKDOWN_ROWS)) out.push(`| ${v.enforcementLevel} | \`${cell(short(v.urn))}\` | \`${v.policy}\` | ${cell(v.message.split("\n").slice(-1)[0])} |`);
      out.push("");
    }
    return out;
  },
};

export const policyErrorsSection: ReportSection = {
  id: "policy-errors",
  place: "body",
  text(plan) {
    const errors = plan.policyErrors ?? [];
    if (errors.length === 0) return [];
    return ["", `Policy pack errors (${errors.length}): policies that threw; the program is not at fault`, ...errors.map((e) => `    ${e.pack}: ${e.policy}${e.urn ? ` on ${short(e.urn)}` : ""}: ${e.message}`)];
  },
  markdown(plan) {
    const errors = plan.policyErrors ?? [];
    if (errors.length === 0) return [];
    return ["#### Policy pack errors", "", "Policies that threw (the pack's bug or limitation, not the program's):", "", "| pack | policy | resource | error |", "| --- | --- | --- | --- |", ...errors.slice(0, MARKDOWN_ROWS).map((e) => `| ${cell(e.pack)} | \`${e.policy}\` | \`${cell(short(e.urn))}\` | ${cell(e.message)} |`), ""];
  },
};

export const remediationsSection: ReportSection = {
  id: "remediations",
  place: "body",
  text(plan) {
    const rs = plan.remediations ?? [];
    if (rs.length === 0) return [];
    return ["", `Remediations (${rs.length}): inputs a remediate policy changes before the update`, ...rs.flatMap((r) => [`    ${r.pack}: ${r.policy} on ${short(r.urn)}`, ...r.changes.map((c) => `        ${c.path}: ${value(c.before)} => ${value(c.after)}`)])];
  },
  markdown(plan) {
    const rs = plan.remediations ?? [];
    if (rs.length === 0) return [];
    return ["#### Remediations", "", "| pack | policy | resource | changes |", "| --- | --- | --- | --- |", ...rs.slice(0, MARKDOWN_ROWS).map((r) => `| ${cell(r.pack)} | \`${r.policy}\` | \`${cell(short(r.urn))}\` | ${cell(r.changes.map((c) => `${c.path}: ${value(c.before)} => ${value(c.after)}`).join("\n"))} |`), ""];
  },
};

function undecidedByPolicy(plan: PlanJson): Map<string, { pack: string; items: { urn: string | null; path: string }[] }> {
  const out = new Map<string, { pack: string; items: { urn: string | null; path: string }[] }>();
  for (const u of plan.undecided ?? []) {
    const key = `${u.pack}/${u.policy}`;
    const entry = out.get(key) ?? { pack: u.pack, items: [] };
    entry.items.push({ urn: u.urn, path: u.path });
    out.set(key, entry);
  }
  return out;
}

export const undecidedSection: ReportSection = {
  id: "undecided",
  place: "body",
  text(plan) {
    const groups = undecidedByPolicy(plan);
    if (groups.size === 0) return [];
    const total = plan.undecided?.length ?? 0;
    const lines = ["", `Undecided at preview (${total} checks by ${groups.size} rules): each read a value unknown until the update, which decides it`];
    for (const [key, g] of groups) {
      lines.push(`  ${key} (${g.items.length})`);
      for (const i of g.items) lines.push(`    ${short(i.urn)}: reads .${i.path}`);
    }
    return lines;
  },
  markdown(plan) {
    const groups = undecidedByPolicy(plan);
    if (groups.size === 0) return [];
    const out = [`<details><summary>Undecided at preview: ${plan.undecided?.length ?? 0} checks by ${groups.size} rules read values unknown until the update</summary>`, "", "| rule | resources | unknown values read |", "| --- | ---: | --- |"];
    for (const [key, g] of groups) {
      const paths = [...new Set(g.items.map((i) => `.${i.path}`))];
      out.push(`| \`${cell(key)}\` | ${g.items.length} | ${cell(paths.slice(0, 6).join(", "))}${paths.length > 6 ? " …" : ""} |`);
    }
    out.push("", "</details>", "");
    return out;
  },
};

export const previewGapsSection: ReportSection = {
  id: "preview-gaps",
  place: "body",
  text(plan) {
    const g = plan.previewGaps;
    if (!g) return [];
    if (g.notChecked) return ["", `Registered only at update: not checked (${g.notChecked})`];
    return ["", `Registered only at update (${g.missingInPreview.length}): resources a real preview would not show`, ...(g.missingInPreview.length === 0 ? ["    none"] : g.missingInPreview.map((u) => `    ${short(u)}`))];
  },
  markdown(plan) {
    const g = plan.previewGaps;
    if (!g) return [];
    if (g.notChecked) return [`Registered only at update: not checked (${cell(g.notChecked)}).`, ""];
    if (g.missingInPreview.length === 0) return ["Every resource of the update is in the preview (none is created only after an output resolves).", ""];
    return ["#### Registered only at update", "", "A real preview would not show these: the program creates them only once an output is known.", "", ...g.missingInPreview.map((u) => `- \`${cell(short(u))}\``), ""];
  },
};

const unmatched = (plan: PlanJson): PolicyInfo[] => (plan.policies ?? []).filter((p) => p.enforcementLevel !== "disabled" && p.checked === 0 && !(plan.undecided ?? []).some((u) => u.pack === p.pack && u.policy === p.policy));
const typesText = (p: PolicyInfo): string => (p.resourceTypes ? p.resourceTypes.join(", ") : "(decides by itself)");

export const matchedNothingSection: ReportSection = {
  id: "matched-nothing",
  place: "body",
  text(plan) {
    if (!plan.policies) return [];
    const list = unmatched(plan);
    return ["", `Policies that matched nothing in this plan (${list.length}): a stale type name shows here`, ...(list.length === 0 ? ["    none"] : list.map((p) => `    ${p.pack}/${p.policy}: looks for ${typesText(p)}`))];
  },
  markdown(plan) {
    if (!plan.policies) return [];
    const list = unmatched(plan);
    if (list.length === 0) return [];
    return [`<details><summary>Policies that matched nothing in this plan: ${list.length}</summary>`, "", "| pack | policy | looks for |", "| --- | --- | --- |", ...list.map((p) => `| ${cell(p.pack)} | \`${p.policy}\` | ${cell(typesText(p))} |`), "", "</details>", ""];
  },
};

/** Every section, in the order the reports print them. */
export const SECTIONS: readonly ReportSection[] = [diffSection, policyErrorsSection, remediationsSection, undecidedSection, previewGapsSection, matchedNothingSection];

export function sectionLines(plan: PlanJson, format: "text" | "markdown", place: ReportSection["place"]): string[] {
  return SECTIONS.filter((s) => s.place === place).flatMap((s) => (format === "text" ? s.text(plan) : s.markdown(plan)));
}
