/**
 * Human-readable reports of a plan: a preview-like text tree and a Markdown PR comment. Both
 * group policy findings by framework control (resource, rule, finding, remediation), list every
 * waiver with its reason and expiry, and end with the control matrix: for each HIPAA / GDPR /
 * CCPA / PDPA control, the rules that check it and how many resources pass, fail or are waived.
 */
import { ALL_CONTROLS } from "../../policies/lib/controls";
import { typeMatcher } from "../../policies/lib/match";
import type { Control, PackDefinition, RuleMetadata } from "../../policies/lib/types";
import { PACKS } from "../../policies/packs";
import type { ControlMatrixRow, PlanJson, RecordedResource, Violation } from "./model";
import { buildTree, countTree, type TreeNode } from "./tree";
import { sectionLines } from "./report-sections";

/** Frameworks the control matrix lists (the program's own "Security" baseline is not a regulation). */
export const MATRIX_FRAMEWORKS = ["HIPAA", "GDPR", "CCPA", "PDPA"] as const;

const STACK_FINDING = "(stack)";

/** `type::name` of a URN (the innermost type, without its parents' types). */
const shortUrn = (urn: string | null): string => {
  if (!urn) return STACK_FINDING;
  const [type, name] = urn.split("::").slice(-2);
  return `${type.split("$").pop()}::${name}`;
};

/** Rows per control in the Markdown report (a PR comment has a size limit); the text report lists all. */
const MARKDOWN_ROWS_PER_CONTROL = 40;

const controlKey = (c: Pick<Control, "framework" | "id">): string => `${c.framework} ${c.id}`;

function rulesOf(packs: readonly PackDefinition[]): Map<string, RuleMetadata> {
  const out = new Map<string, RuleMetadata>();
  for (const pack of packs) for (const rule of pack.rules) out.set(rule.name, rule.metadata);
  return out;
}

/** The part of a violation message after the rule's description (the finding itself). */
function findingText(v: Violation, rule: RuleMetadata | undefined): string {
  if (rule && v.message.startsWith(`${rule.description}\n`)) return v.message.slice(rule.description.length + 1);
  return v.message;
}

/** Custom resources a rule's `resourceTypes` match (components, the stack and providers are never checked). */
function checkedBy(resources: readonly RecordedResource[], rule: RuleMetadata): string[] {
  const matches = typeMatcher(rule.resourceTypes);
  return resources.filter((r) => r.provider !== null && !r.type.startsWith("pulumi:") && matches(r.type)).map((r) => r.urn);
}

/**
 * The control matrix of a plan. Resources a control's rules looked at are those their
 * `resourceTypes` match, plus any resource a finding or waiver names; a resource fails a control
 * if any of its rules reports it, is waived if not failing and any rule waived it, else passes.
 */
export function controlMatrix(plan: PlanJson, packs: readonly PackDefinition[] = PACKS, frameworks: readonly string[] = MATRIX_FRAMEWORKS): ControlMatrixRow[] {
  const failedBy = new Map<string, Set<string>>();
  for (const v of plan.violations) {
    const set = failedBy.get(v.policy) ?? new Set<string>();
    set.add(v.urn ?? STACK_FINDING);
    failedBy.set(v.policy, set);
  }
  const waivedBy = new Map<string, Set<string>>();
  for (const w of plan.waivers) {
    const set = waivedBy.get(w.policy) ?? new Set<string>();
    set.add(w.urn);
    waivedBy.set(w.policy, set);
  }
  const checkedCache = new Map<string, string[]>();
  const rules = [...rulesOf(packs).values()];
  const rows: ControlMatrixRow[] = [];
  for (const control of ALL_CONTROLS.filter((c) => frameworks.includes(c.framework))) {
    const key = controlKey(control);
    const checking = rules.filter((r) => r.controls.some((c) => controlKey(c) === key));
    const resources = new Set<string>();
    const failed = new Set<string>();
    const waived = new Set<string>();
    for (const rule of checking) {
      let checked = checkedCache.get(rule.id);
      if (!checked) {
        checked = checkedBy(plan.resources, rule);
        checkedCache.set(rule.id, checked);
      }
      for (const urn of checked) resources.add(urn);
      for (const urn of failedBy.get(rule.id) ?? []) {
        failed.add(urn);
        resources.add(urn);
      }
      for (const urn of waivedBy.get(rule.id) ?? []) {
        waived.add(urn);
        resources.add(urn);
      }
    }
    for (const urn of failed) waived.delete(urn);
    rows.push({
      framework: control.framework,
      control: control.id,
      title: control.title,
      rules: checking.map((r) => r.id),
      resources: resources.size,
      pass: resources.size - failed.size - waived.size,
      fail: failed.size,
      waived: waived.size,
    });
  }
  return rows;
}

interface ControlGroup {
  readonly key: string;
  readonly title: string;
  readonly findings: Violation[];
}

