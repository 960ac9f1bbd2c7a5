/**
 * policies/COVERAGE.md and policies/coverage.json: regenerated from both stacks' plans and the
 * installed cdk-nag packs; the committed files must be exactly what the generator writes, every
 * applicable peer rule must name a rule here (present in policies/packs.ts) or a reason, and both
 * stacks must satisfy the mapped rules.
 */
import * as fs from "fs";
import { allRules } from "../policies/packs";
import { readCdkNagPacks } from "../tools/coverage/cdk-nag-packs";
import { COVERAGE_JSON, COVERAGE_MD, COVERAGE_PLAN_DATE, ROOT, coverageFromPlans, renderFiles } from "../tools/coverage/files";
import type { Coverage } from "../tools/coverage/coverage";
import { planStack, TEST_PLAN_DATE } from "./harness";

jest.setTimeout(240_000);

let coverage: Coverage;

beforeAll(async () => {
  expect(COVERAGE_PLAN_DATE).toBe(TEST_PLAN_DATE);
  const plans = [(await planStack("staging")).json, (await planStack("production")).json];
  coverage = coverageFromPlans(plans);
});

describe("cdk-nag packs read from node_modules", () => {
  test("both packs are read with every rule and the CloudFormation types it inspects", () => {
    const packs = readCdkNagPacks(ROOT);
    expect(packs.map((p) => p.pack)).toEqual(["HIPAA.Security", "NIST.800.53.R5"]);
    for (const p of packs) {
      const calls = fs.readFileSync(`${ROOT}/${p.file}`, "utf8").match(/this\.applyRule\(\{/g) ?? [];
      expect(p.rules).toHaveLength(calls.length);
      expect(p.rules.filter((r) => r.cfnTypes.length === 0).map((r) => r.name)).toEqual([]);
    }
    const hipaa = packs[0].rules;
    expect(hipaa.find((r) => r.name === "RDSEnhancedMonitoringEnabled")?.cfnTypes).toEqual(["AWS::RDS::DBInstance"]);
    expect(hipaa.find((r) => r.name === "ELBLoggingEnabled")?.cfnTypes).toContain("AWS::ElasticLoadBalancingV2::LoadBalancer");
  });
});

describe("coverage files", () => {
  test("policies/coverage.json and policies/COVERAGE.md are what the generator writes (run node tools/run-ts.js tools/coverage/generate.ts)", () => {
    const files = renderFiles(coverage);
    expect(fs.readFileSync(COVERAGE_JSON, "utf8")).toBe(files.json);
    expect(fs.readFileSync(COVERAGE_MD, "utf8")).toBe(files.md);
  });

  test("every rule of both cdk-nag packs and every policy-library template has a row", () => {
    const packs = readCdkNagPacks(ROOT);
    for (const p of packs) expect(coverage.rows.filter((r) => r.source === `cdk-nag ${p.pack}`)).toHaveLength(p.rules.length);
    expect(coverage.rows.filter((r) => r.source === "policy-library").length).toBeGreaterThanOrEqual(80);
    for (const r of coverage.rows) if (!r.applicable) expect(r.reason).toBeTruthy();
  });

  test("the ALBs the Ingresses make the load balancer controller create count as program resources", () => {
    const row = coverage.rows.find((r) => r.source === "cdk-nag HIPAA.Security" && r.rule === "ELBLoggingEnabled");
    expect(row).toMatchObject({ applicable: true, createdVia: ["Ingress (class alb)"] });
  });

  test("no open problems: every applicable rule is mapped to a rule present in policies/packs.ts (or a reason), no mandatory violation, no unknown AWS type, no stale entry", () => {
    expect(coverage.problems).toEqual([]);
    const ids = new Set(allRules().map((r) => r.name));
    for (const row of coverage.rows.filter((r) => r.applicable)) {
      expect({ rule: row.rule, mapped: row.rules.length > 0 || Boolean(row.reason) }).toEqual({ rule: row.rule, mapped: true });
      for (const r of row.rules) expect({ id: r.id, known: ids.has(r.id) }).toEqual({ id: r.id, known: true });
    }
  });

  test("every mapped rule present here has no mandatory violation in either stack (pass, advisory findings, or waived with reason and expiry)", () => {
    for (const row of coverage.rows) {
      for (const r of row.rules.filter((x) => x.state === "present")) {
        for (const [stack, s] of Object.entries(r.stacks)) {
          expect({ rule: row.rule, id: r.id, stack, ok: s.status !== "fail" && s.status !== "missing" }).toEqual({ rule: row.rule, id: r.id, stack, ok: true });
          for (const w of s.waivers) expect(w.reason.length > 0 && /^\d{4}-\d{2}-\d{2}$/.test(w.expires)).toBe(true);
        }
      }
    }
  });
});

describe("coverage judgement", () => {
  test("a mapped rule missing from the packs, or a mandatory violation of it, is an open problem", async () => {
    const prod = (await planStack("production")).json;
    const without = { ...prod, policies: (prod.policies ?? []).filter((p) => p.policy !== "hipaa-rds-backup") };
    expect(coverageFromPlans([without]).problems).toContain("cdk-nag HIPAA.Security RDSInstanceBackupEnabled: mapped rule hipaa-rds-backup is not in policies/packs.ts");
    const violated = { ...prod, violations: [{ pack: "neurastack-hipaa", policy: "hipaa-rds-enhanced-monitoring", enforcementLevel: "mandatory" as const, severity: "medium", urn: "urn:x", message: "off", controls: [] }] };
    const c = coverageFromPlans([violated]);
    expect(c.problems).toContain("cdk-nag HIPAA.Security RDSEnhancedMonitoringEnabled: hipaa-rds-enhanced-monitoring has 1 mandatory violation(s) in production");
    expect(c.rows.find((r) => r.rule === "RDSEnhancedMonitoringEnabled")?.satisfied).toBe(false);
  });

  test("an AWS type the program-types table does not know is an open problem", async () => {
    const prod = (await planStack("production")).json;
    const extra = { ...prod, resources: [...prod.resources, { ...prod.resources[0], type: "aws:opensearch/domain:Domain" }] };
    expect(coverageFromPlans([extra]).problems).toContain("AWS type aws:opensearch/domain:Domain is not in tools/coverage/program-types.ts PULUMI_TO_CFN");
  });
});
