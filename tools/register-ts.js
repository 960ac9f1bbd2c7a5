// Require hook that transpiles TypeScript with esbuild (transpile-only: `npm run typecheck` is the
// type checker). Used by `npm run plan` and the benchmarks so they start in well under a second.
"use strict";
const fs = require("fs");
const Module = require("module");
const { transformSync } = require("esbuild");

const cache = new Map();
function compile(source, filename) {
  const key = filename + ":" + source.length;
  const hit = cache.get(key);
  if (hit && hit.source === source) return hit.code;
  const { code } = transformSync(source, {
    loader: "ts",
    format: "cjs",
    target: "node20",
    sourcemap: "inline",
    sourcefile: filename,
  });
  cache.set(key, { source, code });
  return code;
}

Module._extensions[".ts"] = function loadTs(module, filename) {
  const source = fs.readFileSync(filename, "utf8");
  module._compile(compile(source, filename), filename);
};
