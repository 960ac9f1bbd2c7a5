#!/usr/bin/env node
// `node tools/run-ts.js file.ts [args...]`: run a TypeScript entry point through the esbuild hook.
"use strict";
const path = require("path");
require("./register-ts");
const [, , entry, ...rest] = process.argv;
if (!entry) {
  console.error("usage: node tools/run-ts.js <file.ts> [args...]");
  process.exit(64);
}
process.argv = [process.argv[0], path.resolve(entry), ...rest];
require(path.resolve(entry));
