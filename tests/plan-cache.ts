/**
 * A content-addressed disk cache of whole-program plans for the test suite. Many test files
 * plan the same stack; each jest worker is its own process, so without this every file would
 * re-run the program. The key hashes every source the plan depends on (program, config,
 * policies, engine, lockfile), so any edit invalidates it. `npm run plan` never uses it.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { Plan } from "../tools/engine/plan";

const ROOT = path.resolve(__dirname, "..");
const CACHE_DIR = path.join(ROOT, "node_modules", ".cache", "neurastack-plans");
const SOURCE_DIRS = ["stacks", "components", "functions", "policies", "tools"];
const SOURCE_FILES = ["index.ts", "Pulumi.yaml", "package-lock.json"];
const LOCK_STALE_MS = 10 * 60_000;

function listSources(dir: string, out: string[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules") listSources(full, out);
    } else if (/\.(ts|json|yaml)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) {
      out.push(full);
    }
  }
}

let sourceDigest: string | undefined;
/** Digest of every source file a plan depends on (computed once per process). */
function sources(): string {
  if (sourceDigest) return sourceDigest;
  const files: string[] = [];
  for (const d of SOURCE_DIRS) listSources(path.join(ROOT, d), files);
  for (const f of SOURCE_FILES) files.push(path.join(ROOT, f));
  for (const f of fs.readdirSync(ROOT)) if (/^Pulumi\..+\.yaml$/.test(f)) files.push(path.join(ROOT, f));
  const hash = createHash("sha256");
  for (const f of files.sort()) hash.update(path.relative(ROOT, f)).update("\0").update(fs.readFileSync(f)).update("\0");
  sourceDigest = hash.digest("hex");
  return sourceDigest;
}

export function cacheKey(parts: unknown): string {
  return createHash("sha256").update(sources()).update(JSON.stringify(parts)).digest("hex").slice(0, 32);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The cached plan for `key`, or `compute()`'s result stored under it (one computer at a time per key). */
export async function cachedPlan(key: string, compute: () => Promise<Plan>): Promise<Plan> {
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const file = path.join(CACHE_DIR, `${key}.json`);
  const lock = `${file}.lock`;
  for (;;) {
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as Plan;
    let fd: number | undefined;
    try {
      fd = fs.openSync(lock, "wx");
    } catch {
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0);
      if (age > LOCK_STALE_MS) fs.rmSync(lock, { force: true });
      await sleep(250);
      continue;
    }
    try {
      const plan = await compute();
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(plan));
      fs.renameSync(tmp, file);
      return plan;
    } finally {
      fs.closeSync(fd);
      fs.rmSync(lock, { force: true });
    }
  }
}
