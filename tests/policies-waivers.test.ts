/**
 * Waivers through the engine: a valid waiver turns a finding into a reported waiver (advisory,
 * listed with its reason and expiry in every report); an expired or reasonless waiver is itself
 * a violation at the rule's level. Also the committed policy config's waivers.
 */
import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import { PACKS } from "../policies/packs";
import { findWaiver } from "../policies/lib/waivers";
import { awsProvider, dataLabels, gcpProvider } from "../policies/testing/rule-tests";
import type { PolicyConfigFile } from "../tools/engine/policy-runner";
import { renderMarkdown, renderText } from "../tools/engine/report";
import type { PlanJson } from "../tools/engine/model";
import { TEST_PLAN_DATE, planFixture } from "./harness";

const RULE = "baseline-gcp-no-public-members";
const REASON = "The Convergence API authenticates every caller with its own API keys.";

function program() {
  const provider = gcpProvider();
  new gcp.cloudrunv2.ServiceIamMember("convergence-api-public-invoker", { name: "api", location: "us-central1", role: "roles/run.invoker", member: "allUsers" }, { provider });
  new gcp.cloudrunv2.ServiceIamMember("other-public-invoker", { name: "other", location: "us-central1", role: "roles/run.invoker", member: "allUsers" }, { provider });
}

async function withWaiver(waiver: Record<string, string>, config: PolicyConfigFile = { all: "mandatory" }) {
  const r = await planFixture(program, { packs: PACKS, policyConfig: { ...config, [RULE]: { waivers: [waiver] } } });
  expect(r.errors).toEqual([]);
  const findings = r.violations.filter((v) => v.policy === RULE);
  return { ...r, findings, on: (name: string) => findings.filter((v) => v.urn?.endsWith(`::${name}`)) };
}

function asPlan(r: Awaited<ReturnType<typeof withWaiver>>): PlanJson {
  return {
    stack: "fixture",
    project: "neurastack",
    planDate: TEST_PLAN_DATE,
    operation: "preview",
    resources: r.resources.map(({ urn, type, name, parent, provider, inputs, dependencies, options }) => ({ urn, type, name, parent, provider, inputs, dependencies, options })),
    violations: r.violations,
    waivers: r.waivers,
    outputs: {},
    diagnostics: [],
    summary: { resources: r.resources.length, byType: {}, violations: { mandatory: r.violations.filter((v) => v.enforcementLevel === "mandatory").length, advisory: 0, waived: r.waivers.length } },
  };
}

describe("waivers", () => {
  test("a valid waiver is reported as a waiver with its reason and expiry, not as a violation; other resources still fail", async () => {
    const r = await withWaiver({ resource: "convergence-api-public-invoker", reason: REASON, expires: "2027-06-30" });
    expect(r.on("convergence-api-public-invoker")).toEqual([]);
    expect(r.on("other-public-invoker")).toHaveLength(1);
    expect(r.on("other-public-invoker")[0].enforcementLevel).toBe("mandatory");
    expect(r.waivers).toEqual([expect.objectContaining({ policy: RULE, reason: REASON, expires: "2027-06-30" })]);
    expect(r.waivers[0].urn).toMatch(/::convergence-api-public-invoker$/);
    const plan = asPlan(r);
    for (const report of [renderText(plan), renderMarkdown(plan)]) {
      expect(report).toContain(REASON);
      expect(report).toContain("2027-06-30");
    }
  });

  test("an expired waiver is itself a violation at the rule's level, naming the expiry", async () => {
    const r = await withWaiver({ resource: "convergence-api-public-invoker", reason: REASON, expires: "2000-01-01" });
    expect(r.waivers).toEqual([]);
    const [v] = r.on("convergence-api-public-invoker");
    expect(v).toMatchObject({ enforcementLevel: "mandatory", policy: RULE });
    expect(v.message).toContain("expired on 2000-01-01");
  });

  test("a waiver without a reason is itself a violation (advisory in staging, mandatory in production)", async () => {
    const staging = await withWaiver({ resource: "convergence-api-public-invoker", expires: "2027-06-30" }, { all: "advisory" });
    expect(staging.on("convergence-api-public-invoker")[0]).toMatchObject({ enforcementLevel: "advisory" });
    expect(staging.on("convergence-api-public-invoker")[0].message).toContain("no written reason");
    const production = await withWaiver({ resource: "convergence-api-public-invoker", reason: "", expires: "2027-06-30" });
    expect(production.on("convergence-api-public-invoker")[0]).toMatchObject({ enforcementLevel: "mandatory" });
    expect(production.waivers).toEqual([]);
  });

  test("stack rules honour waivers per resource too", async () => {
    const rule = "hipaa-s3-tls-only";
    const program = () => {
      new aws.s3.Bucket("legacy-bucket", { bucket: "legacy", tags: dataLabels() }, { provider: awsProvider() });
    };
    const waived = await planFixture(program, { packs: PACKS, policyConfig: { [rule]: { waivers: [{ resource: "legacy-bucket", reason: "Migrated to TLS-only policy in the next release.", expires: "2027-06-01" }] } } });
    expect(waived.violations.filter((v) => v.policy === rule)).toEqual([]);
    expect(waived.waivers.map((w) => w.policy)).toContain(rule);
  });
});

describe("committed policy config", () => {
  const CONFIG = path.join(__dirname, "..", "policies", "config");
  test.each(["staging", "production"])("%s: the Convergence API's public invoker is waived with a reason and a future expiry; every waiver is valid", (stack) => {
    const config = JSON.parse(fs.readFileSync(path.join(CONFIG, `${stack}.json`), "utf8")) as Record<string, { waivers?: { resource: string; reason: string; expires: string }[] }>;
    const invoker = config[RULE]?.waivers?.find((w) => w.resource === "convergence-api-public-invoker");
    expect(invoker).toBeDefined();
    for (const [rule, entry] of Object.entries(config)) {
      for (const w of (typeof entry === "object" && entry.waivers) || []) {
        const check = findWaiver([w], w.resource, w.resource);
        expect({ rule, resource: w.resource, invalid: check.invalid }).toEqual({ rule, resource: w.resource, invalid: undefined });
      }
    }
  });
});
