/**
 * `node tools/run-ts.js tools/coverage/generate.ts [--check]`: plans both stacks, reads the
 * cdk-nag packs and the policy-library snapshot, writes policies/coverage.json and
 * policies/COVERAGE.md. `--check` writes nothing and exits 1 when either file would change.
 */
import * as fs from "fs";
import * as path from "path";
import { plan } from "../engine/plan";
import type { PlanJson } from "../engine/model";
import { COVERAGE_JSON, COVERAGE_MD, COVERAGE_PLAN_DATE, ROOT, coverageFromPlans, renderFiles } from "./files";

async function main(): Promise<void> {
  const plans: PlanJson[] = [];
  for (const stack of ["staging", "production"]) plans.push((await plan({ stack, planDate: COVERAGE_PLAN_DATE, operation: "preview" })).json);
  const files = renderFiles(coverageFromPlans(plans));
  if (process.argv.includes("--check")) {
    const same = fs.existsSync(COVERAGE_JSON) && fs.readFileSync(COVERAGE_JSON, "utf8") === files.json && fs.readFileSync(COVERAGE_MD, "utf8") === files.md;
    process.stdout.write(same ? "coverage up to date\n" : "coverage drifted: run node tools/run-ts.js tools/coverage/generate.ts\n");
    process.exit(same ? 0 : 1);
  }
  fs.writeFileSync(COVERAGE_JSON, files.json);
  fs.writeFileSync(COVERAGE_MD, files.md);
  process.stdout.write(`wrote ${path.relative(ROOT, COVERAGE_MD)} and ${path.relative(ROOT, COVERAGE_JSON)}\n`);
}

void main();
