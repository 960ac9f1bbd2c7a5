/**
 * Benchmark: how long the offline plan of each stack takes and how many resources it holds.
 * `npm run bench` (prints numbers; no assertions). Each stack runs in a fresh child process so
 * module loading is part of the measured cold time, then warm runs reuse the loaded program.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { plan } from "../tools/engine/plan";

const STACKS = ["staging", "production"];
const WARM_RUNS = 3;

async function warm(stack: string): Promise<{ resources: number; ms: number[] }> {
  const ms: number[] = [];
  let resources = 0;
  for (let i = 0; i < WARM_RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const result = await plan({ stack });
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    resources = result.json.summary.resources;
  }
  return { resources, ms };
}

function cold(stack: string): number {
  const root = path.join(__dirname, "..");
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [path.join(root, "tools", "run-ts.js"), path.join(root, "tools", "plan.ts"), "--stack", stack, "--format", "json", "--out", "/dev/null"], { cwd: root, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`plan ${stack} failed (${r.status}): ${r.stderr}`);
  return ms;
}

async function main(): Promise<void> {
  console.log("stack        resources   cold (process) ms   warm ms (min / median)");
  for (const stack of STACKS) {
    const coldMs = cold(stack);
    const { resources, ms } = await warm(stack);
    const sorted = [...ms].sort((a, b) => a - b);
    console.log(`${stack.padEnd(12)} ${String(resources).padStart(9)}   ${coldMs.toFixed(0).padStart(17)}   ${sorted[0].toFixed(0)} / ${sorted[Math.floor(sorted.length / 2)].toFixed(0)}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
