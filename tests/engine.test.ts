/**
 * The offline engine: records what the Pulumi engine would receive, runs policies exactly as
 * the policy pack server does, masks secrets, and fails on config errors before recording.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { stackRule, resourceRule } from "../policies/lib/rule";
import type { PackDefinition } from "../policies/lib/types";
import { ConfigError } from "../stacks/errors";
import { plan } from "../tools/engine/plan";
import { runPolicies, type PolicyConfigFile } from "../tools/engine/policy-runner";
import { renderMarkdown, renderText } from "../tools/engine/report";
import { runProgram, runStack, PROJECT_DIR } from "../tools/engine/run";

const ROOT = PROJECT_DIR;

const noRotation = resourceRule<{ rotationPeriod?: string }>({
  id: "test-key-rotation",
  description: "KMS keys rotate",
  severity: "high",
  controls: [{ framework: "HIPAA", id: "164.312(a)(2)(iv)", title: "Encryption and decryption" }],
  remediation: "set rotationPeriod",
  appliesTo: [gcp.kms.CryptoKey],
  check: (props, _args, finding) => {
    if (!props.rotationPeriod) finding("no rotation period");
  },
});

let seen = 0;
const countAll = stackRule({
  id: "test-count",
  description: "sees every resource",
  severity: "low",
  controls: [{ framework: "Security", id: "T-1", title: "test" }],
  resourceTypes: ["*"],
  remediation: "none",
  check: (args) => {
    seen = args.resources.length;
  },
});

const testPack: PackDefinition = { name: "test-pack", version: "1.0.0", enforcementLevel: "mandatory", rules: [noRotation, countAll] };

function keysProgram() {
  const provider = new gcp.Provider("p", { project: "proj-aaaaaa", region: "us-central1" });
  const ring = new gcp.kms.KeyRing("ring", { location: "us-central1", name: "ring" }, { provider });
  new gcp.kms.CryptoKey("rotating", { keyRing: ring.id, rotationPeriod: "7776000s", labels: {} }, { provider, protect: true });
  new gcp.kms.CryptoKey("static", { keyRing: ring.id, labels: {} }, { provider, ignoreChanges: ["labels"] });
}

describe("policy runner", () => {
  test("a violating resource yields exactly one violation with its urn and level; the compliant one none", async () => {
    const run = await runProgram(async () => keysProgram());
    const result = await runPolicies(run.resources, [testPack]);
    const violations = result.violations.filter((v) => v.policy === "test-key-rotation");
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({
      pack: "test-pack",
      enforcementLevel: "mandatory",
      severity: "high",
      urn: "urn:pulumi:fixture::neurastack::gcp:kms/cryptoKey:CryptoKey::static",
      controls: ["HIPAA 164.312(a)(2)(iv)"],
    });
    expect(violations[0].message).toBe("KMS keys rotate\nno rotation period");
  });

  test("enforcement follows the policy config: per rule, then `all`, then the rule, then the pack", async () => {
    const run = await runProgram(async () => keysProgram());
    const level = async (config: PolicyConfigFile) => (await runPolicies(run.resources, [testPack], config)).violations.find((v) => v.policy === "test-key-rotation")?.enforcementLevel;
    expect(await level({})).toBe("mandatory");
    expect(await level({ all: "advisory" })).toBe("advisory");
    expect(await level({ all: "advisory", "test-key-rotation": "mandatory" })).toBe("mandatory");
    expect(await level({ "test-key-rotation": "disabled" })).toBeUndefined();
  });

  test("a waiver naming no resource of the plan is a finding, except in a plan that builds only part of the stack (registries.bootstrap)", async () => {
    const run = await runProgram(async () => keysProgram());
    const config = { "test-key-rotation": { enforcementLevel: "mandatory" as const, waivers: [{ resource: "statik", reason: "a key of the archive that is never written to again", expires: "2027-01-31" }] } };
    const stale = (r: Awaited<ReturnType<typeof runPolicies>>) => r.violations.filter((v) => v.urn === null && v.policy === "test-key-rotation").map((v) => v.message);
    expect(stale(await runPolicies(run.resources, [testPack], config))).toEqual([expect.stringContaining('the waiver for "statik" names no resource in this plan')]);
    expect(stale(await runPolicies(run.resources, [testPack], config, { partialPlan: true }))).toEqual([]);
  });

  test("a stack policy runs once and sees every resource", async () => {
    const run = await runProgram(async () => keysProgram());
    seen = 0;
    await runPolicies(run.resources, [testPack]);
    expect(seen).toBe(run.resources.length);
    expect(seen).toBe(5); // stack, provider, key ring, two keys
  });

  test("options, parents, providers and dependencies are recorded as the engine receives them", async () => {
    const run = await runProgram(async () => keysProgram());
    const byName = new Map(run.resources.map((r) => [r.name, r]));
    const rotating = byName.get("rotating")!;
    expect(rotating.options.protect).toBe(true);
    expect(byName.get("static")!.options.ignoreChanges).toEqual(["labels"]);
    expect(rotating.provider).toBe("urn:pulumi:fixture::neurastack::pulumi:providers:gcp::p");
    expect(rotating.dependencies).toEqual([byName.get("ring")!.urn]);
    expect(rotating.parent).toBe("urn:pulumi:fixture::neurastack::pulumi:pulumi:Stack::neurastack-fixture");
    expect(rotating.inputs.keyRing).toBe("projects/proj-aaaaaa/locations/us-central1/keyRings/ring");
  });
});

describe("diagnostics", () => {
  test("pulumi.log messages are recorded with their severity and resource, and rendered", async () => {
    const run = await runProgram(async () => {
      const provider = new gcp.Provider("p", { project: "proj-aaaaaa", region: "us-central1" });
      const ring = new gcp.kms.KeyRing("ring", { location: "us-central1", name: "ring" }, { provider });
      await pulumi.log.warn("the ring has no keys yet", ring);
      await pulumi.log.info("informational");
    });
    expect(run.diagnostics).toEqual([
      { severity: "warning", message: "the ring has no keys yet", urn: "urn:pulumi:fixture::neurastack::gcp:kms/keyRing:KeyRing::ring" },
      { severity: "info", message: "informational", urn: null },
    ]);
  });

  test("the staging plan reports the missing NCA LLM key as a warning in every format", async () => {
    const result = await plan({ stack: "staging" });
    const warning = result.json.diagnostics.find((d) => d.severity === "warning" && d.message.includes("ncaLlmApiKey"));
    expect(warning?.urn).toMatch(/NeuroCognitive::nca$/);
    expect(renderText(result.json)).toContain("warning: nca: secret ncaLlmApiKey is not set");
    expect(renderMarkdown(result.json)).toContain("#### Diagnostics");
  });
});

describe("secrets", () => {
  test("secret values are masked in inputs and outputs, generated or from config", async () => {
    const run = await runProgram(
      async () => {
        const provider = new gcp.Provider("p", { project: "proj-aaaaaa", region: "us-central1" });
        const fromConfig = new pulumi.Config("neurastack").requireSecret("apiKey");
        const generated = new random.RandomPassword("pw", { length: 24 });
        const secret = new gcp.secretmanager.Secret("s", { secretId: "s", replication: { auto: {} }, labels: {} }, { provider });
        new gcp.secretmanager.SecretVersion("v1", { secret: secret.id, secretData: fromConfig }, { provider });
        new gcp.secretmanager.SecretVersion("v2", { secret: secret.id, secretData: generated.result }, { provider });
        return { fromConfig, generated: generated.result };
      },
      { config: { "neurastack:apiKey": "offline-secret-0123456789abcdef" }, secretKeys: ["neurastack:apiKey"] },
    );
    const text = JSON.stringify(run.resources.map((r) => r.inputs)) + JSON.stringify(run.outputs);
    expect(text).not.toContain("offline-secret-0123456789abcdef");
    const pw = run.resources.find((r) => r.name === "pw")!;
    const value = (pw.wireOutputs.result as { value: string }).value;
    expect(value).toHaveLength(24);
    expect(text).not.toContain(value);
    expect(run.resources.find((r) => r.name === "v1")!.inputs.secretData).toBe("[secret]");
    expect(run.outputs).toEqual({ fromConfig: "[secret]", generated: "[secret]" });
  });

  test("a secure: value in a stack file never appears in any report", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "neurastack-secure-"));
    const stackFile = path.join(dir, "Pulumi.staging.yaml");
    const ciphertext = "v1:c2VjcmV0LWNpcGhlcnRleHQ=:bm90LWEtcmVhbC1rZXk=";
    fs.writeFileSync(stackFile, fs.readFileSync(path.join(ROOT, "Pulumi.staging.yaml"), "utf8") + `  neurastack:ncaLlmApiKey:\n    secure: ${ciphertext}\n`);
    const result = await plan({ stack: "staging", stackFile });
    expect(result.run.files.placeholders).toHaveLength(1);
    for (const rendered of [JSON.stringify(result.json), renderText(result.json), renderMarkdown(result.json)]) {
      expect(rendered).not.toContain(ciphertext);
      expect(rendered).not.toContain(result.run.files.placeholders[0]);
    }
  });
});

describe("whole-program runs", () => {
  test("plans are deterministic", async () => {
    const a = await plan({ stack: "staging" });
    const b = await plan({ stack: "staging" });
    expect(JSON.stringify(b.json)).toBe(JSON.stringify(a.json));
  });

  test("a config error registers nothing", async () => {
    let recorded = -1;
    await expect(
      runStack({ stack: "staging", overrides: { platform: { regions: [{ name: "us-east-1" }], nodePools: { general: { scaling: { min: -1 } } } } } }).then((r) => (recorded = r.resources.length)),
    ).rejects.toBeInstanceOf(ConfigError);
    expect(recorded).toBe(-1);
  });
});

describe("npm run plan", () => {
  const cli = (args: string[]) => spawnSync(process.execPath, [path.join(ROOT, "tools", "run-ts.js"), path.join(ROOT, "tools", "plan.ts"), ...args], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });

  test("prints a preview tree and exits 0 for staging", () => {
    const r = cli([]);
    expect(r.stderr).not.toContain("error");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ \+ {3}pulumi:pulumi:Stack +neurastack-staging$/m);
    expect(r.stdout).toMatch(/\+ \d+ to create/);
  });

  test("--format json --out writes the documented structure", () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "neurastack-plan-")), "p.json");
    const r = cli(["--stack", "production", "--format", "json", "--out", out]);
    expect(r.status).toBe(0);
    const json = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(Object.keys(json)).toEqual(expect.arrayContaining(["stack", "project", "resources", "violations", "summary"]));
    expect(json.stack).toBe("production");
    expect(json.project).toBe("neurastack");
    expect(Object.keys(json.resources[0]).sort()).toEqual(["dependencies", "inputs", "name", "options", "parent", "provider", "type", "urn"]);
    expect(Object.keys(json.summary).sort()).toEqual(["byType", "resources", "violations"]);
    expect(json.summary.resources).toBe(json.resources.length);
  });

  test("a config error exits 2 naming the key, and records nothing", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "neurastack-bad-"));
    const stackFile = path.join(dir, "Pulumi.staging.yaml");
    const yaml = fs.readFileSync(path.join(ROOT, "Pulumi.staging.yaml"), "utf8");
    fs.writeFileSync(stackFile, yaml.replace("  neurastack:platform:\n", "  neurastack:platform:\n    nodePools:\n      general:\n        scaling:\n          min: -1\n"));
    const r = cli(["--stack-file", stackFile, "--format", "json"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("neurastack:platform.nodePools.general.scaling.min: -1 is below the minimum of 0");
    expect(r.stdout).toBe("");
  });

  test("bad arguments exit 2 with usage", () => {
    const r = cli(["--format", "yaml"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("usage:");
  });
});
