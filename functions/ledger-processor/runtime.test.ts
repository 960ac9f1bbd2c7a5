/**
 * Configuration from the environment, log levels, the lazy signer, and the deployable bundle
 * (one file that loads without the repository's node_modules, except the declared externals).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { builtinModules } from "node:module";
import { bundleHandler } from "../bundle";
import { ledgerBundleOptions, ledgerPackageJson, LEDGER_EXTERNALS } from "./bundle-options";
import { ConfigError, loadConfig } from "./config";
import { lazySigner, type Signer } from "./core/signer";
import { leveledLog } from "./runtime";
import { ENTRY_POINT, ENV } from "./layout";

describe("configuration", () => {
  it("needs the project and the accepted topic, and names what is missing", () => {
    expect(() => loadConfig({})).toThrow(new ConfigError(`ledger-processor: missing environment variable(s) ${ENV.projectId}, ${ENV.acceptedTopic}`));
  });

  it("fills the guide's defaults", () => {
    const config = loadConfig({ [ENV.projectId]: "neurascale-staging", [ENV.acceptedTopic]: "accepted" });
    expect(config).toEqual({
      projectId: "neurascale-staging",
      region: "northamerica-northeast1",
      environment: "production",
      bigtableInstance: "neural-ledger",
      firestoreDatabase: "(default)",
      acceptedTopic: "accepted",
      deadLetterTopic: undefined,
      kms: { location: "northamerica-northeast1", keyRing: "neural-ledger", key: "signing-key", version: undefined },
      logLevel: "INFO",
    });
  });

  it("takes every variable the infrastructure sets", () => {
    const config = loadConfig({
      [ENV.projectId]: "p",
      [ENV.acceptedTopic]: "t",
      [ENV.region]: "europe-west3",
      [ENV.environment]: "staging",
      [ENV.bigtableInstance]: "bt",
      [ENV.firestoreDatabase]: "ledger",
      [ENV.deadLetterTopic]: "dlq",
      [ENV.kmsKeyring]: "kr",
      [ENV.kmsKey]: "k",
      [ENV.kmsKeyVersion]: "3",
      [ENV.kmsLocation]: "global",
      [ENV.logLevel]: "warning",
    });
    expect(config).toMatchObject({ region: "europe-west3", environment: "staging", bigtableInstance: "bt", firestoreDatabase: "ledger", deadLetterTopic: "dlq", logLevel: "WARNING" });
    expect(config.kms).toEqual({ location: "global", keyRing: "kr", key: "k", version: "3" });
  });

  it("rejects an unknown log level", () => {
    expect(() => loadConfig({ [ENV.projectId]: "p", [ENV.acceptedTopic]: "t", [ENV.logLevel]: "chatty" })).toThrow(/LOG_LEVEL=CHATTY/);
  });

  it("drops log lines below the level but never a chain violation", () => {
    const lines: unknown[] = [];
    const log = leveledLog("ERROR", { write: (e) => lines.push(e.severity) });
    for (const severity of ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]) log.write({ severity });
    expect(lines).toEqual(["ERROR", "CRITICAL"]);
  });
});

describe("lazy signer", () => {
  it("builds the real signer on the first signature only", async () => {
    let built = 0;
    const real: Signer = { sign: async () => ({ signature: "c2ln", keyVersion: "v1" }) };
    const signer = lazySigner(() => (built++, real));
    expect(built).toBe(0);
    await signer.sign(Buffer.from("a"), Buffer.alloc(32));
    await signer.sign(Buffer.from("b"), Buffer.alloc(32));
    expect(built).toBe(1);
  });
});

describe("deployable bundle", () => {
  const bundle = bundleHandler(ledgerBundleOptions());

  it("is one file that requires only Node built-ins and the declared externals", () => {
    const required = new Set([...bundle.code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]));
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    const others = [...required].filter((m) => !builtins.has(m) && !LEDGER_EXTERNALS.includes(m));
    expect(others).toEqual([]);
  });

  it("pins the externals to the repository's versions in the archive's package.json", () => {
    const pkg = JSON.parse(ledgerPackageJson()) as { main: string; dependencies: Record<string, string> };
    const root = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(pkg.main).toBe("index.js");
    expect(Object.keys(pkg.dependencies)).toEqual([...LEDGER_EXTERNALS]);
    for (const name of LEDGER_EXTERNALS) expect(pkg.dependencies[name]).toBe(root.dependencies[name]);
  });

  it("loads outside the repository and exports the entry point", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ledger-bundle-"));
    try {
      fs.writeFileSync(path.join(dir, "index.js"), bundle.code);
      const out = execFileSync(process.execPath, ["-e", `const m = require(${JSON.stringify(path.join(dir, "index.js"))}); console.log(typeof m.${ENTRY_POINT})`], {
        cwd: dir,
        // Externals (if any are configured) come from an installed node_modules, as the Cloud Functions build provides.
        env: { PATH: process.env.PATH, ...(LEDGER_EXTERNALS.length ? { NODE_PATH: path.join(__dirname, "..", "..", "node_modules") } : {}) },
        encoding: "utf8",
      });
      expect(out.trim()).toBe("function");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
