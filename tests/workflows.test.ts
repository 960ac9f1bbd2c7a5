/**
 * The GitHub workflows are valid against the official workflow schema (action-validator, which
 * embeds SchemaStore's github-workflow schema) and wire what the README promises.
 */
import * as fs from "fs";
import * as path from "path";
import { validateWorkflow } from "@action-validator/core";
import { parse } from "yaml";
import { DEFAULT_PACK_FOLDERS } from "../tools/engine/plan";

const dir = path.join(__dirname, "..", ".github", "workflows");
const files = fs.readdirSync(dir).filter((f) => f.endsWith(".yml"));
const load = (f: string) => fs.readFileSync(path.join(dir, f), "utf8");

describe("workflow files", () => {
  test.each(files)("%s is a valid GitHub workflow", (file) => {
    expect(validateWorkflow(load(file)).errors).toEqual([]);
  });

  test("the validator rejects a broken workflow (it can fail)", () => {
    const broken = "name: x\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        run: echo both\n    timeout-minutes: soon\n";
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });

  test("pull requests run .ci/run, the offline plan of both stacks and the policy preview", () => {
    const pr = parse(load("pull-request.yml"));
    expect(JSON.stringify(pr.jobs.checks.steps)).toContain("bash .ci/run");
    expect(JSON.stringify(pr.jobs["offline-plan"].steps)).toMatch(/for stack in staging production/);
    const preview = pr.jobs["pulumi-preview"].steps.find((s: { uses?: string }) => s.uses?.startsWith("pulumi/actions"));
    expect(preview.with.command).toBe("preview");
    expect(preview.with.policyPacks.trim().split("\n")).toEqual(["policies/baseline", "policies/hipaa", "policies/gdpr"]);
    expect(preview.if).toContain("PULUMI_ACCESS_TOKEN");
  });

  test("the PR comment never runs pull-request code", () => {
    const comment = parse(load("plan-comment.yml"));
    const steps = JSON.stringify(comment.jobs.comment.steps);
    expect(steps).not.toContain("actions/checkout");
    expect(steps).not.toContain("npm ");
  });

  test("main deploys staging, then production in its own environment", () => {
    const deploy = parse(load("deploy.yml"));
    expect(deploy.on.push.branches).toEqual(["main"]);
    expect(deploy.jobs.production.needs).toBe("staging");
    expect(deploy.jobs.production.with.stack).toBe("production");
    const up = parse(load("pulumi-up.yml"));
    expect(up.jobs.up.environment).toBe("${{ inputs.stack }}");
    expect(up.jobs.up.steps.find((s: { uses?: string }) => s.uses?.startsWith("pulumi/actions")).with.command).toBe("up");
  });

  test("every npm ci skips dependency install scripts (npm 10 on hosted runners would run them)", () => {
    const installs = [...files.map(load), fs.readFileSync(path.join(__dirname, "..", ".ci", "run"), "utf8")].flatMap((text) => text.match(/^\s*(?:- run: )?npm ci\b.*$/gm) ?? []);
    expect(installs.length).toBeGreaterThan(3);
    for (const line of installs) expect(line).toContain("--ignore-scripts");
  });

  test("every policy pack a workflow names exists with its PulumiPolicy.yaml, and the workflows run every pack", () => {
    // Read from the parsed workflows themselves: every `policyPacks` input and `--policy-pack DIR` in a `run`.
    const named = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (typeof node !== "object" || node === null) return;
      for (const [key, value] of Object.entries(node)) {
        if (key === "policyPacks" && typeof value === "string") for (const line of value.split("\n")) if (line.trim()) named.add(line.trim());
        if (key === "run" && typeof value === "string") for (const flag of value.matchAll(/--policy-pack\s+(\S+)/g)) named.add(flag[1]);
        walk(value);
      }
    };
    for (const file of files) walk(parse(load(file)));
    expect(named.size).toBeGreaterThan(0);
    for (const dir of named) expect([dir, fs.existsSync(path.join(__dirname, "..", dir, "PulumiPolicy.yaml"))]).toEqual([dir, true]);
    expect([...named].map((d) => path.basename(d)).sort()).toEqual([...DEFAULT_PACK_FOLDERS].sort());
  });
});
