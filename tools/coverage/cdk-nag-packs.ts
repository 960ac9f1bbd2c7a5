/**
 * Reads cdk-nag's HIPAA Security and NIST 800-53 rev 5 rule packs as text (the compiled
 * lib/packs/*.js and lib/rules/<service>/<Rule>.js of the installed dev dependency) and lists
 * each rule with the CloudFormation resource types it inspects. Nothing from cdk-nag or
 * aws-cdk-lib is required or executed: the program never runs cdk-nag code.
 */
import * as fs from "fs";
import * as path from "path";

export interface CdkNagRule {
  /** The rule's name as cdk-nag reports it (`HIPAA.Security-<name>`), e.g. `RDSEnhancedMonitoringEnabled`. */
  readonly name: string;
  /** cdk-nag's service folder, e.g. `rds`. */
  readonly service: string;
  /** The pack's one-line finding text (carries the control ids). */
  readonly info: string;
  readonly level: "ERROR" | "WARN";
  /** CloudFormation types the rule's check function tests for (`instanceof Cfn…` or a type literal). */
  readonly cfnTypes: readonly string[];
}

export interface CdkNagPack {
  readonly pack: "HIPAA.Security" | "NIST.800.53.R5";
  readonly file: string;
  readonly version: string;
  readonly rules: readonly CdkNagRule[];
}

export const PACK_FILES = { "HIPAA.Security": "hipaa-security.js", "NIST.800.53.R5": "nist-800-53-r5.js" } as const;

/** `fqn:"aws-cdk-lib.aws_rds.CfnDBInstance",version:"…"};static CFN_RESOURCE_TYPE_NAME="AWS::RDS::DBInstance"` in aws-cdk-lib's generated L1 files. */
const CFN_NAME = /fqn:"aws-cdk-lib\.(aws_[a-z0-9_]+)\.(Cfn[A-Za-z0-9]+)",version:"[^"]*"\};static CFN_RESOURCE_TYPE_NAME="([^"]+)"/g;

function cfnTypeIndex(cdkLib: string, modules: ReadonlySet<string>): Map<string, string> {
  const index = new Map<string, string>();
  for (const mod of modules) {
    const dir = path.join(cdkLib, mod.replace(/_/g, "-"), "lib");
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith(".generated.js"))) {
      const text = fs.readFileSync(path.join(dir, f), "utf8");
      for (const m of text.matchAll(CFN_NAME)) index.set(`${m[1]}.${m[2]}`, m[3]);
    }
  }
  return index;
}

/** The `applyRule({ info, …, level, rule: <service>_1.<Name> })` calls of one pack file, in order. */
function packCalls(text: string): { service: string; name: string; info: string; level: "ERROR" | "WARN" }[] {
  const calls: { service: string; name: string; info: string; level: "ERROR" | "WARN" }[] = [];
  for (const block of text.split("this.applyRule({").slice(1)) {
    const body = block.slice(0, block.indexOf("});"));
    const rule = /rule:\s*([a-z0-9]+)_1\.([A-Za-z0-9]+)/.exec(body);
    const info = /info:\s*(['"])((?:\\.|(?!\1).)*)\1/.exec(body);
    const level = /NagMessageLevel\.(ERROR|WARN)/.exec(body);
    if (!rule || !info || !level) throw new Error(`cdk-nag pack: cannot read an applyRule call: ${body.slice(0, 200)}`);
    calls.push({ service: rule[1], name: rule[2], info: info[2].replace(/\\(.)/g, "$1"), level: level[1] as "ERROR" | "WARN" });
  }
  return calls;
}

/** The CloudFormation types one rule file inspects. */
function ruleTypes(ruleFile: string, cfnIndex: (key: string) => string | undefined): string[] {
  const text = fs.readFileSync(ruleFile, "utf8").split("//# sourceMappingURL")[0];
  const aliases = new Map<string, string>();
  for (const m of text.matchAll(/const ([a-z0-9_]+_1) = require\("aws-cdk-lib\/(aws-[a-z0-9-]+)"\)/g)) aliases.set(m[1], m[2].replace(/-/g, "_"));
  const types = new Set<string>();
  for (const m of text.matchAll(/instanceof ([a-z0-9_]+_1)\.(Cfn[A-Za-z0-9]+)/g)) {
    const mod = aliases.get(m[1]);
    const t = mod && cfnIndex(`${mod}.${m[2]}`);
    if (!t) throw new Error(`${ruleFile}: no CloudFormation type for ${m[1]}.${m[2]}`);
    types.add(t);
  }
  for (const m of text.matchAll(/['"](AWS::[A-Za-z0-9]+::[A-Za-z0-9]+)['"]/g)) types.add(m[1]);
  return [...types].sort();
}

/** Both packs, read from `root`/node_modules (cdk-nag and the aws-cdk-lib it names). */
export function readCdkNagPacks(root: string): CdkNagPack[] {
  const nag = path.join(root, "node_modules", "cdk-nag");
  const cdkLib = path.join(root, "node_modules", "aws-cdk-lib");
  const version = (JSON.parse(fs.readFileSync(path.join(nag, "package.json"), "utf8")) as { version: string }).version;
  const ruleFiles = new Map<string, string>();
  const modules = new Set<string>();
  for (const service of fs.readdirSync(path.join(nag, "lib", "rules"))) {
    const dir = path.join(nag, "lib", "rules", service);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith(".js") && n !== "index.js")) {
      const file = path.join(dir, f);
      ruleFiles.set(`${service}.${f.slice(0, -3)}`, file);
      for (const m of fs.readFileSync(file, "utf8").matchAll(/require\("aws-cdk-lib\/(aws-[a-z0-9-]+)"\)/g)) modules.add(m[1].replace(/-/g, "_"));
    }
  }
  const index = cfnTypeIndex(cdkLib, modules);
  return (Object.keys(PACK_FILES) as (keyof typeof PACK_FILES)[]).map((pack) => {
    const file = path.join(nag, "lib", "packs", PACK_FILES[pack]);
    const rules = packCalls(fs.readFileSync(file, "utf8")).map((c) => {
      const ruleFile = ruleFiles.get(`${c.service}.${c.name}`);
      if (!ruleFile) throw new Error(`cdk-nag ${pack}: rule ${c.service}.${c.name} has no file under lib/rules`);
      return { ...c, cfnTypes: ruleTypes(ruleFile, (k) => index.get(k)) };
    });
    return { pack, file: path.relative(root, file), version, rules };
  });
}
