/**
 * How the ledger processor is bundled for Cloud Functions (pass to functions/bundle.ts
 * bundleHandler): everything in one index.js, no npm install at deploy time.
 *
 * The trade-off (measured by bench/ledger-processor.ts): the whole handler bundles to ~2.5 MB,
 * above the 2 MB budget. The only way under it is to leave @google-cloud/firestore to the Cloud
 * Functions build (it installs the archive's package.json dependencies): 1.8 MB. But Firestore
 * then loads its own google-gax and grpc-js from node_modules next to the bundled copies the
 * other clients use, and the measured cold start (module load, and load + first event) is
 * slower than with everything inside, even slower than not bundling at all. A cold start is paid
 * by the first events after every scale-out; 0.5 MB of archive is not paid by anyone. So nothing
 * is external by default; list a package in LEDGER_EXTERNALS to change that, and the archive's
 * package.json pins it to the version this repository tests with.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export const LEDGER_ENTRY = "ledger-processor/cloud-function.ts";

/** Modules left to the Cloud Functions build (npm install from the archive's package.json). */
export const LEDGER_EXTERNALS: readonly string[] = [];

/** The archive's package.json: Node 22, main = the bundle, the externals pinned to the repo's versions. */
export function ledgerPackageJson(rootPackageJson = path.join(__dirname, "..", "..", "package.json")): string {
  const root = JSON.parse(fs.readFileSync(rootPackageJson, "utf8")) as { dependencies?: Record<string, string> };
  const dependencies: Record<string, string> = {};
  for (const name of LEDGER_EXTERNALS) {
    const version = root.dependencies?.[name];
    if (!version) throw new Error(`${name} is not a dependency in ${rootPackageJson}`);
    dependencies[name] = version;
  }
  return `${JSON.stringify({ name: "neural-ledger-processor", private: true, main: "index.js", engines: { node: "22" }, dependencies }, null, 2)}\n`;
}

/** Options for bundleHandler. */
export function ledgerBundleOptions(): { entry: string; outFile: string; external: string[]; extraFiles: Record<string, string> } {
  return { entry: LEDGER_ENTRY, outFile: "index.js", external: [...LEDGER_EXTERNALS], extraFiles: { "package.json": ledgerPackageJson() } };
}
