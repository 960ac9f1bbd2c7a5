/**
 * The deployable artifact: functions/bundle.ts builds the entry the infrastructure uses
 * (LAMBDA.entry) into one file that loads under plain Node and exports `handler`.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { bundleHandler } from "../bundle";
import { LAMBDA } from "./env";

it("bundles into one self-contained CommonJS file exporting handler, without test-only code", () => {
  const bundle = bundleHandler({ entry: LAMBDA.entry });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dsr-bundle-"));
  try {
    const file = path.join(dir, "index.js");
    fs.writeFileSync(file, bundle.code);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(file) as { handler?: unknown };
    expect(typeof loaded.handler).toBe("function");
    expect(bundle.code).not.toMatch(/s3rver|tests\/support|testing\/fixtures/);
    expect(bundle.bytes).toBeLessThan(3 * 1024 * 1024);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
