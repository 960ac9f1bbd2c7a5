/**
 * Packs this project did not write, run by the offline engine as the Pulumi CLI runs them:
 * Pulumi's @pulumi/awsguard set up exactly as its README says (tests/fixtures/packs/awsguard)
 * and another team's plain @pulumi/policy pack (tests/fixtures/packs/team), over a small program
 * built from this repository's AWS data components.
 *
 * The awsguard findings are compared with those of the same pack folder served by the real
 * policy server over gRPC (started as the CLI starts it, configured as the CLI configures it from
 * the pack's own analyzer info). The processes started here are stopped in afterAll.
 */
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import { DataBucket } from "../components/aws/data/data-bucket";
import { PostgresDatabase } from "../components/aws/data/postgres-database";
import type { SystemContext } from "../components/context";
import { dataLabels } from "../components/labels";
import { loadPolicyPack, PackLoadError } from "../tools/engine/pack-loader";
import { PolicyConfigError } from "../tools/engine/policy-config";
import { runPolicies } from "../tools/engine/policy-runner";
import type { EngineResource } from "../tools/engine/recorder";
import { runProgram } from "../tools/engine/run";
import { toJson } from "../tools/engine/plan";
import { unmappedRows } from "../tools/engine/report-unmapped";
import { renderMarkdown, renderText } from "../tools/engine/report";
import { stackConfig } from "./fixtures/run-program";
import { TEST_PLAN_DATE } from "./harness";

/* eslint-disable @typescript-eslint/no-require-imports */
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] })) as typeof import("@grpc/grpc-js");
const analyzerRpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb");
const structPb = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiDir] }));
const emptyPb = require(require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [pulumiDir] }));
/* eslint-enable @typescript-eslint/no-require-imports */

const ROOT = path.join(__dirname, "..");
const AWSGUARD = path.join(ROOT, "tests", "fixtures", "packs", "awsguard");
const TEAM = path.join(ROOT, "tests", "fixtures", "packs", "team");
const LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const;

/** A program of this repository's components: an S3 data bucket (with its KMS key) and a PostgreSQL database. */
function program(): void {
  const config = stackConfig("production");
  const context: SystemContext = { config, labels: { system: "fixture", environment: config.environment, owner: "data-team" } };
  const provider = new aws.Provider("aws-eu-west-1", { region: "eu-west-1" });
  const labels = dataLabels(context.labels, { classification: "pii", jurisdiction: "gdpr", purpose: "fixture" });
  new DataBucket("fx-lake", { context, provider, dataLabels: labels });
  new PostgresDatabase("fx-db", { context, provider, region: "eu-west-1", network: { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], allowedSecurityGroupIds: ["sg-1"] }, dataLabels: labels });
}

interface Finding {
  readonly policy: string;
  readonly urn: string;
  readonly level: string;
  readonly message: string;
}
const sorted = (fs: Finding[]) => [...fs].sort((a, b) => `${a.policy} ${a.urn} ${a.message}`.localeCompare(`${b.policy} ${b.urn} ${b.message}`));

// ---- the real policy server, as the CLI drives it --------------------------------------------

interface Diagnostic {
  getPolicyname(): string;
  getMessage(): string;
  getUrn(): string;
  getEnforcementlevel(): number;
}
interface Client {
  getAnalyzerInfo(req: unknown, cb: (e: Error | null, r: AnalyzerInfo) => void): void;
  configure(req: unknown, cb: (e: Error | null) => void): void;
  analyze(req: unknown, cb: (e: Error | null, r: { getDiagnosticsList(): Diagnostic[] }) => void): void;
  analyzeStack(req: unknown, cb: (e: Error | null, r: { getDiagnosticsList(): Diagnostic[] }) => void): void;
  close(): void;
}
interface PolicyConfigPb {
  getEnforcementlevel(): number;
  getProperties(): { toJavaScript(): Record<string, unknown> } | undefined;
}
interface AnalyzerInfo {
  getName(): string;
  getPoliciesList(): { getName(): string; getEnforcementlevel(): number; getConfigschema(): { getProperties(): { toJavaScript(): Record<string, { default?: unknown }> } | undefined } | undefined }[];
  getInitialconfigMap(): { forEach(cb: (v: PolicyConfigPb, k: string) => void): void };
}

const children: ChildProcess[] = [];
const clients: Client[] = [];
afterAll(() => {
  for (const c of clients) c.close();
  for (const child of children) child.kill();
});

