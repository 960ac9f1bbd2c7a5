/**
 * `npm run plan -- [--stack staging|production] [--format text|json|markdown] [--out FILE] [--depth N]
 *                  [--stack-file FILE] [--date YYYY-MM-DD] [--update]`
 *
 * Offline preview: runs index.ts under Pulumi's mock runtime, runs the policy packs, prints
 * the result. `--date` judges the plan on another day (support windows, waivers); `--update`
 * runs the program as `pulumi up` would (`isDryRun()` false) instead of as a preview.
 * Exit codes: 0 clean, 1 mandatory policy violation, 2 config error, 3 program error.
 */
import * as fs from "fs";
import { ConfigError } from "../stacks/errors";
import type { Operation } from "../stacks/load";
import { isIsoDate, type IsoDate } from "../stacks/plan-date";
import { plan } from "./engine/plan";
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
}

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npm run plan -- [--stack staging|production] [--format text|json|markdown] [--out FILE] [--depth N] [--stack-file FILE] [--date YYYY-MM-DD] [--update]\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const args: Args = { stack: "staging", format: "text", operation: "preview" };
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
  return args;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const started = process.hrtime.bigint();
  try {
    const result = await plan({ stack: args.stack, stackFile: args.stackFile, planDate: args.date, operation: args.operation });
    const text = args.format === "json" ? JSON.stringify(result.json, null, 2) + "\n" : args.format === "markdown" ? renderMarkdown(result.json) : renderText(result.json, { depth: args.depth });
    if (args.out) fs.writeFileSync(args.out, text);
    else process.stdout.write(text);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    process.stderr.write(`plan ${args.stack}: ${result.json.summary.resources} resources, ${result.json.summary.violations.mandatory} mandatory violations, ${ms.toFixed(0)} ms${args.out ? `, written to ${args.out}` : ""}\n`);
    for (const e of result.policy.errors) process.stderr.write(`policy error: ${e}\n`);
    // `pulumi.log.error` fails a real update; it fails the offline plan the same way.
    const programErrors = result.json.diagnostics.filter((d) => d.severity === "error");
    for (const d of programErrors) process.stderr.write(`program error: ${d.message}\n`);
    if (result.policy.errors.length > 0 || programErrors.length > 0) return 3;
    return result.json.summary.violations.mandatory > 0 ? 1 : 0;
  } catch (e) {
    if (e instanceof ConfigError || e instanceof ProjectError) {
      process.stderr.write(`error: ${e.message}\n`);
      return 2;
    }
    const hint = process.env.NEURASTACK_STACK_TRACES ? "" : "\n(set NEURASTACK_STACK_TRACES=1 for the full stack trace)";
    process.stderr.write(`error: the program failed: ${(e as Error).stack ?? String(e)}${hint}\n`);
    return 3;
  }
}

main().then((code) => process.exit(code));
