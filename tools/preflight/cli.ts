/**
 * `npm run preflight -- [--stack staging|production] [--stack-file FILE] [--plan PLAN.json]
 *                       [--format text|json] [--resolver IP[:PORT],...] [--date YYYY-MM-DD]`
 *
 * Checks what only the accounts can tell before the first `pulumi up`: quotas, service-linked
 * roles, image digests, hosted-zone delegation, GCP billing, APIs and organization policies.
 * What to check comes from the plan (the offline engine's JSON, or `--plan` a saved one).
 * Without credentials it lists the checks and exits 0; exit 1 when a check finds something
 * missing, 2 on a config error.
 */
import * as fs from "fs";
import { ConfigError } from "../../stacks/errors";
import { isIsoDate, type IsoDate } from "../../stacks/plan-date";
import type { PlanJson } from "../engine/model";
import { plan } from "../engine/plan";
import { ProjectError } from "../engine/project";
import { runChecks } from "./checks";
import { awsClients, gcpClients, nsResolver } from "./clients";
import { plannedChecks } from "./derive";
import { renderText, toJson, toReport } from "./report";

interface Args {
  stack: string;
  stackFile?: string;
  planFile?: string;
  format: "text" | "json";
  resolvers?: string[];
  date?: IsoDate;
}

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npm run preflight -- [--stack staging|production] [--stack-file FILE] [--plan PLAN.json] [--format text|json] [--resolver IP[:PORT],...] [--date YYYY-MM-DD]\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const args: Args = { stack: "staging", format: "text" };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const need = () => (argv[i + 1] === undefined || argv[i + 1].startsWith("--") ? usage(`${flag} needs a value`) : argv[++i]);
    if (flag === "--stack") args.stack = need();
    else if (flag === "--stack-file") args.stackFile = need();
    else if (flag === "--plan") args.planFile = need();
    else if (flag === "--resolver") args.resolvers = need().split(",");
    else if (flag === "--format") {
      const f = need();
      if (f !== "text" && f !== "json") usage(`--format ${f}: use text or json`);
      args.format = f;
    } else if (flag === "--date") {
      const d = need();
      if (!isIsoDate(d)) usage(`--date ${d}: use YYYY-MM-DD`);
      args.date = d;
    } else usage(`unknown argument ${flag}`);
  }
  return args;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  let planJson: PlanJson;
  try {
    planJson = args.planFile ? (JSON.parse(fs.readFileSync(args.planFile, "utf8")) as PlanJson) : (await plan({ stack: args.stack, stackFile: args.stackFile, planDate: args.date })).json;
  } catch (e) {
    if (e instanceof ConfigError || e instanceof ProjectError) {
      process.stderr.write(`error: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const checks = plannedChecks(planJson);
  const [aws, gcp] = await Promise.all([checks.some((c) => c.cloud === "aws") ? awsClients() : undefined, checks.some((c) => c.cloud === "gcp") ? gcpClients() : undefined]);
  const results = await runChecks(checks, { aws, gcp, dns: nsResolver(args.resolvers) });
  const report = toReport(planJson.stack, { aws: aws !== undefined, gcp: gcp !== undefined }, results);
  process.stdout.write(args.format === "json" ? JSON.stringify(toJson(report), null, 2) + "\n" : renderText(report));
  return report.summary.missing > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`error: preflight failed: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(3);
  },
);
