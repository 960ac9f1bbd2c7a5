/**
 * The policy packs as a product: three CrossGuard packs (folders the Pulumi CLI runs unchanged),
 * one rule per file with a test beside it, unique ids, every HIPAA/GDPR control of the catalog
 * checked, the rule families present, and the per-stack policy config (split per pack
 * for the CLI) in sync and naming only real rules.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { ALL_CONTROLS } from "../policies/lib/controls";
import { PACK_FOLDERS, splitConfig, stackConfigFiles } from "../policies/scripts/split-config";
import { allRules, PACKS } from "../policies/packs";

const ROOT = path.join(__dirname, "..");
const POLICIES = path.join(ROOT, "policies");

describe("pack folders", () => {
  test.each(Object.keys(PACK_FOLDERS))("policies/%s is a CrossGuard pack whose index.ts only constructs the PolicyPack", (folder) => {
    const dir = path.join(POLICIES, folder);
    const yaml = parseYaml(fs.readFileSync(path.join(dir, "PulumiPolicy.yaml"), "utf8")) as { runtime: string };
    expect(yaml.runtime).toBe("nodejs");
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { name: string };
    expect(pkg.name).toBe(PACK_FOLDERS[folder].name);
    const index = fs.readFileSync(path.join(dir, "index.ts"), "utf8");
    expect(index.match(/new PolicyPack\(/g)).toHaveLength(1);
    const imports = [...index.matchAll(/from "([^"]+)"/g)].map((m) => m[1]).sort();
    expect(imports).toEqual(["./pack", "@pulumi/policy"]);
  });

  test("PACKS is the three packs; rule ids are unique and prefixed by their pack", () => {
    expect(PACKS.map((p) => p.name)).toEqual(["neurastack-hipaa", "neurastack-gdpr", "neurastack-baseline"]);
    const ids = allRules().map((r) => r.name);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [folder, pack] of Object.entries(PACK_FOLDERS)) for (const r of pack.rules) expect(r.name.startsWith(`${folder}-`)).toBe(true);
    expect(ids).toContain("baseline-gcp-no-public-members");
  });

  test.each(Object.keys(PACK_FOLDERS))("policies/%s/rules: one exported rule per file, each in the pack and with a test beside it", (folder) => {
    const dir = path.join(POLICIES, folder, "rules");
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.endsWith("-fixtures.ts"));
    const inPack = new Set(PACK_FOLDERS[folder].rules.map((r) => r.name));
    const declared: string[] = [];
    for (const f of files) {
      const text = fs.readFileSync(path.join(dir, f), "utf8");
      const rules = [...text.matchAll(/^export const \w+ = (?:resourceRule|stackRule|workloadRule)/gm)];
      expect({ file: f, rules: rules.length }).toEqual({ file: f, rules: 1 });
      const id = /id: "([a-z0-9-]+)"/.exec(text)?.[1];
      expect(id && inPack.has(id)).toBe(true);
      declared.push(id!);
      expect(fs.existsSync(path.join(dir, f.replace(/\.ts$/, ".test.ts")))).toBe(true);
    }
    expect(declared.sort()).toEqual([...inPack].sort());
  });
});

describe("coverage", () => {
  test("every HIPAA and GDPR control of the catalog is checked by at least one rule", () => {
    const checked = new Set(allRules().flatMap((r) => r.metadata.controls.map((c) => `${c.framework} ${c.id}`)));
    const unchecked = ALL_CONTROLS.filter((c) => !checked.has(`${c.framework} ${c.id}`)).map((c) => `${c.framework} ${c.id}`);
    expect(unchecked).toEqual([]);
  });

  test("the issue's resource families each have a rule", () => {
    const types = new Set(allRules().flatMap((r) => r.metadata.resourceTypes));
    const families = [
      "gcp:bigtable/instance:Instance",
      "gcp:bigquery/dataset:Dataset",
      "gcp:firestore/database:Database",
      "gcp:pubsub/topic:Topic",
      "gcp:storage/bucket:Bucket",
      "gcp:secretmanager/secret:Secret",
      "gcp:kms/cryptoKey:CryptoKey",
      "gcp:cloudrunv2/service:Service",
      "gcp:cloudfunctionsv2/function:Function",
      "gcp:compute/subnetwork:Subnetwork",
      "aws:rds/instance:Instance",
      "aws:rds/parameterGroup:ParameterGroup",
      "aws:elasticache/replicationGroup:ReplicationGroup",
      "aws:s3/bucketV2:BucketV2",
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      "aws:s3/bucketPolicy:BucketPolicy",
      "aws:ec2/launchTemplate:LaunchTemplate",
      "aws:eks/cluster:Cluster",
      "aws:cloudwatch/logGroup:LogGroup",
      "aws:kms/key:Key",
      "aws:ec2/vpc:Vpc",
      "aws:iam/role:Role",
      "kubernetes:apps/v1:Deployment",
      "kubernetes:apps/v1:StatefulSet",
      "kubernetes:batch/v1:CronJob",
      "kubernetes:batch/v1:Job",
      "kubernetes:apps/v1:DaemonSet",
      "kubernetes:core/v1:ConfigMap",
      "kubernetes:networking.k8s.io/v1:NetworkPolicy",
      "kubernetes:networking.k8s.io/v1:Ingress",
    ];
    expect(families.filter((t) => !types.has(t))).toEqual([]);
    expect(types).toContain("gcp:*:*IamMember");
  });

  test("the generated list of labellable types matches the installed providers", () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, "tools", "run-ts.js"), path.join(POLICIES, "scripts", "generate-labellable.ts"), "--check"], { cwd: ROOT, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });
});

describe("policy config", () => {
  test("both stacks have a config; production is mandatory and staging advisory", () => {
    expect(stackConfigFiles().sort()).toEqual(["production", "staging"]);
    const read = (s: string) => JSON.parse(fs.readFileSync(path.join(POLICIES, "config", `${s}.json`), "utf8")) as Record<string, unknown>;
    expect(read("production").all).toBe("mandatory");
    expect(read("staging").all).toBe("advisory");
  });

  test.each(["staging", "production"])("%s: every key is `all` or a rule id, and the per-pack files for the Pulumi CLI are in sync", (stack) => {
    const config = JSON.parse(fs.readFileSync(path.join(POLICIES, "config", `${stack}.json`), "utf8")) as Record<string, unknown>;
    const { files, errors } = splitConfig(config);
    expect(errors).toEqual([]);
    for (const [folder, file] of Object.entries(files)) {
      const written = JSON.parse(fs.readFileSync(path.join(POLICIES, "config", stack, `${folder}.json`), "utf8")) as unknown;
      expect(written).toEqual(file);
    }
  });

  test("a typo in a rule id is reported", () => {
    expect(splitConfig({ all: "advisory", "hipaa-bigtable-cmk": "mandatory" }).errors).toEqual(['"hipaa-bigtable-cmk" is not a rule of any pack']);
  });
});
