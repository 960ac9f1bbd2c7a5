/**
 * The destructive guard (stacks/inventory.ts): a production update that would drop a system,
 * region or stateful store the previous update deployed is a config error unless
 * `neurastack:confirmRemoval` confirms it with a recent date. The previous update's outputs
 * reach the program through its StackReference to itself (`--previous PLAN.json` offline).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError } from "../stacks/errors";
import { EMPTY_INVENTORY, REMOVAL_CONFIRMATION_DAYS, inventoryOf, removalProblems, removals, type Inventory } from "../stacks/inventory";
import { STATEFUL, DATA_STORES } from "../policies/lib/inventory";
import { addDays } from "../stacks/plan-date";
import { PROJECT_DIR } from "../tools/engine/run";
import { TEST_PLAN_DATE, planStack, type Plan } from "./harness";

const ROOT = PROJECT_DIR;
const SYSTEM_OF_LABEL: Record<string, string> = { "neural-ledger": "neuralLedger", convergence: "convergence", "snn-fusion": "snnFusion", nca: "nca", "zkp-ledger": "zkpLedger", platform: "platform" };

async function refusal(p: Promise<Plan>): Promise<ConfigError> {
  const outcome = await p.then(
    () => new Error("the plan succeeded"),
    (e: unknown) => e,
  );
  expect(outcome).toBeInstanceOf(ConfigError);
  return outcome as ConfigError;
}

describe("the inventory output", () => {
  test("production exports its systems, regions and stateful stores", async () => {
    const production = await planStack("production");
    const inventory = production.json.outputs.inventory as Inventory;
    expect(inventory).toEqual(inventoryOf(production.run.config));
    expect(inventory.systems).toEqual(["neuralLedger", "convergence", "snnFusion", "nca", "zkpLedger"]);
    expect(inventory.regions).toEqual(["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1", "ap-northeast-1"]);
    expect(inventory.statefulStores).toEqual(expect.arrayContaining(["snnFusion@eu-west-1", "nca@us-east-1", "neuralLedger@northamerica-northeast1", "platform@ap-northeast-1"]));
  });

  test("every labelled data store of the production plan belongs to a stateful-store entry (system and region)", async () => {
    const production = await planStack("production");
    const inventory = production.json.outputs.inventory as Inventory;
    const providers = new Map(production.run.resources.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => [r.urn, r.inputs]));
    const missing: string[] = [];
    let checked = 0;
    for (const r of production.run.resources) {
      if (!STATEFUL.includes(r.type) || !DATA_STORES.includes(r.type)) continue;
      const labels = (r.inputs.tags ?? r.inputs.labels ?? {}) as Record<string, string>;
      const system = SYSTEM_OF_LABEL[labels.system ?? ""];
      if (!system) continue;
      const region = String((r.provider ? providers.get(r.provider)?.region : undefined) ?? r.inputs.region ?? r.inputs.location ?? "");
      checked++;
      if (!inventory.statefulStores.includes(`${system}@${region}`)) missing.push(`${r.type} ${r.name}: ${system}@${region}`);
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });
});

describe("dropping what the previous update deployed", () => {
  let previous: Record<string, unknown>;
  beforeAll(async () => {
    previous = (await planStack("production")).json.outputs;
  });

  test("an emptied systems list on production is refused, naming every system, region and store it would destroy", async () => {
    const error = await refusal(planStack("production", { overrides: { systems: [] }, previousOutputs: previous }));
    const destroyed = error.problems.map((p) => String(p.value));
    expect(destroyed).toEqual(removals(previous.inventory as Inventory, EMPTY_INVENTORY));
    expect(destroyed).toEqual(expect.arrayContaining(["system:nca", "region:eu-west-1", "store:snnFusion@eu-west-1"]));
    expect(error.problems[0]).toMatchObject({ key: "neurastack:systems", value: "system:neuralLedger" });
    expect(error.problems[0].rule).toContain(`neurastack:confirmRemoval: { "system:neuralLedger": "${TEST_PLAN_DATE}" }`);
  });

  test("an emptied systems list passes once every removal is confirmed with the plan's date", async () => {
    const confirmRemoval = Object.fromEntries(removals(previous.inventory as Inventory, EMPTY_INVENTORY).map((k) => [k, TEST_PLAN_DATE]));
    const emptied = await planStack("production", { overrides: { systems: [], confirmRemoval }, previousOutputs: previous });
    expect(emptied.json.outputs.inventory).toEqual({ systems: [], regions: [], statefulStores: [] });
    expect(emptied.run.resources.length).toBeLessThan(100);
  });

  test("moving NCA to another region drops its store there: refused under the nca key", async () => {
    const error = await refusal(planStack("production", { overrides: { nca: { cluster: "eu-west-1" } }, previousOutputs: previous }));
    expect(error.problems.map((p) => [p.key, p.value])).toEqual([["neurastack:nca", "store:nca@us-east-1"]]);
  });

  test("staging drops without confirmation, and the plan's diagnostics name what the update destroys", async () => {
    const stagingPrevious = (await planStack("staging")).json.outputs;
    const emptied = await planStack("staging", { overrides: { systems: [] }, previousOutputs: stagingPrevious });
    const warnings = emptied.json.diagnostics.filter((d) => d.severity === "warning").map((d) => d.message);
    expect(warnings).toEqual(expect.arrayContaining([expect.stringContaining("this update destroys what the previous one deployed: system:neuralLedger")]));
    expect(warnings.join("\n")).toContain("region:us-east-1");
  });

  test("the same plan without a previous update (a first deploy) is not refused", async () => {
    const first = await planStack("production", { overrides: { nca: { cluster: "eu-west-1" } } });
    expect((first.json.outputs.inventory as Inventory).statefulStores).toContain("nca@eu-west-1");
  });

  test("the CLI exits 2 for an emptied systems list with --previous, names what would be destroyed and records nothing", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "removal-"));
    try {
      const prev = path.join(dir, "previous.json");
      fs.writeFileSync(prev, JSON.stringify({ resources: [], outputs: previous }));
      const stackFile = path.join(dir, "Pulumi.production.yaml");
      const text = fs.readFileSync(path.join(ROOT, "Pulumi.production.yaml"), "utf8").replace(/ {2}neurastack:systems:\n( {4}- \w+\n)+/, "  neurastack:systems: []\n");
      expect(text).toContain("neurastack:systems: []");
      fs.writeFileSync(stackFile, text);
      const out = path.join(dir, "plan.json");
      const r = spawnSync(process.execPath, [path.join(ROOT, "tools", "run-ts.js"), path.join(ROOT, "tools", "plan.ts"), "--stack", "production", "--stack-file", stackFile, "--previous", prev, "--date", TEST_PLAN_DATE, "--out", out], { cwd: ROOT, encoding: "utf8", timeout: 240_000 });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("neurastack:systems: the previous update deployed system:nca; this update would destroy it");
      expect(r.stderr).toContain("region:eu-west-1");
      expect(r.stderr).not.toContain("    at ");
      expect(fs.existsSync(out)).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("confirmation dates are judged on the plan date", () => {
  const previous: Inventory = { systems: ["nca"], regions: ["eu-west-1"], statefulStores: ["nca@eu-west-1"] };
  const judge = (confirmRemoval: Record<string, string> | undefined, environment = "production") =>
    removalProblems({ environment, previous, current: EMPTY_INVENTORY, confirmRemoval, planDate: TEST_PLAN_DATE });
  const all = (date: string) => ({ "system:nca": date, "region:eu-west-1": date, "store:nca@eu-west-1": date });

  test("confirmed on the plan date or within the window: accepted", () => {
    expect(judge(all(TEST_PLAN_DATE))).toEqual([]);
    expect(judge(all(addDays(TEST_PLAN_DATE, -REMOVAL_CONFIRMATION_DAYS)))).toEqual([]);
  });

  test("a confirmation older than the window is stale", () => {
    const stale = addDays(TEST_PLAN_DATE, -REMOVAL_CONFIRMATION_DAYS - 1);
    const problems = judge(all(stale));
    expect(problems.map((p) => p.key)).toEqual(['neurastack:confirmRemoval.system:nca', "neurastack:confirmRemoval.region:eu-west-1", "neurastack:confirmRemoval.store:nca@eu-west-1"]);
    expect(problems[0].rule).toContain(`is more than ${REMOVAL_CONFIRMATION_DAYS} days before the plan date ${TEST_PLAN_DATE}`);
  });

  test("a confirmation dated after the plan date is refused", () => {
    expect(judge(all(addDays(TEST_PLAN_DATE, 1)))[0].rule).toContain(`is after the plan date ${TEST_PLAN_DATE}`);
  });

  test("staging may drop anything; a partial confirmation leaves the rest refused", () => {
    expect(judge(undefined, "staging")).toEqual([]);
    expect(judge({ "system:nca": TEST_PLAN_DATE }).map((p) => p.value)).toEqual(["region:eu-west-1", "store:nca@eu-west-1"]);
  });

  test("a malformed key or date in confirmRemoval is a config error", async () => {
    const error = await refusal(planStack("production", { overrides: { confirmRemoval: { "zone:eu-west-1a": TEST_PLAN_DATE, "system:nca": "2026-02-30" } } }));
    expect(error.problems.map((p) => p.rule)).toEqual(
      expect.arrayContaining([expect.stringContaining('"zone:eu-west-1a" is not a removal key'), expect.stringContaining('"2026-02-30" is not a calendar date')]),
    );
  });
});
