/**
 * The packs under the real policy server: each pack folder is started the way the Pulumi CLI
 * starts it (its index.ts constructs the PolicyPack, which serves the analyzer gRPC API and
 * prints its port), then asked over gRPC what it serves and to analyze resources, with policy
 * config sent as the CLI sends `--policy-pack-config`. The processes started here are stopped
 * in afterAll.
 */
import { spawn, type ChildProcess } from "child_process";
import { TEST_PLAN_DATE } from "./harness";
import * as path from "path";
import { PACK_FOLDERS } from "../policies/scripts/split-config";

/* eslint-disable @typescript-eslint/no-require-imports */
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] })) as typeof import("@grpc/grpc-js");
const analyzerRpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb");
const structPb = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiDir] }));
const emptyPb = require(require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [pulumiDir] }));
/* eslint-enable @typescript-eslint/no-require-imports */

const ROOT = path.join(__dirname, "..");
const MANDATORY = 1;
const ADVISORY = 0;

interface Diagnostic {
  getPolicyname(): string;
  getMessage(): string;
  getEnforcementlevel(): number;
}
interface Client {
  getAnalyzerInfo(req: unknown, cb: (e: Error | null, r: { getName(): string; getPoliciesList(): { getName(): string }[] }) => void): void;
  configure(req: unknown, cb: (e: Error | null) => void): void;
  analyze(req: unknown, cb: (e: Error | null, r: { getDiagnosticsList(): Diagnostic[] }) => void): void;
  close(): void;
}

const children: ChildProcess[] = [];
const clients: Client[] = [];

/** Starts a pack folder's index.ts and connects to the port it prints. */
async function startPack(folder: string): Promise<Client> {
  const child = spawn(process.execPath, [path.join(ROOT, "tools", "run-ts.js"), "index.ts"], { cwd: path.join(ROOT, "policies", folder), stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NEURASTACK_PLAN_DATE: TEST_PLAN_DATE } });
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

const call = <T>(fn: (cb: (e: Error | null, r: T) => void) => void): Promise<T> => new Promise((resolve, reject) => fn((e, r) => (e ? reject(e) : resolve(r))));

function analyzeRequest(type: string, name: string, properties: Record<string, unknown>) {
  const req = new analyzerPb.AnalyzeRequest();
  req.setType(type);
  req.setName(name);
  req.setUrn(`urn:pulumi:production::neurastack::${type}::${name}`);
  req.setProperties(structPb.Struct.fromJavaScript(properties));
  req.setOptions(new analyzerPb.AnalyzerResourceOptions());
  return req;
}

async function configure(client: Client, config: Record<string, { level: number; properties?: Record<string, unknown> }>) {
  const req = new analyzerPb.ConfigureAnalyzerRequest();
  for (const [name, c] of Object.entries(config)) {
    const pc = new analyzerPb.PolicyConfig();
    pc.setEnforcementlevel(c.level);
    pc.setProperties(structPb.Struct.fromJavaScript(c.properties ?? {}));
    req.getPolicyconfigMap().set(name, pc);
  }
  await new Promise<void>((resolve, reject) => client.configure(req, (e) => (e ? reject(e) : resolve())));
}

afterAll(() => {
  for (const c of clients) c.close();
  for (const child of children) child.kill();
});

describe.each(Object.keys(PACK_FOLDERS))("policies/%s under the policy server", (folder) => {
  test("serves every rule of the pack under the pack's name", async () => {
    const client = await startPack(folder);
    const info = await call<{ getName(): string; getPoliciesList(): { getName(): string }[] }>((cb) => client.getAnalyzerInfo(new emptyPb.Empty(), cb));
    expect(info.getName()).toBe(PACK_FOLDERS[folder].name);
    expect(info.getPoliciesList().map((p) => p.getName()).sort()).toEqual(PACK_FOLDERS[folder].rules.map((r) => r.name).sort());
  });
});

describe("analysis through the real server", () => {
  test("hipaa: a PHI Bigtable instance without CMEK gets a mandatory hipaa-bigtable-cmek diagnostic", async () => {
    const client = await startPack("hipaa");
    const res = await call<{ getDiagnosticsList(): Diagnostic[] }>((cb) =>
      client.analyze(analyzeRequest("gcp:bigtable/instance:Instance", "ledger", { labels: { "data-classification": "phi", environment: "production" }, deletionProtection: true, clusters: [{ clusterId: "c", zone: "us-central1-b" }] }), cb),
    );
    const d = res.getDiagnosticsList().find((x) => x.getPolicyname() === "hipaa-bigtable-cmek");
    expect(d?.getEnforcementlevel()).toBe(MANDATORY);
    expect(d?.getMessage()).toContain("has no kmsKeyName");
  });

  test("baseline: with the stack's config, the waived public invoker is advisory and WAIVED; another public member stays mandatory", async () => {
    const client = await startPack("baseline");
    await configure(client, {
      all: { level: MANDATORY },
      "baseline-gcp-no-public-members": { level: MANDATORY, properties: { waivers: [{ resource: "convergence-api-public-invoker", reason: "The API authenticates callers with its own keys.", expires: "2027-06-30" }] } },
    });
    const analyze = async (name: string) => {
      const res = await call<{ getDiagnosticsList(): Diagnostic[] }>((cb) => client.analyze(analyzeRequest("gcp:cloudrunv2/serviceIamMember:ServiceIamMember", name, { name: "api", location: "us-central1", role: "roles/run.invoker", member: "allUsers" }), cb));
      return res.getDiagnosticsList().find((x) => x.getPolicyname() === "baseline-gcp-no-public-members");
    };
    const waived = await analyze("convergence-api-public-invoker");
    expect(waived?.getEnforcementlevel()).toBe(ADVISORY);
    expect(waived?.getMessage()).toMatch(/^WAIVED until 2027-06-30: The API authenticates/);
    const other = await analyze("other-invoker");
    expect(other?.getEnforcementlevel()).toBe(MANDATORY);
  });
});
