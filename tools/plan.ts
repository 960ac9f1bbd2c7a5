/**
 * `npm run plan -- [--stack staging|production] [--format text|json|markdown] [--out FILE] [--depth N]
 *                  [--stack-file FILE] [--date YYYY-MM-DD] [--update | --preview]
 *                  [--policy-pack DIR [--policy-pack-config FILE]]... [--against BASE.json] [--previous PLAN.json]`
 *
 * Offline preview: runs index.ts under Pulumi's mock runtime, runs the policy packs, prints
 * the result. `--date` judges the plan on another day (support windows, waivers); `--update`
 * runs the program as `pulumi up` would (`isDryRun()` false) instead of as a preview;
 * `--preview` runs it as the first `pulumi preview` of an empty stack (computed outputs
 * unknown). `--policy-pack` / `--policy-pack-config` mean what they mean to `pulumi preview`
 * (the i-th config belongs to the i-th pack); default: this repository's packs with
 * policies/config/<stack>/<pack>.json. `--against` diffs the plan against a previous plan JSON.
 * `--previous` plays the stack's previous update: its outputs are what the program's
 * StackReference to its own stack reads, so the destructive guard (stacks/inventory.ts) refuses
 * a production plan that drops a system, region or stateful store without confirmation.
 * Exit codes: 0 clean, 1 mandatory policy violation, 2 config error (stack or policy config, a
 * pack that cannot load), 3 the program or a policy threw.
 */
import * as fs from "fs";
import type { Operation } from "../stacks/load";
import { isIsoDate, type IsoDate } from "../stacks/plan-date";
import type { PlanJson } from "./engine/model";
import { plan } from "./engine/plan";
import { type PackSource } from "./engine/pack-loader";
import { errorExitCode, planExitCode } from "./engine/exit-code";
import { ProjectError } from "./engine/project";
import { renderMarkdown, renderText } from "./engine/report";

interface Args {
  stack: string;
  format: "text" | "json" | "markdown";
  out?: string;
  depth?: number;
  stackFile?: string;
  date?: IsoDate;
  operation: Operation;
  computedOutputs: "known" | "unknown";
  packs: string[];
  packConfigs: string[];
  against?: string;
  previous?: string;
}

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npm run plan -- [--stack staging|production] [--format text|json|markdown] [--out FILE] [--depth N] [--stack-file FILE] [--date YYYY-MM-DD] [--update | --preview] [--policy-pack DIR [--policy-pack-config FILE]]... [--against BASE.json] [--previous PLAN.json]\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const args: Args = { stack: "staging", format: "text", operation: "preview", computedOutputs: "known", packs: [], packConfigs: [] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const need = () => (value === undefined || value.startsWith("--") ? usage(`${flag} needs a value`) : (i++, value));
    switch (flag) {
      case "--stack":
        args.stack = need();
        break;
      case "--format": {
        const f = need();
        if (f !== "text" && f !== "json" && f !== "markdown") usage(`--format ${f}: use text, json or markdown`);
        args.format = f;
        break;
      }
      case "--out":
        args.out = need();
        break;
      case "--stack-file":
        args.stackFile = need();
        break;
      case "--date": {
        const d = need();
        if (!isIsoDate(d)) usage(`--date ${d}: use a calendar date, YYYY-MM-DD`);
        args.date = d;
        break;
      }
      case "--update":
        args.operation = "update";
        break;
      case "--preview":
        args.computedOutputs = "unknown";
        break;
      case "--policy-pack":
        args.packs.push(need());
        break;
      case "--policy-pack-config":
        args.packConfigs.push(need());
        break;
      case "--against":
        args.against = need();
        break;
      case "--previous":
        args.previous = need();
        break;
      case "--depth": {
        const d = Number(need());
        if (!Number.isInteger(d) || d < 0) usage("--depth takes a whole number");
        args.depth = d;
        break;
      }
      default:
        usage(`unknown argument ${flag}`);
    }
  }
  if (args.operation === "update" && args.computedOutputs === "unknown") usage("--update and --preview exclude each other (an update knows every output)");
  if (args.packConfigs.length > args.packs.length) usage("each --policy-pack-config belongs to the --policy-pack at the same position");
  return args;
}

/** The i-th config file belongs to the i-th pack, as `pulumi preview` pairs them. */
function packSources(args: Args): PackSource[] | undefined {
  if (args.packs.length === 0) return undefined;
  return args.packs.map((dir, i) => ({ dir, ...(args.packConfigs[i] ? { configFile: args.packConfigs[i] } : {}) }));
}

function readBase(file: string, flag = "--against"): PlanJson {
  if (!fs.existsSync(file)) throw new ProjectError(`${flag} ${file}: no such file`);
  try {
    const json = JSON.parse(fs.readFileSync(file, "utf8")) as PlanJson;
    if (!Array.isArray(json.resources)) throw new Error("no resources list");
    return json;
  } catch (e) {
    throw new ProjectError(`${flag} ${file}: not a plan JSON (npm run plan -- --format json): ${(e as Error).message}`);
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const started = process.hrtime.bigint();
  try {
    const against = args.against ? readBase(args.against) : undefined;
    const previousOutputs = args.previous ? readBase(args.previous, "--previous").outputs : undefined;
    const result = await plan({ stack: args.stack, stackFile: args.stackFile, planDate: args.date, operation: args.operation, computedOutputs: args.computedOutputs, policyPacks: packSources(args), against, previousOutputs });
    const text = args.format === "json" ? JSON.stringify(result.json, null, 2) + "\n" : args.format === "markdown" ? renderMarkdown(result.json) : renderText(result.json, { depth: args.depth });
    if (args.out) fs.writeFileSync(args.out, text);
    else process.stdout.write(text);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    process.stderr.write(`plan ${args.stack}: ${result.json.summary.resources} resources, ${result.json.summary.violations.mandatory} mandatory violations, ${ms.toFixed(0)} ms${args.out ? `, written to ${args.out}` : ""}\n`);
    for (const e of result.policy.policyErrors) process.stderr.write(`policy pack ${e.pack}: policy ${e.policy} threw${e.urn ? ` on ${e.urn}` : ""}: ${e.message}\n`);
    // `pulumi.log.error` fails a real update; it fails the offline plan the same way.
    const programErrors = result.json.diagnostics.filter((d) => d.severity === "error");
    for (const d of programErrors) process.stderr.write(`program error: ${d.message}\n`);
    return planExitCode(result);
  } catch (e) {
    if (errorExitCode(e) === 2) {
      process.stderr.write(`error: ${(e as Error).message}\n`);
      return 2;
    }
    const hint = process.env.NEURASTACK_STACK_TRACES ? "" : "\n(set NEURASTACK_STACK_TRACES=1 for the full stack trace)";
    process.stderr.write(`error: the program failed: ${(e as Error).stack ?? String(e)}${hint}\n`);
    return 3;
  }
}

main().then((code) => process.exit(code));
