/**
 * The README and Pulumi.production.yaml document every deployment input of stacks/readiness.ts
 * (the generated blocks are current), and the README shows its `pulumi config set` line.
 */
import * as fs from "fs";
import { DEPLOYMENT_INPUTS } from "../stacks/readiness";
import { README, STACK_FILE, renderedReadme, renderedStackFile } from "../tools/readiness-docs";

test("the generated blocks are current (node tools/run-ts.js tools/readiness-docs.ts)", () => {
  expect(fs.readFileSync(README, "utf8")).toBe(renderedReadme());
  expect(fs.readFileSync(STACK_FILE, "utf8")).toBe(renderedStackFile());
});

test.each(DEPLOYMENT_INPUTS.map((i) => [i.key]))("%s has a `pulumi config set` line in the README and a comment in Pulumi.production.yaml", (key) => {
  const readme = fs.readFileSync(README, "utf8");
  expect(readme).toMatch(new RegExp(`^pulumi config set --path 'neurastack:${key.replace(/[.[\]*]/g, "\\$&")}(\\[0\\])?' `, "m"));
  expect(fs.readFileSync(STACK_FILE, "utf8")).toMatch(new RegExp(`^#   neurastack:${key.replace(/[.[\]*]/g, "\\$&")}(\\[\\])?: `, "m"));
});
