/**
 * Residency comes from geography (stacks/jurisdictions.ts): every row of the table is checked
 * against the region catalogs, the EU member list and the config loader, and a stack file that
 * relabels EU (and US) regions `jurisdiction: none` fails before anything is registered.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { ConfigError } from "../stacks/errors";
import { EU_MEMBER_STATES, JURISDICTION_TABLE, JURISDICTIONS, covers, downgradeProblem, effectiveJurisdiction, placeOf, type JurisdictionRow } from "../stacks/jurisdictions";
import { loadStackConfig } from "../stacks/load";
import { AWS_REGIONS, GCP_MULTI_REGIONS, GCP_REGIONS } from "../stacks/regions";
import { RESIDENCY, SECURITY, TRANSFER_CONTROLS } from "../policies/lib/controls";
import { readStackFiles } from "../tools/engine/project";
import { PROJECT_DIR, rawConfigOf } from "../tools/engine/run";
import * as aws from "@pulumi/aws";
import { awsProvider, dataLabels as policyLabels } from "../policies/testing/rule-tests";
import { TEST_PLAN_DATE, planFixture, planStack } from "./harness";

type Values = Record<string, unknown>;
const rowName = (r: JurisdictionRow) => `${r.cloud} ${r.location} (${r.country}) -> ${r.jurisdiction}`;

function stagingWith(edit: (v: Values) => void): () => unknown {
  const base = rawConfigOf(readStackFiles(PROJECT_DIR, "staging"), { planDate: TEST_PLAN_DATE });
  const values = structuredClone(base.values) as Values;
  edit(values);
  return () => loadStackConfig({ ...base, values });
}

function configProblems(run: () => unknown): string[] {
  try {
    run();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => `${p.key}: ${p.rule}`);
    throw e;
  }
  return [];
}

describe("the jurisdiction table", () => {
  test("every region of the catalogs has exactly one row, and every row a catalog entry", () => {
    const catalog = [...Object.keys(AWS_REGIONS).map((l) => `aws:${l}`), ...Object.keys(GCP_REGIONS).map((l) => `gcp:${l}`), ...Object.keys(GCP_MULTI_REGIONS).map((l) => `gcp:${l}`)].sort();
    expect(JURISDICTION_TABLE.map((r) => `${r.cloud}:${r.location}`).sort()).toEqual(catalog);
  });

  test.each(JURISDICTION_TABLE.map((r) => [rowName(r), r] as const))("%s", (_name, row) => {
    // Geography decides: EU members (and the EU multi-region) are GDPR, Singapore PDPA, the US CCPA.
    const expected = row.eu ? "gdpr" : row.country === "SG" ? "pdpa" : row.country === "US" ? "ccpa" : "none";
    expect(row.jurisdiction).toBe(expected);
    expect(row.eu).toBe(row.country === "EU" || EU_MEMBER_STATES.has(row.country));
    expect(row.law.length).toBeGreaterThan(5);
    const info = row.cloud === "aws" ? AWS_REGIONS[row.location] : (GCP_REGIONS[row.location] ?? GCP_MULTI_REGIONS[row.location]);
    expect(info).toMatchObject({ country: row.country, eu: row.eu, defaultJurisdiction: row.jurisdiction });
    expect(placeOf(row.cloud, row.location)).toBe(row);
    // The row's own jurisdiction always applies; `none` removes its obligations unless it has none.
    expect(downgradeProblem(row.jurisdiction, row.cloud, row.location)).toBeUndefined();
    if (row.jurisdiction === "none") expect(downgradeProblem("none", row.cloud, row.location)).toBeUndefined();
    else expect(downgradeProblem("none", row.cloud, row.location)).toContain(`${row.location} (${row.country}) is under "${row.jurisdiction}" by geography`);
    expect(effectiveJurisdiction("none", row.cloud, row.location)).toBe(row.jurisdiction);
  });

  test.each(JURISDICTION_TABLE.filter((r) => r.cloud === "aws").map((r) => [rowName(r), r] as const))("config: %s relabelled none is refused exactly when the region has obligations", (_name, row) => {
    const found = configProblems(stagingWith((v) => ((v.platform as Values).regions = [{ name: row.location, jurisdiction: "none" }])));
    const relabel = found.filter((p) => p.startsWith("neurastack:platform.regions[0].jurisdiction"));
    if (row.jurisdiction === "none") expect(relabel).toEqual([]);
    else expect(relabel).toEqual([expect.stringContaining(`"none" cannot apply to ${row.location}`)]);
    const own = configProblems(stagingWith((v) => ((v.platform as Values).regions = [{ name: row.location, jurisdiction: row.jurisdiction }])));
    expect(own.filter((p) => p.startsWith("neurastack:platform.regions[0].jurisdiction"))).toEqual([]);
  });

  test.each(JURISDICTION_TABLE.filter((r) => r.cloud === "gcp").map((r) => [rowName(r), r] as const))("config: convergence data in %s under none is refused exactly when the location has obligations", (_name, row) => {
    // The system's other places are moved to a place without obligations (Tokyo), so only this row decides.
    const found = configProblems(
      stagingWith((v) => {
        v.convergence = { ...(v.convergence as Values), jurisdiction: "none", region: "asia-northeast1", secretReplicaLocations: ["asia-northeast1"], bigqueryLocation: row.location };
      }),
    ).filter((p) => p.startsWith("neurastack:convergence.jurisdiction"));
    if (row.jurisdiction === "none") expect(found).toEqual([]);
    else expect(found).toEqual([expect.stringContaining(`data in ${row.location} (convergence.bigqueryLocation)`)]);
  });

  test("config may add obligations a place allows: HIPAA on a US region covers CCPA, none covers nothing", () => {
    expect(covers("hipaa-us", "ccpa")).toBe(true);
    expect(covers("none", "gdpr")).toBe(false);
    expect(covers("gdpr", "none")).toBe(true);
    expect(covers("ccpa", "gdpr")).toBe(false);
    for (const name of ["us-east-1", "ca-central-1"]) {
      const found = configProblems(stagingWith((v) => ((v.platform as Values).regions = [{ name, jurisdiction: "hipaa-us" }])));
      expect(found.filter((p) => p.includes("jurisdiction"))).toEqual([]);
    }
  });

  test("the control matrix's residency controls are the transfer controls of the table's jurisdictions", () => {
    const inTable = new Set(JURISDICTION_TABLE.map((r) => r.jurisdiction));
    expect(JURISDICTIONS).toEqual(expect.arrayContaining([...inTable]));
    const expected = [...JURISDICTIONS.filter((j) => inTable.has(j)).map((j) => TRANSFER_CONTROLS[j]).filter((c) => c !== undefined), SECURITY.residency];
    expect(RESIDENCY).toEqual(expected);
    expect(RESIDENCY.map((c) => `${c.framework} ${c.id}`)).toEqual(["GDPR Art. 44", "PDPA s.26", "Security SC-5"]);
  });
});

describe("the residency policies read the same table", () => {
  test("an RDS replica in us-east-1 of a primary in eu-west-1, both tagged none, is a finding of gdpr-replication-within-jurisdiction naming both regions", async () => {
    const result = await planFixture(() => {
      const tags = policyLabels({ jurisdiction: "none", "data-classification": "pii" });
      const eu = new aws.rds.Instance("eu-primary", { instanceClass: "db.r6g.large", engine: "postgres", tags }, { provider: awsProvider("eu-west-1") });
      new aws.rds.Instance("us-replica", { instanceClass: "db.r6g.large", replicateSourceDb: eu.arn, tags }, { provider: awsProvider("us-east-1") });
    });
    const found = result.violations.filter((v) => v.policy === "gdpr-replication-within-jurisdiction").map((v) => v.message);
    expect(found).toEqual([expect.stringMatching(/RDS replica eu-primary \(eu-west-1, gdpr\) -> us-replica \(us-east-1, ccpa\) crosses jurisdictions/)]);
    const residency = result.violations.filter((v) => v.policy === "gdpr-residency-aws").map((v) => v.message);
    expect(residency).toEqual(expect.arrayContaining([expect.stringContaining("eu-primary is labelled jurisdiction=none in eu-west-1")]));
  });
});

describe("a production stack file relabelling EU and US regions to jurisdiction none", () => {
  // The careless edit: with every region `none`, the default replication groups would join
  // eu-west-1 and us-east-1, and the residency rules would skip the stores.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "relabelled-eu-"));
  const file = path.join(dir, "Pulumi.production.yaml");
  const doc = parse(fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.production.yaml"), "utf8")) as { config: Values };
  (doc.config["neurastack:platform"] as Values).regions = [{ name: "us-east-1", jurisdiction: "none" }, { name: "eu-west-1", jurisdiction: "none" }];
  fs.writeFileSync(file, stringify(doc));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("fails as a config error naming the rule's id and both regions, and records nothing", async () => {
    const result = planStack("production", { stackFile: file }).then(
      () => new Error("the plan succeeded"),
      (e: unknown) => e,
    );
    const error = await result;
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => `${p.key}: ${p.rule}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^neurastack:platform\.regions\[0\]\.jurisdiction: "none" cannot apply to us-east-1 .*"ccpa".*gdpr-residency-aws/),
        expect.stringMatching(/^neurastack:platform\.regions\[1\]\.jurisdiction: "none" cannot apply to eu-west-1 .*"gdpr".*gdpr-residency-aws/),
      ]),
    );
  });
});