const call = <T>(fn: (cb: (e: Error | null, r: T) => void) => void): Promise<T> => new Promise((resolve, reject) => fn((e, r) => (e ? reject(e) : resolve(r))));

/** Starts a pack folder as the CLI does (its entry point, in the folder) and connects to the port it prints. */
async function startServer(folder: string): Promise<Client> {
  const child = spawn(process.execPath, [path.join(ROOT, "tools", "run-ts.js"), "index.ts"], { cwd: folder, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: "1" } });
  children.push(child);
  let stderr = "";
  child.stderr?.on("data", (d) => (stderr += String(d)));
  const port = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d) => {
      out += String(d);
      const m = /^(\d+)\s*$/m.exec(out);
      if (m) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`pack ${folder} exited with ${code}: ${stderr}`)));
  });
  const client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as Client;
  clients.push(client);
  return client;
}

/**
 * What the CLI sends Configure after GetAnalyzerInfo when no --policy-pack-config is given: each
 * policy's level (initial config `all`, then its own entry, over its default) and its schema defaults.
 */
async function configureAsTheCli(client: Client): Promise<void> {
  const info = await call<AnalyzerInfo>((cb) => client.getAnalyzerInfo(new emptyPb.Empty(), cb));
  const initial = new Map<string, { level: number; props: Record<string, unknown> }>();
  info.getInitialconfigMap().forEach((v, k) => initial.set(k, { level: v.getEnforcementlevel(), props: v.getProperties()?.toJavaScript() ?? {} }));
  const req = new analyzerPb.ConfigureAnalyzerRequest();
  for (const p of info.getPoliciesList()) {
    const defaults = Object.fromEntries(Object.entries(p.getConfigschema()?.getProperties()?.toJavaScript() ?? {}).filter(([, s]) => s && "default" in s).map(([k, s]) => [k, s.default]));
    const own = initial.get(p.getName());
    const pc = new analyzerPb.PolicyConfig();
    pc.setEnforcementlevel(own?.level ?? initial.get("all")?.level ?? p.getEnforcementlevel());
    pc.setProperties(structPb.Struct.fromJavaScript({ ...defaults, ...(own?.props ?? {}) }));
    req.getPolicyconfigMap().set(p.getName(), pc);
  }
  await new Promise<void>((resolve, reject) => client.configure(req, (e) => (e ? reject(e) : resolve())));
}

function options(r: EngineResource) {
  const o = new analyzerPb.AnalyzerResourceOptions();
  o.setProtect(r.options.protect);
  o.setIgnorechangesList([...r.options.ignoreChanges]);
  o.setAdditionalsecretoutputsList([...r.options.additionalSecretOutputs]);
  if (r.parent) o.setParent(r.parent);
  return o;
}

function providerOf(r: EngineResource, byUrn: Map<string, EngineResource>) {
  const p = r.provider ? byUrn.get(r.provider) : undefined;
  if (!p) return undefined;
  const pb = new analyzerPb.AnalyzerProviderResource();
  pb.setType(p.type);
  pb.setUrn(p.urn);
  pb.setName(p.name);
  pb.setProperties(structPb.Struct.fromJavaScript(p.wireInputs));
  return pb;
}

/** Analyze for every resource (its inputs) and AnalyzeStack once (every resource's outputs), as the engine calls them. */
async function serverFindings(client: Client, resources: readonly EngineResource[]): Promise<Finding[]> {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const out: Finding[] = [];
  const collect = (ds: Diagnostic[], urn: string) => ds.forEach((d) => out.push({ policy: d.getPolicyname(), urn: d.getUrn() || urn, level: LEVELS[d.getEnforcementlevel()], message: d.getMessage() }));
  for (const r of resources) {
    if (r.type === "pulumi:pulumi:Stack") continue;
    const req = new analyzerPb.AnalyzeRequest();
    req.setType(r.type);
    req.setName(r.name);
    req.setUrn(r.urn);
    req.setProperties(structPb.Struct.fromJavaScript(r.wireInputs));
    req.setOptions(options(r));
    const provider = providerOf(r, byUrn);
    if (provider) req.setProvider(provider);
    const res = await call<{ getDiagnosticsList(): Diagnostic[] }>((cb) => client.analyze(req, cb));
    collect(res.getDiagnosticsList(), r.urn);
  }
  const stack = new analyzerPb.AnalyzeStackRequest();
  stack.setResourcesList(
    resources.map((r) => {
      const a = new analyzerPb.AnalyzerResource();
      a.setType(r.type);
      a.setUrn(r.urn);
      a.setName(r.name);
      a.setProperties(structPb.Struct.fromJavaScript(r.wireOutputs));
      a.setOptions(options(r));
      if (r.parent) a.setParent(r.parent);
      a.setDependenciesList([...r.dependencies]);
      const provider = providerOf(r, byUrn);
      if (provider) a.setProvider(provider);
      return a;
    }),
  );
  const res = await call<{ getDiagnosticsList(): Diagnostic[] }>((cb) => client.analyzeStack(stack, cb));
  collect(res.getDiagnosticsList(), "");
  return out;
}

