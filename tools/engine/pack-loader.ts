/**
 * Loads a policy pack folder the way the Pulumi CLI's analyzer host does, without starting its
 * gRPC server: the folder's PulumiPolicy.yaml (runtime nodejs), its entry point (PulumiPolicy.yaml
 * `main`, else package.json `main`, else `index`), its dependencies from its own node_modules or
 * the ones above it, and its version from its package.json (the real PolicyPack reads it from
 * the working directory the CLI starts the pack in: the pack folder).
 *
 * `new PolicyPack(name, args, initialConfig)` (and subclasses such as awsguard's `AwsGuard`) is
 * intercepted while the entry point runs: the pack registers its policies with the engine. The
 * same checks as the policy server's `serve` apply (pack name, reserved "all", enforcementLevel
 * not a config property, one pack per folder).
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import type { PolicyPackArgs, PolicyPackConfig } from "@pulumi/policy";
import type { EnginePack, EnginePolicy } from "./policy-pack";
import type { PolicyConfigFile } from "./policy-config";

export class PackLoadError extends Error {}

interface Captured {
  readonly name: string;
  readonly args: PolicyPackArgs;
  readonly initialConfig?: PolicyPackConfig;
}

type PolicyPackClass = new (name: string, args: PolicyPackArgs, initialConfig?: PolicyPackConfig) => object;

let capturing: Captured[] | undefined;
const INTERCEPTED = Symbol.for("neurastack.offline-engine.intercepted");

/**
 * Replaces `PolicyPack` in one copy of @pulumi/policy with a class that registers with the
 * engine while a pack is being loaded and behaves as the original (starts the server) otherwise.
 */
function intercept(policyModule: { PolicyPack: PolicyPackClass } & { [INTERCEPTED]?: true }): void {
  if (policyModule[INTERCEPTED]) return;
  const Original = policyModule.PolicyPack;
  class InterceptedPolicyPack {
    constructor(name: string, args: PolicyPackArgs, initialConfig?: PolicyPackConfig) {
      if (!capturing) return Reflect.construct(Original, [name, args, initialConfig], new.target) as InterceptedPolicyPack;
      capturing.push({ name, args, initialConfig });
      Object.assign(this, { name, policies: args.policies });
    }
  }
  Object.setPrototypeOf(InterceptedPolicyPack.prototype, Original.prototype);
  Object.setPrototypeOf(InterceptedPolicyPack, Original);
  policyModule.PolicyPack = InterceptedPolicyPack as unknown as PolicyPackClass;
  policyModule[INTERCEPTED] = true;
}

/** The copy of @pulumi/policy a pack folder resolves (its own node_modules first, as Node does). */
function policyModuleFor(dir: string): { PolicyPack: PolicyPackClass } {
  let index: string;
  try {
    index = require.resolve("@pulumi/policy", { paths: [dir] });
  } catch {
    throw new PackLoadError(`policy pack ${dir}: cannot resolve @pulumi/policy from the pack folder (run npm ci in it or at the repository root)`);
  }
  // index.js re-exports policy.js through getters: the class lives on policy.js's exports.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(path.dirname(index), "policy.js")) as { PolicyPack: PolicyPackClass };
}

function readYaml(dir: string): { main?: string } {
  const file = path.join(dir, "PulumiPolicy.yaml");
  if (!fs.existsSync(file)) throw new PackLoadError(`policy pack ${dir}: no PulumiPolicy.yaml (is it a policy pack folder?)`);
  const doc = (parse(fs.readFileSync(file, "utf8")) ?? {}) as { runtime?: string | { name?: string }; main?: unknown };
  const runtime = typeof doc.runtime === "string" ? doc.runtime : doc.runtime?.name;
  if (runtime !== "nodejs") throw new PackLoadError(`policy pack ${dir}: runtime ${JSON.stringify(runtime)} is not supported offline (only nodejs packs run in this engine)`);
  return { main: typeof doc.main === "string" ? doc.main : undefined };
}

