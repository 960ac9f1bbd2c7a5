/**
 * Bundles a handler with esbuild into one minified CommonJS file for its runtime, and wraps it
 * as a Pulumi AssetArchive. Runs at program time (preview and up), so the bundle always
 * matches the source being deployed.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { buildSync } from "esbuild";

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
  readonly archive: pulumi.asset.AssetArchive;
}

const cache = new Map<string, Bundle>();

export function bundleHandler(options: BundleOptions): Bundle {
  const key = JSON.stringify(options);
  const hit = cache.get(key);
  if (hit) return hit;
  const result = buildSync({
    entryPoints: [path.join(__dirname, options.entry)],
    bundle: true,
    minify: true,
    platform: "node",
    format: "cjs",
    target: options.target ?? "node22",
    external: [...(options.external ?? [])],
    write: false,
    legalComments: "none",
    logLevel: "silent",
  });
  const code = result.outputFiles[0].text;
  const assets: Record<string, pulumi.asset.Asset> = { [options.outFile ?? "index.js"]: new pulumi.asset.StringAsset(code) };
  for (const [name, text] of Object.entries(options.extraFiles ?? {})) assets[name] = new pulumi.asset.StringAsset(text);
  const bundle: Bundle = { code, bytes: Buffer.byteLength(code), archive: new pulumi.asset.AssetArchive(assets) };
  cache.set(key, bundle);
  return bundle;
}
