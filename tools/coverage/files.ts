/** The coverage files and how they are produced from the two stacks' plans (tools/coverage/generate.ts writes them; the test compares). */
import * as path from "path";
import type { PlanJson } from "../engine/model";
import { readCdkNagPacks } from "./cdk-nag-packs";
import { buildCoverage, renderMarkdown, type Coverage } from "./coverage";
import gcpLibrary from "./gcp-policy-library.json";

export const ROOT = path.resolve(__dirname, "..", "..");
export const COVERAGE_JSON = path.join(ROOT, "policies", "coverage.json");
export const COVERAGE_MD = path.join(ROOT, "policies", "COVERAGE.md");
/** Coverage is judged on a fixed day so the files do not drift with the calendar (waiver expiry, support windows). */
export const COVERAGE_PLAN_DATE = "2026-12-02";

export function coverageFromPlans(plans: readonly PlanJson[]): Coverage {
  return buildCoverage({ cdkNag: readCdkNagPacks(ROOT), gcpLibrary, plans });
}

export function renderFiles(c: Coverage): { json: string; md: string } {
  return { json: `${JSON.stringify(c, null, 2)}\n`, md: `${renderMarkdown(c)}\n` };
}
