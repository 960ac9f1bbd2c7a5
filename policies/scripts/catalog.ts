/**
 * Prints the rule catalog (Markdown): every rule of every pack with its severity, controls,
 * resource types and remediation. `node tools/run-ts.js policies/scripts/catalog.ts > catalog.md`
 */
import { PACKS } from "../packs";

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const lines: string[] = ["# neurastack policy rules", ""];
for (const pack of PACKS) {
  lines.push(`## ${pack.name} (${pack.rules.length} rules)`, "", "| rule | severity | controls | resource types | checks | remediation |", "| --- | --- | --- | --- | --- | --- |");
  for (const r of pack.rules) {
    const m = r.metadata;
    const types = m.resourceTypes.length > 4 ? `${m.resourceTypes.slice(0, 4).map((t) => `\`${t}\``).join(", ")} +${m.resourceTypes.length - 4}` : m.resourceTypes.map((t) => `\`${t}\``).join(", ");
    lines.push(`| \`${m.id}\` | ${m.severity} | ${m.controls.map((c) => `${c.framework} ${c.id}`).join(", ")} | ${types} | ${cell(m.description)} | ${cell(m.remediation)} |`);
  }
  lines.push("");
}
process.stdout.write(lines.join("\n"));