/** Findings grouped by the controls their rules map to (a finding appears under each of its controls), in catalog order. */
export function findingsByControl(plan: PlanJson): ControlGroup[] {
  const titles = new Map(ALL_CONTROLS.map((c) => [controlKey(c), c.title]));
  const order = new Map(ALL_CONTROLS.map((c, i) => [controlKey(c), i]));
  const groups = new Map<string, Violation[]>();
  for (const v of plan.violations) {
    const keys = v.controls.length > 0 ? v.controls : ["(unmapped)"];
    for (const k of keys) groups.set(k, [...(groups.get(k) ?? []), v]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (order.get(a) ?? Number.MAX_SAFE_INTEGER) - (order.get(b) ?? Number.MAX_SAFE_INTEGER) || a.localeCompare(b))
    .map(([key, findings]) => ({ key, title: titles.get(key) ?? "", findings: findings.sort((x, y) => (x.enforcementLevel === y.enforcementLevel ? 0 : x.enforcementLevel === "mandatory" ? -1 : 1)) }));
}

export interface TextOptions {
  /** Deepest tree level printed; deeper children are summarised as a count. */
  readonly depth?: number;
  /** Packs whose metadata (remediation, control matrix) the report reads; default PACKS. */
  readonly packs?: readonly PackDefinition[];
}

export function renderText(plan: PlanJson, options: TextOptions = {}): string {
  const depth = options.depth ?? Number.POSITIVE_INFINITY;
  const packs = options.packs ?? PACKS;
  const rules = rulesOf(packs);
  const what = plan.operation === "update" ? "Updating" : plan.computedOutputs === "unknown" ? "Previewing the first update" : "Previewing update";
  const lines: string[] = [`${what} (${plan.stack}) of ${plan.project}, offline engine, judged on ${plan.planDate}${plan.computedOutputs === "unknown" ? ", computed outputs unknown" : ""}`, "", "     Type                                                   Name"];
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

  const diagnostics = (plan.diagnostics ?? []).filter((d) => d.severity !== "debug");
  if (diagnostics.length > 0) {
    lines.push("", "Diagnostics:");
    for (const d of diagnostics) lines.push(`    ${d.severity}: ${d.message}${d.urn ? ` (${shortUrn(d.urn)})` : ""}`);
  }

  lines.push(...readinessText(plan));

  lines.push("", "Policies (by control):");
  if (plan.violations.length === 0) lines.push("    no violations");
  for (const group of findingsByControl(plan)) {
    lines.push(`  ${group.key}${group.title ? ` ${group.title}` : ""} (${group.findings.length})`);
    for (const v of group.findings) {
      const rule = rules.get(v.policy);
      lines.push(`    [${v.enforcementLevel}] ${shortUrn(v.urn)}: ${v.policy} (${v.severity})`);
      for (const l of findingText(v, rule).split("\n")) lines.push(`        ${l}`);
      if (rule) lines.push(`        fix: ${rule.remediation}`);
    }
  }
  lines.push("", `Waivers (${plan.waivers.length}):`);
  if (plan.waivers.length === 0) lines.push("    none");
  for (const w of plan.waivers) lines.push(`    ${w.policy} on ${shortUrn(w.urn)} until ${w.expires}: ${w.reason}`);

  lines.push(...sectionLines(plan, "text", "top"), ...sectionLines(plan, "text", "body"));
  const matrix = plan.controlMatrix ?? controlMatrix(plan, packs);
  lines.push("", "Control matrix:", `    ${"control".padEnd(28)} ${"rules".padStart(5)} ${"resources".padStart(9)} ${"pass".padStart(6)} ${"fail".padStart(5)} ${"waived".padStart(6)}`);
  for (const row of matrix) {
    lines.push(`    ${`${row.framework} ${row.control}`.padEnd(28)} ${String(row.rules.length).padStart(5)} ${String(row.resources).padStart(9)} ${String(row.pass).padStart(6)} ${String(row.fail).padStart(5)} ${String(row.waived).padStart(6)}  ${row.title}`);
  }
  const s = plan.summary;
  lines.push("", "Resources:", `    + ${s.resources} to create`, "", `Summary: ${s.resources} resources, ${s.violations.mandatory} mandatory and ${s.violations.advisory} advisory violations, ${s.violations.waived} waived`);
  return lines.join("\n") + "\n";
}

const showValue = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

/** What `pulumi up` still needs: one line per deployment input that is missing or a placeholder. */
function readinessText(plan: PlanJson): string[] {
  if (plan.readiness === undefined) return [];
  const out = ["", `Before the first deploy (${plan.readiness.length}):`];
  if (plan.readiness.length === 0) out.push("    every deployment input has a real value");
  else out.push(`    \`pulumi up\` refuses these until each is set (\`pulumi config set --path <key> <value>\`, README "Deployment inputs"):`);
  for (const r of plan.readiness) out.push(`    ${r.key} = ${showValue(r.value)}`, `        ${r.why}`, `        ${r.description}`);
  return out;
}

const cell = (s: string): string => s.replace(/\|/g, "\\|").replace(/\n/g, "<br>");

export interface MarkdownOptions {
  /** Packs whose metadata (remediation, control matrix) the report reads; default PACKS. */
  readonly packs?: readonly PackDefinition[];
}

/** The control matrix as a Markdown table (also used on its own in PR comments and tests). */
export function renderControlMatrix(rows: readonly ControlMatrixRow[]): string {
  const out = ["| framework | control | title | rules | resources | pass | fail | waived |", "| --- | --- | --- | --- | ---: | ---: | ---: | ---: |"];
  for (const r of rows) {
    const rules = r.rules.length > 0 ? r.rules.map((id) => `\`${id}\``).join(", ") : "—";
    out.push(`| ${r.framework} | ${cell(r.control)} | ${cell(r.title)} | ${rules} | ${r.resources} | ${r.pass} | ${r.fail}${r.fail > 0 ? " ❌" : ""} | ${r.waived} |`);
  }
  return out.join("\n") + "\n";
}

export function renderMarkdown(plan: PlanJson, options: MarkdownOptions = {}): string {
  const packs = options.packs ?? PACKS;
  const rules = rulesOf(packs);
  const s = plan.summary;
  const status = s.violations.mandatory > 0 ? "❌ blocked by mandatory policy violations" : "✅ no mandatory policy violations";
  const mode = plan.computedOutputs === "unknown" ? "first preview of an empty stack: computed outputs unknown" : plan.operation;
  const out: string[] = [`### neurastack \`${plan.stack}\`: offline plan (${mode}, judged on ${plan.planDate})`, "", `**${s.resources} to create** · ${status} · ${s.violations.advisory} advisory · ${s.violations.waived} waived`, ""];
  out.push(...sectionLines(plan, "markdown", "top"));
  const roots = buildTree(plan.resources);
  const systems = roots.flatMap((r) => (r.resource.type === "pulumi:pulumi:Stack" ? r.children : [r]));
  out.push("| component | type | resources |", "| --- | --- | ---: |");
  for (const c of systems) out.push(`| ${cell(c.resource.name)} | \`${c.resource.type}\` | ${countTree(c)} |`);
  out.push("");
  if (plan.violations.length > 0) {
    out.push("#### Policy findings by control", "");
    for (const group of findingsByControl(plan)) {
      out.push(`**${group.key}**${group.title ? ` ${group.title}` : ""} (${group.findings.length})`, "", "| level | resource | rule | finding | remediation |", "| --- | --- | --- | --- | --- |");
      for (const v of group.findings.slice(0, MARKDOWN_ROWS_PER_CONTROL)) {
        const rule = rules.get(v.policy);
        out.push(`| ${v.enforcementLevel} | \`${cell(shortUrn(v.urn))}\` | \`${v.policy}\` | ${cell(findingText(v, rule))} | ${cell(rule?.remediation ?? "")} |`);
      }
      const hidden = group.findings.length - MARKDOWN_ROWS_PER_CONTROL;
      if (hidden > 0) out.push(`| | … ${hidden} more | | see \`npm run plan\` | |`);
      out.push("");
    }
  }
  if (plan.readiness !== undefined) {
    out.push("#### Before the first deploy", "");
    if (plan.readiness.length === 0) out.push("Every deployment input has a real value.", "");
    else {
      out.push(`\`pulumi up\` refuses these ${plan.readiness.length} until each is set (\`pulumi config set --path <key> <value>\`):`, "", "| key | value | why | what it is |", "| --- | --- | --- | --- |");
      for (const r of plan.readiness) out.push(`| \`${cell(r.key)}\` | \`${cell(showValue(r.value))}\` | ${cell(r.why)} | ${cell(r.description)} |`);
      out.push("");
    }
  }
  const diagnostics = (plan.diagnostics ?? []).filter((d) => d.severity === "warning" || d.severity === "error");
  if (diagnostics.length > 0) {
    out.push("#### Diagnostics", "");
    for (const d of diagnostics) out.push(`- **${d.severity}**: ${cell(d.message)}${d.urn ? ` (\`${cell(shortUrn(d.urn))}\`)` : ""}`);
    out.push("");
  }
  out.push(...sectionLines(plan, "markdown", "body"));
  out.push("#### Waivers", "");
  if (plan.waivers.length === 0) out.push("No waivers.", "");
  else {
    out.push("| rule | resource | expires | reason |", "| --- | --- | --- | --- |");
    for (const w of plan.waivers) out.push(`| \`${w.policy}\` | \`${cell(shortUrn(w.urn))}\` | ${w.expires} | ${cell(w.reason)} |`);
    out.push("");
  }
  out.push("<details><summary>Resources by type</summary>", "", "| type | count |", "| --- | ---: |");
  for (const [type, n] of Object.entries(s.byType)) out.push(`| \`${type}\` | ${n} |`);
  out.push("", "</details>", "");
  out.push("#### Control matrix", "", renderControlMatrix(plan.controlMatrix ?? controlMatrix(plan, packs)));
  return out.join("\n");
}
