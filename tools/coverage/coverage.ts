/**
 * Builds the coverage record (policies/coverage.json) and its Markdown (policies/COVERAGE.md):
 * every rule of cdk-nag's HIPAA Security and NIST 800-53 rev 5 packs and every
 * GoogleCloudPlatform/policy-library template, whether it applies to what the program creates,
 * the rule(s) here that check the same thing, and whether both stacks' plans satisfy them.
 */
import type { PlanJson } from "../engine/model";
import { CDK_NAG_MAPPING, type CdkNagMapping } from "./cdk-nag-mapping";
import type { CdkNagPack } from "./cdk-nag-packs";
import { GCP_MAPPING, PULUMI_TO_ASSET } from "./gcp-mapping";
import { programTypes } from "./program-types";

/**
 * Types cdk-nag rules look at only to relate a subject (a backup selection naming a table, an
 * association naming a web ACL, a rotation schedule naming a secret): creating one of these does
 * not make a rule about another type apply.
 */
const COMPANION_TYPES = new Set([
  "AWS::Backup::BackupSelection", "AWS::ApplicationAutoScaling::ScalableTarget", "AWS::WAFv2::WebACLAssociation",
  "AWS::SecretsManager::RotationSchedule", "AWS::SecretsManager::SecretTargetAttachment", "AWS::IAM::UserToGroupAddition",
  "AWS::S3::BucketPolicy", "AWS::EC2::FlowLog", "AWS::WAFv2::LoggingConfiguration", "AWS::Redshift::ClusterParameterGroup",
  "AWS::EC2::SecurityGroupIngress", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy",
]);

/** advisory: the stack's policy config runs the rule as advisory and it reports findings (not satisfied, not a blocking problem). */
export type StackStatus = "pass" | "waived" | "advisory" | "fail" | "missing";

export interface RuleResult {
  readonly id: string;
  /** missing: not in policies/packs.ts. */
  readonly state: "present" | "missing";
  readonly stacks: Readonly<Record<string, { readonly status: StackStatus; readonly violations: number; readonly waivers: readonly { urn: string; reason: string; expires: string }[] }>>;
}

export interface CoverageRow {
  readonly source: string;
  readonly rule: string;
  readonly level?: string;
  readonly info?: string;
  readonly types: readonly string[];
  readonly applicable: boolean;
  /** Not applicable, or applicable but deliberately not adopted: why. */
  readonly reason?: string;
  readonly createdVia?: readonly string[];
  readonly rules: readonly RuleResult[];
  /** Both stacks satisfy every mapped rule (pass, or waived with reason and expiry); null when not applicable or unmapped. */
  readonly satisfied: boolean | null;
}

export interface CoverageInput {
  readonly cdkNag: readonly CdkNagPack[];
  readonly gcpLibrary: { readonly source: string; readonly commit: string; readonly templates: readonly { template: string; kind: string; assetTypes: readonly string[] }[] };
  readonly plans: readonly PlanJson[];
}

export interface Coverage {
  readonly sources: readonly { name: string; version: string; rules: number; applicable: number; mapped: number; satisfied: number; byReason: number }[];
  readonly stacks: readonly string[];
  readonly problems: readonly string[];
  readonly rows: readonly CoverageRow[];
}

function ruleResult(id: string, plans: readonly PlanJson[]): RuleResult {
  const stacks: Record<string, RuleResult["stacks"][string]> = {};
  let present = true;
  for (const p of plans) {
    const known = (p.policies ?? []).some((x) => x.policy === id);
    present &&= known;
    const violations = p.violations.filter((v) => v.policy === id && v.enforcementLevel === "mandatory").length;
    const waivers = p.waivers.filter((w) => w.policy === id).map((w) => ({ urn: w.urn, reason: w.reason, expires: w.expires }));
    const advisory = p.violations.filter((v) => v.policy === id && v.enforcementLevel === "advisory").length;
    const status: StackStatus = !known ? "missing" : violations > 0 ? "fail" : advisory > 0 ? "advisory" : waivers.length > 0 ? "waived" : "pass";
    stacks[p.stack] = { status, violations, waivers };
  }
  return { id, state: present ? "present" : "missing", stacks };
}

