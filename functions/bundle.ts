/**
 * Bundles a handler with esbuild into one minified CommonJS file for its runtime, and wraps it
 * as a Pulumi AssetArchive. Runs at program time (preview and up), so the bundle always
 * matches the source being deployed. Bundles are cached on disk, keyed by the options and
 * validated against the size and mtime of every input file esbuild read, so a plan rebuilds a
 * bundle only when its sources changed.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { buildSync, version as esbuildVersion } from "esbuild";

export interface BundleOptions {
  /** Entry file relative to functions/, e.g. "ledger-processor/cloud-function.ts". */
  readonly entry: string;
  /** Runtime target: Cloud Functions nodejs22 or Lambda nodejs22.x (both Node 22). */
  readonly target?: "node22";
  /** File name inside the archive (Cloud Functions: index.js, Lambda: index.js + handler "index.handler"). */
  readonly outFile?: string;
  /** Modules left out of the bundle (provided by the runtime). */
  readonly external?: readonly string[];
  /** Extra files for the archive root, e.g. a package.json naming `main` for Cloud Functions. */
  readonly extraFiles?: Readonly<Record<string, string>>;
}

export interface Bundle {
  readonly code: string;
  readonly bytes: number;
  /** sha256 of the code: changes exactly when the deployed function must change. */
  readonly sha256: string;
  readonly archive: pulumi.asset.AssetArchive;
}

interface CacheEntry {
  readonly code: string;
  /** input path -> "size:mtimeMs" */
  readonly inputs: Record<string, string>;
}

const ROOT = path.resolve(__dirname, "..");
const CACHE_DIR = path.join(ROOT, "node_modules", ".cache", "neurastack-bundles");
const memory = new Map<string, Bundle>();

const stamp = (file: string): string | undefined => {
  try {
    const s = fs.statSync(file);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return undefined;
  }
};

function readCache(file: string): string | undefined {
  try {
    const entry = JSON.parse(fs.readFileSync(file, "utf8")) as CacheEntry;
    for (const [input, expected] of Object.entries(entry.inputs)) if (stamp(path.resolve(ROOT, input)) !== expected) return undefined;
    return entry.code;
  } catch {
    return undefined;
  }
}

function build(options: BundleOptions, cacheFile: string): string {
  const result = buildSync({
    entryPoints: [path.join(__dirname, options.entry)],
    bundle: true,
    minify: true,
    platform: "node",
    format: "cjs",
    target: options.target ?? "node22",
    external: [...(options.external ?? [])],
    write: false,
    metafile: true,
    absWorkingDir: ROOT,
    legalComments: "none",
    logLevel: "silent",
  });
  const code = result.outputFiles[0].text;
  const inputs: Record<string, string> = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const s = stamp(path.resolve(ROOT, input));
    if (s) inputs[input] = s;
  }
  try {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    fs.writeFileSync(cacheFile, JSON.stringify({ code, inputs } satisfies CacheEntry));
  } catch {
    // A read-only checkout still bundles; it just does not cache.
  }
  return code;
}

export function bundleHandler(options: BundleOptions): Bundle {
  const key = createHash("sha256").update(JSON.stringify([options, esbuildVersion])).digest("hex").slice(0, 24);
  const hit = memory.get(key);
  if (hit) return hit;
  const cacheFile = path.join(CACHE_DIR, `${key}.json`);
  const code = readCache(cacheFile) ?? build(options, cacheFile);
  const assets: Record<string, pulumi.asset.Asset> = { [options.outFile ?? "index.js"]: new pulumi.asset.StringAsset(code) };
  for (const [name, text] of Object.entries(options.extraFiles ?? {})) assets[name] = new pulumi.asset.StringAsset(text);
  const bundle: Bundle = { code, bytes: Buffer.byteLength(code), sha256: createHash("sha256").update(code).digest("hex"), archive: new pulumi.asset.AssetArchive(assets) };
  memory.set(key, bundle);
  return bundle;
}