// ---- the tests ---------------------------------------------------------------------------------

describe("@pulumi/awsguard as its README sets it up", () => {
  let resources: EngineResource[];
  beforeAll(async () => {
    process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = "1";
    resources = [...(await runProgram(async () => program(), { stack: "production", planDate: TEST_PLAN_DATE })).resources];
  });

  // Loading awsguard loads its @pulumi/aws v4: seconds alone, more on a loaded machine.
  test("loads unchanged: new AwsGuard(...) registers its policies with the engine, no server started", () => {
    const pack = loadPolicyPack({ dir: AWSGUARD });
    expect(pack.name).toBe("pulumi-awsguard");
    expect(pack.version).toBe("0.0.1");
    expect(pack.initialConfig).toEqual({ all: "mandatory" });
    expect(pack.policies.map((p) => p.name)).toEqual(expect.arrayContaining(["s3-bucket-logging-enabled", "rds-instance-multi-az-enabled", "cmk-backing-key-rotation-enabled", "elb-deletion-protection-enabled"]));
    expect(pack.policies.every((p) => p.metadata === undefined)).toBe(true);
  }, 600_000);

  test("its findings over this repository's components equal those of the real policy server over gRPC", async () => {
    const pack = loadPolicyPack({ dir: AWSGUARD });
    const offline = await runPolicies(resources, [pack]);
    expect(offline.errors).toEqual([]);
    const engine = sorted(offline.violations.map((v) => ({ policy: v.policy, urn: v.urn ?? "", level: v.enforcementLevel, message: v.message })));
    const client = await startServer(AWSGUARD);
    await configureAsTheCli(client);
    const server = sorted(await serverFindings(client, resources));
    expect(engine.length).toBeGreaterThan(0);
    expect(engine).toEqual(server);
    // With the pack's own names, levels and messages.
    expect(engine.every((f) => f.level === "mandatory")).toBe(true);
  }, 600_000);

  test("its policies report as unmapped in the control matrix; types it names that @pulumi/aws 7 no longer has matched nothing", async () => {
    const pack = loadPolicyPack({ dir: AWSGUARD });
    const policy = await runPolicies(resources, [pack]);
    const json = toJson({ project: "neurastack", stack: "production", planDate: TEST_PLAN_DATE, operation: "preview", computedOutputs: "known", config: {}, files: { secretKeys: [] }, resources, outputs: {}, diagnostics: [] } as never, policy);
    const rows = unmappedRows(json);
    expect(rows.map((r) => r.framework)).toEqual(rows.map(() => "unmapped"));
    const logging = rows.find((r) => r.control === "pulumi-awsguard/s3-bucket-logging-enabled")!;
    expect(logging.resources).toBeGreaterThan(0);
    const lb = policy.policies.find((p) => p.policy === "elb-deletion-protection-enabled")!;
    // awsguard's classes come from @pulumi/aws v4: the load balancer tokens v5 renamed (elasticloadbalancingv2 -> lb).
    expect(lb.resourceTypes).toContain("aws:elasticloadbalancingv2/loadBalancer:LoadBalancer");
    expect(lb.checked).toBe(0);
    const text = renderText({ ...json, controlMatrix: rows });
    expect(text).toMatch(/Policies that matched nothing in this plan \(\d+\)/);
    expect(text).toContain("pulumi-awsguard/elb-deletion-protection-enabled: looks for aws:applicationloadbalancing/loadBalancer:LoadBalancer, aws:elasticloadbalancingv2/loadBalancer:LoadBalancer");
    expect(text).toContain("unmapped pulumi-awsguard/s3-bucket-logging-enabled");
  });
});

