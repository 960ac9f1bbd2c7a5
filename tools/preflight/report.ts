/** The preflight's output: a table per group of checks (status, check, need, finding, fix), or JSON. */
import type { CheckResult, Cloud, PreflightReport, Status } from "./model";

const STATUSES: readonly Status[] = ["ok", "missing", "unknown", "not-run"];

export function toReport(stack: string, credentials: Readonly<Record<Cloud, boolean>>, results: readonly CheckResult[]): PreflightReport {
  const summary = Object.fromEntries(STATUSES.map((s) => [s, results.filter((r) => r.status === s).length])) as Record<Status, number>;
  return { stack, credentials, results, summary };
}

/** JSON: one entry per check with its status, what the plan needs, what the account said and the fix. */
export function toJson(report: PreflightReport): unknown {
  return {
    stack: report.stack,
    credentials: report.credentials,
    checks: report.results.map((r) => ({ id: r.check.id, cloud: r.check.cloud, group: r.check.group, check: r.check.title, status: r.status, need: r.check.need, detail: r.detail, fix: r.check.fix })),
    summary: report.summary,
  };
}

export function renderText(report: PreflightReport): string {
  const lines: string[] = [`Preflight of ${report.stack}: what only the accounts can tell`];
  for (const cloud of ["aws", "gcp"] as const) {
    const n = report.results.filter((r) => r.check.cloud === cloud).length;
    if (n === 0) continue;
    lines.push(report.credentials[cloud] ? `  ${cloud.toUpperCase()}: credentials found, ${n} checks run (read-only calls)` : `  ${cloud.toUpperCase()}: no credentials; the ${n} checks below would run (${cloud === "aws" ? "AWS_PROFILE or the default provider chain" : "gcloud auth application-default login"})`);
  }
  const groups = [...new Set(report.results.map((r) => r.check.group))];
  for (const group of groups) {
    lines.push("", group);
    for (const r of report.results.filter((x) => x.check.group === group)) {
      lines.push(`  ${r.status.padEnd(8)} ${r.check.title}`, `           needs: ${r.check.need}`, `           found: ${r.detail}`);
      if (r.status === "missing" || r.status === "unknown") lines.push(`           fix:   ${r.check.fix}`);
    }
  }
  const s = report.summary;
  lines.push("", `Summary: ${s.ok} ok, ${s.missing} missing, ${s.unknown} unknown, ${s["not-run"]} not run`);
  return lines.join("\n") + "\n";
}