function readPackageJson(dir: string): { version?: string; main?: string } {
  const file = path.join(dir, "package.json");
  if (!fs.existsSync(file)) throw new PackLoadError(`policy pack ${dir}: no package.json (the policy server reads the pack's version from it)`);
  return JSON.parse(fs.readFileSync(file, "utf8")) as { version?: string; main?: string };
}

function entryOf(dir: string, main: string | undefined): string {
  const base = path.resolve(dir, main ?? "index");
  for (const candidate of [base, `${base}.ts`, `${base}.js`, path.join(base, "index.ts"), path.join(base, "index.js")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  throw new PackLoadError(`policy pack ${dir}: entry point ${path.relative(dir, base) || "."} not found (.ts or .js)`);
}

const PACK_NAME = /^[a-zA-Z0-9-_.]{1,100}$/;

function check(dir: string, c: Captured): void {
  if (!PACK_NAME.test(c.name)) throw new PackLoadError(`policy pack ${dir}: invalid pack name "${c.name}" (alphanumerics, hyphens, underscores, periods)`);
  for (const p of c.args.policies ?? []) {
    if (p.name === "all") throw new PackLoadError(`policy pack ${c.name}: "all" is a reserved policy name`);
    if (p.configSchema?.properties && "enforcementLevel" in p.configSchema.properties) throw new PackLoadError(`policy pack ${c.name}: policy ${p.name}: enforcementLevel cannot be a config property`);
    if (p.configSchema?.required?.includes("enforcementLevel")) throw new PackLoadError(`policy pack ${c.name}: policy ${p.name}: "enforcementLevel" cannot be required`);
  }
}

// A folder's entry point runs once per process (Node and jest cache modules); later loads reuse what it registered.
const loaded = new Map<string, Captured>();

export interface PackSource {
  /** The pack folder (`--policy-pack DIR`). */
  readonly dir: string;
  /** Its `--policy-pack-config FILE`. */
  readonly configFile?: string;
}

export function readPolicyConfigFile(file: string): PolicyConfigFile {
  if (!fs.existsSync(file)) throw new PackLoadError(`policy pack config ${file} does not exist`);
  const text = fs.readFileSync(file, "utf8");
  if (text.trim() === "") return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not a JSON object");
    return parsed as PolicyConfigFile;
  } catch (e) {
    throw new PackLoadError(`policy pack config ${file}: ${(e as Error).message}`);
  }
}

/** Loads one pack folder (and its config file) as the engine runs it. */
export function loadPolicyPack(source: PackSource): EnginePack {
  const dir = path.resolve(source.dir);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new PackLoadError(`policy pack ${source.dir}: not a folder`);
  const yaml = readYaml(dir);
  const pkg = readPackageJson(dir);
  if (!pkg.version) throw new PackLoadError(`policy pack ${dir}: package.json has no version (the policy server requires one)`);
  const entry = entryOf(dir, yaml.main ?? pkg.main);
  let captured = loaded.get(entry);
  if (!captured) {
    intercept(policyModuleFor(dir) as never);
    const sink: Captured[] = [];
    const previous = capturing;
    capturing = sink;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(entry);
    } catch (e) {
      throw new PackLoadError(`policy pack ${dir}: its entry point ${path.relative(dir, entry)} threw: ${(e as Error).message}`);
    } finally {
      capturing = previous;
    }
    if (sink.length !== 1) throw new PackLoadError(`policy pack ${dir}: ${path.relative(dir, entry)} constructed ${sink.length} PolicyPack objects; a pack constructs exactly one`);
    captured = sink[0];
    check(dir, captured);
    loaded.set(entry, captured);
  }
  return {
    name: captured.name,
    version: pkg.version,
    enforcementLevel: captured.args.enforcementLevel ?? "advisory",
    policies: (captured.args.policies ?? []) as readonly EnginePolicy[],
    ...(captured.initialConfig ? { initialConfig: captured.initialConfig } : {}),
    dir,
    ...(source.configFile ? { config: readPolicyConfigFile(source.configFile) } : {}),
  };
}
