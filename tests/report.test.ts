/**
 * The compliance report: findings grouped by control with resource, rule and remediation,
 * waivers with reason and expiry, and the control matrix at the end (pinned by a snapshot).
 */
import * as gcp from "@pulumi/gcp";
import { ALL_CONTROLS } from "../policies/lib/controls";
import type { PackDefinition } from "../policies/lib/types";
import { bigtableCmek } from "../policies/hipaa/rules/bigtable-cmek";
import { storageCmek } from "../policies/hipaa/rules/storage-cmek";
import { residencyGcp } from "../policies/gdpr/rules/residency-gcp";
import { gcpNoPublicMembers } from "../policies/baseline/rules/gcp-no-public-members";
import { dataLabels, gcpProvider, GCP_KEY_NAME } from "../policies/testing/rule-tests";
import type { PlanJson } from "../tools/engine/model";
import { controlMatrix, renderMarkdown, renderText } from "../tools/engine/report";
import { TEST_PLAN_DATE, planFixture } from "./harness";

const PACKS: PackDefinition[] = [
  { name: "neurastack-hipaa", version: "0.1.0", enforcementLevel: "mandatory", rules: [bigtableCmek, storageCmek] },
  { name: "neurastack-gdpr", version: "0.1.0", enforcementLevel: "mandatory", rules: [residencyGcp] },
  { name: "neurastack-baseline", version: "0.1.0", enforcementLevel: "mandatory", rules: [gcpNoPublicMembers] },
];

let plan: PlanJson;

beforeAll(async () => {
  const result = await planFixture(
    () => {
      const provider = gcpProvider("us-central1");
      new gcp.bigtable.Instance("ledger", { labels: dataLabels(), clusters: [{ clusterId: "c", zone: "us-central1-b", numNodes: 1, kmsKeyName: GCP_KEY_NAME }] }, { provider });
      new gcp.storage.Bucket("exports", { location: "US", labels: dataLabels({ jurisdiction: "gdpr", "data-classification": "pii" }) }, { provider });
      new gcp.cloudrunv2.ServiceIamMember("api-public-invoker", { name: "api", location: "us-central1", role: "roles/run.invoker", member: "allUsers" }, { provider });
    },
    {
      packs: PACKS,
      stack: "fixture",
      policyConfig: { all: "mandatory", "baseline-gcp-no-public-members": { waivers: [{ resource: "api-public-invoker", reason: "The API authenticates callers with its own keys.", expires: "2027-06-30" }] } },
    },
  );
  expect(result.errors).toEqual([]);
  const byType: Record<string, number> = {};
  for (const r of result.resources) byType[r.type] = (byType[r.type] ?? 0) + 1;
  plan = {
    stack: "fixture",
    project: "neurastack",
    planDate: TEST_PLAN_DATE,
    operation: "preview",
    resources: result.resources.map(({ urn, type, name, parent, provider, inputs, dependencies, options }) => ({ urn, type, name, parent, provider, inputs, dependencies, options })),
    violations: result.violations,
    waivers: result.waivers,
    outputs: {},
    diagnostics: [],
    summary: {
      resources: result.resources.length,
      byType: Object.fromEntries(Object.entries(byType).sort(([a], [b]) => a.localeCompare(b))),
      violations: { mandatory: result.violations.filter((v) => v.enforcementLevel === "mandatory").length, advisory: result.violations.filter((v) => v.enforcementLevel === "advisory").length, waived: result.waivers.length },
    },
  };
});

describe("control matrix", () => {
  test("one row per HIPAA, GDPR, CCPA and PDPA control; pass + fail + waived = resources checked", () => {
    const rows = controlMatrix(plan, PACKS);
    const expected = ALL_CONTROLS.filter((c) => ["HIPAA", "GDPR", "CCPA", "PDPA"].includes(c.framework)).map((c) => `${c.framework} ${c.id}`);
    expect(rows.map((r) => `${r.framework} ${r.control}`)).toEqual(expected);
    for (const r of rows) expect(r.pass + r.fail + r.waived).toBe(r.resources);
  });

  test("counts what the rules found: encryption checks 2 stores (1 fails), residency fails the EU bucket in the US, access control waives the invoker", () => {
    const row = (framework: string, control: string) => controlMatrix(plan, PACKS).find((r) => r.framework === framework && r.control === control)!;
    expect(row("HIPAA", "164.312(a)(2)(iv)")).toMatchObject({ rules: ["hipaa-bigtable-cmek", "hipaa-storage-cmek"], resources: 2, pass: 1, fail: 1, waived: 0 });
    expect(row("GDPR", "Art. 44")).toMatchObject({ rules: ["gdpr-residency-gcp"], fail: 1 });
    expect(row("HIPAA", "164.312(a)(1)")).toMatchObject({ rules: ["baseline-gcp-no-public-members"], resources: 1, pass: 0, fail: 0, waived: 1 });
    expect(row("HIPAA", "164.312(b)")).toMatchObject({ rules: [], resources: 0 });
  });
});

describe("markdown report", () => {
  test("groups findings by control with resource, rule, finding and remediation; lists waivers; ends with the control matrix", () => {
    const md = renderMarkdown(plan, { packs: PACKS });
    const sections = md.split("\n").filter((l) => l.startsWith("#### "));
    expect(sections).toEqual(["#### Policy findings by control", "#### Waivers", "#### Control matrix"]);
    expect(md).toContain("**HIPAA 164.312(a)(2)(iv)** Encryption and decryption (1)");
    expect(md).toContain("| level | resource | rule | finding | remediation |");
    expect(md).toContain("`gcp:storage/bucket:Bucket::exports` | `hipaa-storage-cmek` | the bucket has no encryption.defaultKmsKeyName");
    expect(md).toContain(storageCmek.metadata.remediation.replace(/\|/g, "\\|"));
    expect(md).toContain("| `baseline-gcp-no-public-members` | `gcp:cloudrunv2/serviceIamMember:ServiceIamMember::api-public-invoker` | 2027-06-30 | The API authenticates callers with its own keys. |");
    expect(md.trimEnd().split("\n").pop()).toMatch(/^\| PDPA \| s\.26 \|/);
  });

  test("snapshot of the markdown report (control matrix structure)", () => {
    expect(renderMarkdown(plan, { packs: PACKS })).toMatchSnapshot();
  });

  test("the text report carries the same groups, waivers and matrix", () => {
    const text = renderText(plan, { packs: PACKS });
    expect(text).toContain("Policies (by control):");
    expect(text).toContain("  HIPAA 164.312(a)(2)(iv) Encryption and decryption (1)");
    expect(text).toContain(`fix: ${storageCmek.metadata.remediation}`);
    expect(text).toContain("Waivers (1):");
    expect(text).toMatch(/Control matrix:\n.*\n    HIPAA 164\.308\(a\)\(1\)\(ii\)\(B\)/);
  });
});
