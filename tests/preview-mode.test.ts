/**
 * `--preview`: the program as the first `pulumi preview` of an empty stack runs it (isDryRun()
 * true, every computed output unknown, inputs known), both stacks, against the same stacks with
 * every output known (the default plan, and the update the engine compares with).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { missingInPreview, type Plan } from "../tools/engine/plan";
import { renderMarkdown, renderText } from "../tools/engine/report";
import { runProgram } from "../tools/engine/run";
import { UNKNOWN } from "../tools/engine/wire";
import { planStack, TEST_PLAN_DATE } from "./harness";

// A preview plan runs the program twice (preview, then the update it is compared with): on a
// loaded machine that takes minutes, so the plans are built once, before the tests.
const PLAN_TIMEOUT = 900_000;
const preview = (stack: string): Promise<Plan> => planStack(stack, { computedOutputs: "unknown" });

describe.each(["staging", "production"])("%s in preview mode", (stack) => {
  beforeAll(() => Promise.all([preview(stack), planStack(stack)]), PLAN_TIMEOUT);

  test("runs with no mandatory violation and no policy error, lists the checks it could not decide, and misses no resource of the update", async () => {
    const p = await preview(stack);
    expect(p.json.computedOutputs).toBe("unknown");
    expect(p.json.summary.violations.mandatory).toBe(0);
    expect(p.policy.errors).toEqual([]);
    expect(p.json.undecided!.length).toBeGreaterThan(0);
    expect(p.json.previewGaps).toEqual({ comparedWith: "update", missingInPreview: [] });
    const known = await planStack(stack);
    // Same resources as with known outputs (registered in another order, as outputs resolve later).
    expect(p.json.resources.map((r) => r.urn).sort()).toEqual(known.json.resources.map((r) => r.urn).sort());
    expect(known.json.computedOutputs).toBe("known");
    expect(known.json.undecided).toEqual([]);
  });

  test("ids and computed outputs are unknown while inputs stay known", async () => {
    const p = await preview(stack);
    const key = p.run.resources.find((r) => r.type === "aws:kms/key:Key")!;
    expect(key.wireOutputs.arn).toBe(UNKNOWN);
    expect(key.wireOutputs.keyId).toBe(UNKNOWN);
    expect(key.wireOutputs.enableKeyRotation).toBe(true);
    const alias = p.run.resources.find((r) => r.type === "aws:kms/alias:Alias" && r.dependencies.includes(key.urn))!;
    expect(alias.inputs.targetKeyId).toBe("[unknown]");
    expect(typeof alias.inputs.name).toBe("string");
  });

  test("every undecided check names the rule, the resource and the unknown value it read; the reports list them per rule", async () => {
    const p = await preview(stack);
    const cmk = p.json.undecided!.filter((u) => u.policy === "hipaa-cloudwatch-logs-kms");
    expect(cmk.length).toBeGreaterThan(0);
    expect(cmk.every((u) => u.urn?.includes("aws:cloudwatch/logGroup:LogGroup") && u.path === "kmsKeyId")).toBe(true);
    // The same log groups are decided (and pass) when the key's ARN is known.
    const known = await planStack(stack);
    expect(known.json.violations.filter((v) => v.policy === "hipaa-cloudwatch-logs-kms")).toEqual([]);
    expect(renderText(p.json)).toMatch(new RegExp(`Undecided at preview \\(${p.json.undecided!.length} checks by \\d+ rules\\)`));
    expect(renderText(p.json)).toContain(`neurastack-hipaa/hipaa-cloudwatch-logs-kms (${cmk.length})`);
    const md = renderMarkdown(p.json);
    expect(md).toContain("first preview of an empty stack: computed outputs unknown");
    expect(md).toContain(`| \`neurastack-hipaa/hipaa-cloudwatch-logs-kms\` | ${cmk.length} | .kmsKeyId |`);
    expect(md).toContain("Every resource of the update is in the preview");
  });
});

describe("resources registered only once an output is known", () => {
  test("are reported: a real preview would not show them", async () => {
    const program = () => {
      const provider = new aws.Provider("aws", { region: "eu-west-1" });
      const key = new aws.kms.Key("key", { enableKeyRotation: true }, { provider });
      // The anti-pattern: creating a resource inside apply(), which a preview skips while the id is unknown.
      key.keyId.apply((id) => new aws.kms.Alias("alias", { name: `alias/${id}`, targetKeyId: id }, { provider }));
      return { arn: pulumi.output(key.arn) };
    };
    const previewRun = await runProgram(async () => program(), { computedOutputs: "unknown", planDate: TEST_PLAN_DATE });
    const updateRun = await runProgram(async () => program(), { operation: "update", planDate: TEST_PLAN_DATE });
    expect(missingInPreview(previewRun.resources, updateRun.resources)).toEqual(["urn:pulumi:fixture::neurastack::aws:kms/alias:Alias::alias"]);
    expect(previewRun.outputs).toEqual({ arn: "[unknown]" });
  });
});