function mappedRow(base: Omit<CoverageRow, "rules" | "satisfied" | "reason">, mapping: CdkNagMapping | undefined, input: CoverageInput, problems: string[]): CoverageRow {
  if (!base.applicable) return { ...base, rules: [], satisfied: null };
  if (!mapping) {
    problems.push(`${base.source} ${base.rule}: applies (${(base.createdVia ?? []).join(", ")}) but has no entry in the mapping table`);
    return { ...base, rules: [], satisfied: null };
  }
  if ("reason" in mapping) return { ...base, reason: mapping.reason, rules: [], satisfied: null };
  const rules = mapping.rules.map((id) => ruleResult(id, input.plans));
  for (const r of rules) {
    if (r.state === "missing") problems.push(`${base.source} ${base.rule}: mapped rule ${r.id} is not in policies/packs.ts`);
    for (const [stack, s] of Object.entries(r.stacks)) if (s.status === "fail") problems.push(`${base.source} ${base.rule}: ${r.id} has ${s.violations} mandatory violation(s) in ${stack}`);
  }
  const satisfied = rules.every((r) => Object.values(r.stacks).every((s) => s.status === "pass" || s.status === "waived"));
  return { ...base, rules, satisfied };
}

export function buildCoverage(input: CoverageInput): Coverage {
  const problems: string[] = [];
  const resources = input.plans.flatMap((p) => p.resources);
  const program = programTypes(resources);
  for (const t of program.unknown) problems.push(`AWS type ${t} is not in tools/coverage/program-types.ts PULUMI_TO_CFN`);
  const rows: CoverageRow[] = [];
  const sources: Coverage["sources"][number][] = [];
  const usedMappings = new Set<string>();

  for (const pack of input.cdkNag) {
    const packRows = pack.rules.map((r) => {
      const subjects = r.cfnTypes.filter((t) => !COMPANION_TYPES.has(t));
      const created = (subjects.length > 0 ? subjects : r.cfnTypes).filter((t) => program.cfn.has(t));
      const applicable = created.length > 0;
      if (applicable) usedMappings.add(r.name);
      const base = {
        source: `cdk-nag ${pack.pack}`, rule: r.name, level: r.level, info: r.info, types: r.cfnTypes, applicable,
        ...(applicable ? { createdVia: [...new Set(created.flatMap((t) => program.cfn.get(t) ?? []))].sort() } : {}),
      };
      const row = mappedRow(base, CDK_NAG_MAPPING[r.name], input, problems);
      return applicable ? row : { ...row, reason: `Inspects ${r.cfnTypes.join(", ")}; the program creates none of ${r.cfnTypes.length > 1 ? "them" : "it"}.` };
    });
    rows.push(...packRows);
    sources.push(summary(`cdk-nag ${pack.pack}`, pack.version, packRows));
  }
  for (const name of Object.keys(CDK_NAG_MAPPING)) if (!usedMappings.has(name)) problems.push(`mapping entry ${name} matches no applicable cdk-nag rule (stale entry)`);

  const assets = new Map<string, string[]>();
  for (const r of resources) {
    const a = PULUMI_TO_ASSET[r.type];
    if (a) assets.set(a, [...new Set([...(assets.get(a) ?? []), r.type])]);
  }
  const gcpRows = input.gcpLibrary.templates.map((t) => {
    const created = t.assetTypes.filter((a) => assets.has(a));
    // No asset type: the template reads IAM policies (or is generic) and applies to every GCP project the program writes.
    const applicable = t.assetTypes.length === 0 || created.length > 0;
    const base = {
      source: "policy-library", rule: t.template, info: t.kind, types: t.assetTypes, applicable,
      ...(applicable ? { createdVia: t.assetTypes.length === 0 ? ["IAM policies (any GCP resource)"] : [...new Set(created.flatMap((a) => assets.get(a) ?? []))].sort() } : {}),
    };
    const row = mappedRow(base, GCP_MAPPING[t.template], input, problems);
    return applicable ? row : { ...row, reason: `Matches ${t.assetTypes.join(", ")}; the program creates none of these.` };
  });
  for (const name of Object.keys(GCP_MAPPING)) if (!gcpRows.some((r) => r.rule === name && r.applicable)) problems.push(`GCP mapping entry ${name} matches no applicable template (stale entry)`);
  rows.push(...gcpRows);
  sources.push(summary("policy-library", input.gcpLibrary.commit.slice(0, 12), gcpRows));
  return { sources, stacks: input.plans.map((p) => p.stack), problems, rows };
}

