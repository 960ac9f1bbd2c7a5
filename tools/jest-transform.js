// Jest transform: esbuild, transpile only. The provider type definitions are too large to type-check
// per test file; `npm run typecheck` checks everything once.
"use strict";
const { transformSync } = require("esbuild");
module.exports = {
  process(source, filename) {
    const { code, map } = transformSync(source, {
      loader: filename.endsWith(".ts") ? "ts" : "js",
      format: "cjs",
      target: "node20",
      sourcemap: "external",
      sourcefile: filename,
    });
    return { code, map };
  },
  getCacheKey(source, filename) {
    return require("crypto").createHash("sha1").update("v1\0" + filename + "\0" + source).digest("hex");
  },
};
