/** Human-readable reports of a plan: a preview-like text tree and a Markdown PR comment. */
import type { PlanJson, Violation } from "./model";
import { buildTree, countTree, type TreeNode } from "./tree";

const SEVERITY_ORDER = ["critical", "high", "medium", "low"];

function bySeverity(violations: readonly Violation[]): [string, Violation[]][] {
  const groups = new Map<string, Violation[]>();
  for (const v of violations) groups.set(v.severity, [...(groups.get(v.severity) ?? []), v]);
  return [...groups.entries()].sort(([a], [b]) => SEVERITY_ORDER.indexOf(a) - SEVERITY_ORDER.indexOf(b));
}

const shortUrn = (urn: string | null): string => (urn ? urn.split("::").slice(-2).join("::") : "(stack)");

export interface TextOptions {
  /** Deepest tree level printed; deeper children are summarised as a count. */
  readonly depth?: number;
}

export function renderText(plan: PlanJson, options: TextOptions = {}): string {
  const depth = options.depth ?? Number.POSITIVE_INFINITY;
  const lines: string[] = [`Previewing update (${plan.stack}) of ${plan.project}, offline engine`, "", "     Type                                                   Name"];
  const walk = (node: TreeNode, prefix: string, last: boolean, level: number) => {
    const branch = level === 0 ? "" : `${prefix}${last ? "└─ " : "├─ "}`;
    const r = node.resource;
    const flags = r.options.protect ? " [protected]" : "";
    lines.push(` +   ${(branch + r.type).padEnd(54)} ${r.name}${flags}`);
    const childPrefix = level === 0 ? "" : `${prefix}${last ? "   " : "│  "}`;
    if (level + 1 > depth && node.children.length > 0) {
      const hidden = countTree(node) - 1;
      lines.push(` +   ${childPrefix}└─ … ${hidden} more resource${hidden === 1 ? "" : "s"}`);
      return;
    }
    node.children.forEach((c, i) => walk(c, childPrefix, i === node.children.length - 1, level + 1));
  };
  for (const root of buildTree(plan.resources)) walk(root, "", true, 0);

  lines.push("", "Policies:");
  if (plan.violations.length === 0) lines.push("    no violations");
  for (const [severity, group] of bySeverity(plan.violations)) {
    lines.push(`  ${severity} (${group.length})`);
    for (const v of group) {
      lines.push(`    [${v.enforcementLevel}] ${v.policy} (${v.pack}) on ${shortUrn(v.urn)}`);
      for (const l of v.message.split("\n")) lines.push(`        ${l}`);
      if (v.controls.length) lines.push(`        controls: ${v.controls.join("; ")}`);
    }
  }
  if (plan.waivers.length > 0) {
    lines.push(`  waived (${plan.waivers.length})`);
    for (const w of plan.waivers) lines.push(`    ${w.policy} on ${shortUrn(w.urn)} until ${w.expires}: ${w.reason}`);
  }
  const s = plan.summary;
  lines.push("", "Resources:", `    + ${s.resources} to create`, "", `Summary: ${s.resources} resources, ${s.violations.mandatory} mandatory and ${s.violations.advisory} advisory violations, ${s.violations.waived} waived`);
  return lines.join("\n") + "\n";
}

const cell = (s: string): string => s.replace(/\|/g, "\\|").replace(/\n/g, "<br>");

export function renderMarkdown(plan: PlanJson): string {
  const s = plan.summary;
  const status = s.violations.mandatory > 0 ? "❌ blocked by mandatory policy violations" : "✅ no mandatory policy violations";
  const out: string[] = [`### neurastack \`${plan.stack}\`: offline plan`, "", `**${s.resources} to create** · ${status} · ${s.violations.advisory} advisory · ${s.violations.waived} waived`, ""];
  const roots = buildTree(plan.resources);
  const systems = roots.flatMap((r) => (r.resource.type === "pulumi:pulumi:Stack" ? r.children : [r]));
  out.push("| component | type | resources |", "| --- | --- | ---: |");
  for (const c of systems) out.push(`| ${cell(c.resource.name)} | \`${c.resource.type}\` | ${countTree(c)} |`);
  out.push("");
  if (plan.violations.length > 0) {
    out.push("#### Policy findings", "");
    for (const [severity, group] of bySeverity(plan.violations)) {
      out.push(`**${severity}** (${group.length})`, "", "| level | policy | resource | finding | controls |", "| --- | --- | --- | --- | --- |");
      for (const v of group) out.push(`| ${v.enforcementLevel} | \`${v.policy}\` | \`${cell(shortUrn(v.urn))}\` | ${cell(v.message)} | ${cell(v.controls.join("; "))} |`);
      out.push("");
    }
  }
  if (plan.waivers.length > 0) {
    out.push("#### Waivers", "", "| policy | resource | expires | reason |", "| --- | --- | --- | --- |");
    for (const w of plan.waivers) out.push(`| \`${w.policy}\` | \`${cell(shortUrn(w.urn))}\` | ${w.expires} | ${cell(w.reason)} |`);
    out.push("");
  }
  out.push("<details><summary>Resources by type</summary>", "", "| type | count |", "| --- | ---: |");
  for (const [type, n] of Object.entries(s.byType)) out.push(`| \`${type}\` | ${n} |`);
  out.push("", "</details>", "");
  return out.join("\n");
}