describe("another team's @pulumi/policy pack", () => {
  let resources: EngineResource[];
  beforeAll(async () => {
    resources = [...(await runProgram(async () => program(), { stack: "production", planDate: TEST_PLAN_DATE })).resources];
  });

  test("reports with its own names, levels and messages; schema defaults and its initial config apply", async () => {
    const pack = loadPolicyPack({ dir: TEAM });
    const result = await runPolicies(resources, [pack]);
    // The schema defaults (tag "owner", at least 3 characters) pass: every data bucket has owner "data-team".
    const buckets = resources.filter((r) => r.type === "aws:s3/bucket:Bucket").length;
    expect(result.policies.find((p) => p.policy === "team-bucket-owner-tag")).toMatchObject({ checked: buckets, enforcementLevel: "advisory", controls: [] });
    expect(result.violations.filter((v) => v.policy === "team-bucket-owner-tag")).toEqual([]);
    const stricter = await runPolicies(resources, [{ ...pack, config: { "team-bucket-owner-tag": { minLength: 20 } } }]);
    const owner = stricter.violations.filter((v) => v.policy === "team-bucket-owner-tag");
    expect(owner).toHaveLength(buckets);
    expect(owner[0]).toMatchObject({ pack: "team-pack", enforcementLevel: "advisory", severity: "unspecified", controls: [] });
    expect(owner[0].message).toBe('Buckets carry an owner tag.\ntag "owner" is missing or shorter than 20 characters');
    // The initial config sets team-at-most-keys' required `max` to 1; the program has more keys.
    const keys = result.violations.find((v) => v.policy === "team-at-most-keys");
    expect(keys).toMatchObject({ enforcementLevel: "mandatory", urn: null });
    expect(keys!.message).toMatch(/^A stack has at most a few KMS keys\.\n\d+ KMS keys, more than 1$/);
  });

  test("a policy that throws is the pack's error, named with pack, policy and resource; the others still run", async () => {
    const result = await runPolicies(resources, [loadPolicyPack({ dir: TEAM })]);
    expect(result.policyErrors.length).toBeGreaterThan(0);
    expect(result.policyErrors.every((e) => e.pack === "team-pack" && e.policy === "team-broken-policy" && e.urn?.includes("aws:kms/key:Key"))).toBe(true);
    expect(result.errors[0]).toMatch(/^team-pack: team-broken-policy on urn:pulumi:.*aws:kms\/key:Key::.*: Cannot read properties of undefined/);
    expect(result.violations.some((v) => v.policy === "team-at-most-keys")).toBe(true);
  });

  test("remediate transforms the inputs every later policy sees and is recorded; disabled does not run", async () => {
    const pack = loadPolicyPack({ dir: TEAM });
    const result = await runPolicies(resources, [{ ...pack, config: { "team-bucket-owner-tag": { tag: "cost-center", minLength: 1 }, "team-broken-policy": "disabled" } }]);
    const buckets = resources.filter((r) => r.type === "aws:s3/bucket:Bucket");
    expect(result.remediations.map((r) => r.urn).sort()).toEqual(buckets.map((b) => b.urn).sort());
    expect(result.remediations[0].changes).toEqual([{ path: 'tags["cost-center"]', before: undefined, after: "research" }]);
    // The owner-tag policy, configured to look for the remediated tag, finds it on every bucket.
    expect(result.violations.filter((v) => v.policy === "team-bucket-owner-tag")).toEqual([]);
    expect(result.policyErrors).toEqual([]);
    expect(result.policies.find((p) => p.policy === "team-broken-policy")?.enforcementLevel).toBe("disabled");
  });

  test("a config that violates a policy's schema fails before any policy runs, naming pack, policy and property", async () => {
    const pack = loadPolicyPack({ dir: TEAM });
    const bad = runPolicies(resources, [{ ...pack, config: { "team-bucket-owner-tag": { minLength: 0 }, "team-at-most-keys": { max: "two" } } }]);
    await expect(bad).rejects.toThrow(PolicyConfigError);
    await expect(bad).rejects.toThrow(/policy pack team-pack: invalid policy config:\n {2}team-bucket-owner-tag: minLength: should be >= 1\n {2}team-at-most-keys: max: should be integer/);
    await expect(runPolicies(resources, [{ ...pack, config: { all: "sometimes" } as never }])).rejects.toThrow(/all: "sometimes" is not a valid enforcement level/);
  });

  test("a type no resource has (a provider rename) is listed as matched nothing, with the type it looks for", async () => {
    const result = await runPolicies(resources, [loadPolicyPack({ dir: TEAM })]);
    const lb = result.policies.find((p) => p.policy === "team-lb-deletion-protection")!;
    expect(lb).toMatchObject({ checked: 0, resourceTypes: ["aws:elasticloadbalancingv2/loadBalancer:LoadBalancer"], controls: [] });
    const json = { ...toJson({ project: "neurastack", stack: "production", planDate: TEST_PLAN_DATE, operation: "preview", computedOutputs: "known", config: {}, files: { secretKeys: [] }, resources, outputs: {}, diagnostics: [] } as never, result) };
    const md = renderMarkdown(json);
    expect(md).toContain("| team-pack | `team-lb-deletion-protection` | aws:elasticloadbalancingv2/loadBalancer:LoadBalancer |");
    expect(md).not.toContain("`team-bucket-owner-tag` | aws:s3");
    expect(md).toContain("#### Policy pack errors");
  });

  test("a rule reading a value unknown at preview is undecided, not passed", async () => {
    const preview = await runProgram(async () => program(), { stack: "production", planDate: TEST_PLAN_DATE, computedOutputs: "unknown" });
    const result = await runPolicies(preview.resources, [loadPolicyPack({ dir: TEAM })]);
    const aliases = preview.resources.filter((r) => r.type === "aws:kms/alias:Alias");
    expect(aliases.length).toBeGreaterThan(0);
    const undecided = result.undecided.filter((u) => u.policy === "team-kms-key-reads-arn");
    expect(undecided.map((u) => u.urn).sort()).toEqual(aliases.map((a) => a.urn).sort());
    expect(undecided[0]).toMatchObject({ pack: "team-pack", path: "targetKeyId" });
    expect(undecided[0].message).toBe("can't run policy 'team-kms-key-reads-arn' from policy pack 'team-pack@v1.2.3' during preview: string value at .targetKeyId can't be known during preview");
    expect(result.violations.some((v) => v.policy === "team-kms-key-reads-arn")).toBe(false);
    // With every output known, the same rule decides (and passes) each alias.
    const known = await runPolicies(resources, [loadPolicyPack({ dir: TEAM })]);
    expect(known.undecided).toEqual([]);
    expect(known.policies.find((p) => p.policy === "team-kms-key-reads-arn")?.checked).toBe(aliases.length);
  });
});