function summary(name: string, version: string, rows: readonly CoverageRow[]): Coverage["sources"][number] {
  const applicable = rows.filter((r) => r.applicable);
  return {
    name, version, rules: rows.length, applicable: applicable.length,
    mapped: applicable.filter((r) => r.rules.length > 0).length,
    satisfied: applicable.filter((r) => r.satisfied === true).length,
    byReason: applicable.filter((r) => r.rules.length === 0 && r.reason !== undefined).length,
  };
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

function statusCell(row: CoverageRow, stacks: readonly string[]): string {
  if (!row.applicable) return "n/a";
  if (row.rules.length === 0) return row.reason ? "by design" : "**unmapped**";
  return stacks.map((s) => {
    const st = row.rules.map((r) => r.stacks[s]?.status ?? "missing");
    const worst = (["fail", "missing", "advisory", "waived", "pass"] as const).find((x) => st.includes(x)) ?? "pass";
    const waiver = row.rules.flatMap((r) => r.stacks[s]?.waivers ?? [])[0];
    return `${s}: ${worst}${worst === "waived" && waiver ? ` (until ${waiver.expires}: ${cell(waiver.reason)})` : ""}`;
  }).join("<br>");
}

export function renderMarkdown(c: Coverage): string {
  const out: string[] = [
    "# Compliance coverage against public peers",
    "",
    "Generated by `node tools/run-ts.js tools/coverage/generate.ts` (tests/coverage.test.ts fails when this file drifts).",
    "Sources: cdk-nag's `HIPAASecurityChecks` and `NIST80053R5Checks` packs, read as text from `node_modules/cdk-nag` (no cdk-nag code runs),",
    "and the constraint templates of GoogleCloudPlatform/policy-library (`tools/coverage/gcp-policy-library.json`).",
    "A rule applies when the plans of the stacks below create a resource type it inspects (an Ingress of class `alb` counts as the ALB",
    "the AWS Load Balancer Controller creates). Status per stack: pass (no violation), waived (a waiver with reason and expiry),",
    "advisory (the stack's policy config runs the rule as advisory and it reports findings), fail (mandatory violations),",
    "missing (the rule id is not in policies/packs.ts).",
    "",
    `Stacks: ${c.stacks.join(", ")}.`,
    "",
    "| source | version | rules | applicable | mapped to a rule here | satisfied by both stacks | not adopted (reason) |",
    "|---|---|---|---|---|---|---|",
    ...c.sources.map((s) => `| ${s.name} | ${s.version} | ${s.rules} | ${s.applicable} | ${s.mapped} | ${s.satisfied} | ${s.byReason} |`),
    "",
  ];
  if (c.problems.length > 0) out.push("## Open problems", "", ...c.problems.map((p) => `- ${p}`), "");
  for (const source of c.sources) {
    out.push(`## ${source.name}`, "", "| rule | applies | rule(s) here | status | reason / created by |", "|---|---|---|---|---|");
    for (const r of c.rows.filter((x) => x.source === source.name)) {
      const note = r.reason ?? (r.createdVia ? `created by ${r.createdVia.join(", ")}` : "");
      out.push(`| ${r.rule} | ${r.applicable ? "yes" : "no"} | ${r.rules.map((x) => `\`${x.id}\``).join(", ")} | ${statusCell(r, c.stacks)} | ${cell(note)} |`);
    }
    out.push("");
  }
  return out.join("\n");
}
