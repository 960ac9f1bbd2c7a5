/**
 * What the preflight checks comes from the plan JSON: every check of the production plan, and
 * a change of the plan changes the checks (no second list). Without credentials the CLI lists
 * the checks and exits 0; in JSON too.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { plannedChecks } from "../tools/preflight/derive";
import type { PlanJson } from "../tools/engine/model";
import { planStack } from "./harness";

const ROOT = path.resolve(__dirname, "..");
const REGIONS = ["ap-northeast-1", "ap-southeast-1", "eu-central-1", "eu-west-1", "us-east-1", "us-west-2"];

describe("checks derived from the production plan", () => {
  test("quotas per region: EKS, VPCs, NAT per AZ, EIPs, RDS, ElastiCache, vCPUs of the pools' maximums, Lambda reserved concurrency", async () => {
    const checks = plannedChecks((await planStack("production")).json);
    const quota = (region: string, code: string) => checks.find((c) => c.id === `aws-quota:${region}:${code}`)?.spec;
    for (const region of REGIONS) {
      expect(quota(region, "L-1194D53C")).toMatchObject({ need: 1 });
      expect(quota(region, "L-F678F1CE")).toMatchObject({ need: 1 });
      expect(quota(region, "L-FE5A380F")).toMatchObject({ need: 1 });
      expect(quota(region, "L-0263D0A3")).toMatchObject({ need: 3 });
      // Guide pools: general 2-10 t3.large, compute 1-5 c5.2xlarge, a 0-4 c5.2xlarge simulation pool per accelerator (loihi2, akida); GPU 0-3 p3.2xlarge.
      expect(checks.find((c) => c.id === `aws-vcpu:${region}:standard`)?.spec).toMatchObject({ instances: { "t3.large": 10, "c5.2xlarge": 13 } });
      expect(checks.find((c) => c.id === `aws-vcpu:${region}:p`)?.spec).toMatchObject({ instances: { "p3.2xlarge": 3 } });
    }
    expect(checks.find((c) => c.id === "aws-lambda-concurrency:us-east-1")?.spec).toMatchObject({ reserved: 10 });
    // us-east-1 hosts SNN-Fusion (primary + in-region replica), NCA (primary + two replicas) and the
    // ZKP ledger (primary + replica): 7 RDS instances.
    expect(quota("us-east-1", "L-7B6409FD")).toMatchObject({ need: 7 });
  });

  test("a service-linked role the plan creates itself (autoScalingServiceLinkedRole: create) is not asked to exist; the others still are", async () => {
    const plan = (await planStack("production")).json;
    const slr = { urn: "urn:pulumi:production::neurastack::aws:iam/serviceLinkedRole:ServiceLinkedRole::asg-slr", type: "aws:iam/serviceLinkedRole:ServiceLinkedRole", name: "asg-slr", inputs: { awsServiceName: "autoscaling.amazonaws.com" } };
    const ids = plannedChecks({ ...plan, resources: [...plan.resources, slr] } as PlanJson).map((c) => c.id);
    expect(ids).not.toContain("aws-service-linked-role:AWSServiceRoleForAutoScaling");
    expect(ids).toContain("aws-service-linked-role:AWSServiceRoleForAmazonEKS");
  });

  test("service-linked roles, image digests per region, delegation of the created zones, GCP projects", async () => {
    const checks = plannedChecks((await planStack("production")).json);
    const ids = checks.map((c) => c.id);
    for (const role of ["AWSServiceRoleForAmazonEKS", "AWSServiceRoleForAmazonEKSNodegroup", "AWSServiceRoleForAutoScaling", "AWSServiceRoleForRDS", "AWSServiceRoleForElastiCache", "AWSServiceRoleForElasticLoadBalancing", "AWSServiceRoleForECRReplication"]) {
      expect(ids).toContain(`aws-service-linked-role:${role}`);
    }
    const ecrImages = checks.filter((c) => c.spec.kind === "aws-ecr-image");
    expect(ecrImages.filter((c) => c.title.includes("/production/snn-fusion/api@")).map((c) => (c.spec as { region: string }).region).sort()).toEqual(REGIONS);
    expect(checks.filter((c) => c.spec.kind === "gcp-artifact-image").map((c) => c.spec)).toEqual([
      expect.objectContaining({ project: "neurascale-convergence-prod", location: "us-central1", repository: "convergence-api-prod", image: "convergence-api" }),
    ]);
    expect(ids.filter((id) => id.startsWith("dns-delegation:"))).toEqual(["dns-delegation:nca.neurascale.example", "dns-delegation:snn.neurascale.example"]);
    expect(ids).toEqual(expect.arrayContaining(["gcp-billing:neurascale-production", "gcp-billing:neurascale-convergence-prod", "gcp-org-policy:neurascale-convergence-prod:iam.allowedPolicyMemberDomains", "gcp-org-policy:neurascale-convergence-prod:run.allowedIngress"]));
    expect(checks.find((c) => c.id === "gcp-org-policy:neurascale-production:gcp.resourceLocations")?.spec).toMatchObject({ values: ["northamerica-northeast1", "northamerica-northeast2"] }); // the ledger and its replica cluster
    const apis = checks.find((c) => c.id === "gcp-apis:neurascale-production")?.spec;
    expect(apis?.kind === "gcp-apis" ? apis.services : []).toEqual(expect.arrayContaining(["serviceusage.googleapis.com", "cloudresourcemanager.googleapis.com"]));
    expect(new Set(ids).size).toBe(ids.length);
  });

  test("the plan decides: without the Lambda there is no concurrency check, without GPUs no P quota", async () => {
    const json = (await planStack("production")).json;
    const trimmed: PlanJson = { ...json, resources: json.resources.filter((r) => r.type !== "aws:lambda/function:Function" && !(r.type === "aws:eks/nodeGroup:NodeGroup" && JSON.stringify(r.inputs.instanceTypes).includes("p3."))) };
    const ids = plannedChecks(trimmed).map((c) => c.id);
    expect(ids.some((id) => id.startsWith("aws-lambda-concurrency:"))).toBe(false);
    expect(ids.some((id) => id.endsWith(":p"))).toBe(false);
    expect(ids).toContain("aws-vcpu:us-east-1:standard");
  });
});

describe("npm run preflight without credentials", () => {
  let dir: string;
  let planFile: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "preflight-"));
    planFile = path.join(dir, "plan.json");
    fs.writeFileSync(planFile, JSON.stringify((await planStack("production")).json));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  // No AWS_* or GOOGLE_* variables, and a HOME without ~/.aws or gcloud credentials.
  const env = () => {
    const clean: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: dir, AWS_EC2_METADATA_DISABLED: "true", METADATA_SERVER_DETECTION: "none", NEURASTACK_PLAN_DATE: process.env.NEURASTACK_PLAN_DATE };
    return Object.fromEntries(Object.entries(clean).filter(([, v]) => v !== undefined));
  };
  const preflight = (args: string[]) => spawnSync(process.execPath, [path.join(ROOT, "tools", "run-ts.js"), path.join(ROOT, "tools", "preflight", "cli.ts"), ...args], { cwd: ROOT, encoding: "utf8", env: env(), timeout: 120_000 });

  test("lists every check it would run, as a table per group, and exits 0", async () => {
    const r = preflight(["--plan", planFile]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const expected = plannedChecks((await planStack("production")).json);
    expect(r.stdout).toContain(`AWS: no credentials; the ${expected.filter((c) => c.cloud === "aws").length} checks below would run`);
    for (const group of ["Service quotas", "Service-linked roles", "Image digests", "Hosted-zone delegation", "GCP projects", "Organization policies"]) expect(r.stdout).toContain(`\n${group}\n`);
    for (const c of expected) expect(r.stdout).toContain(`  not-run  ${c.title}\n`);
    expect(r.stdout).toContain(`Summary: 0 ok, 0 missing, 0 unknown, ${expected.length} not run`);
  });

  test("--format json: one entry per check with its status, need and fix", async () => {
    const r = preflight(["--plan", planFile, "--format", "json"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { credentials: unknown; checks: { id: string; status: string; fix: string }[]; summary: Record<string, number> };
    expect(out.credentials).toEqual({ aws: false, gcp: false });
    expect(out.checks.map((c) => c.id)).toEqual(plannedChecks((await planStack("production")).json).map((c) => c.id));
    for (const c of out.checks) {
      expect(c.status).toBe("not-run");
      expect(c.fix.length).toBeGreaterThan(10);
    }
    expect(out.summary.missing).toBe(0);
  });
});