describe("loading a pack folder", () => {
  // Inside the repository, so a pack resolves @pulumi/policy from its node_modules as a real pack folder does.
  const tmp = () => {
    const base = path.join(ROOT, "node_modules", ".cache", "neurastack-test-packs");
    fs.mkdirSync(base, { recursive: true });
    return fs.mkdtempSync(path.join(base, "pack-"));
  };

  test("a folder without PulumiPolicy.yaml, a pack without a version, or an entry that constructs no pack is refused with the reason", () => {
    const none = tmp();
    expect(() => loadPolicyPack({ dir: none })).toThrow(/no PulumiPolicy.yaml/);
    fs.writeFileSync(path.join(none, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    fs.writeFileSync(path.join(none, "package.json"), "{}");
    expect(() => loadPolicyPack({ dir: none })).toThrow(/package.json has no version/);
    fs.writeFileSync(path.join(none, "package.json"), JSON.stringify({ version: "1.0.0" }));
    fs.writeFileSync(path.join(none, "index.js"), "module.exports = {};\n");
    expect(() => loadPolicyPack({ dir: none })).toThrow(PackLoadError);
    expect(() => loadPolicyPack({ dir: none })).toThrow(/constructed 0 PolicyPack objects/);
    const python = tmp();
    fs.writeFileSync(path.join(python, "PulumiPolicy.yaml"), "runtime: python\n");
    expect(() => loadPolicyPack({ dir: python })).toThrow(/runtime "python" is not supported offline/);
  });

  test("a policy trying to reach the network while it runs is refused before any connection, as its pack's error", async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ version: "1.0.0" }));
    fs.writeFileSync(
      path.join(dir, "index.js"),
      `const http = require("http");
const { PolicyPack } = require(${JSON.stringify(require.resolve("@pulumi/policy"))});
new PolicyPack("phones-home", { policies: [{ name: "calls-metadata", description: "asks the instance metadata endpoint", validateStack: () => new Promise((resolve, reject) => http.get("http://169.254.169.254/latest/meta-data/", resolve).on("error", reject)) }] });
`,
    );
    const result = await runPolicies(resources(), [loadPolicyPack({ dir })]);
    expect(result.policyErrors).toEqual([{ pack: "phones-home", policy: "calls-metadata", urn: null, message: "the offline engine has no network: a policy tried to connect to 169.254.169.254:80" }]);
  });
});

function resources(): EngineResource[] {
  return [];
}
