/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": "<rootDir>/tools/jest-transform.js" },
  moduleFileExtensions: ["ts", "js", "json"],
  testMatch: ["<rootDir>/tests/**/*.test.ts", "<rootDir>/policies/**/*.test.ts", "<rootDir>/functions/**/*.test.ts", "<rootDir>/components/**/*.test.ts", "<rootDir>/stacks/**/*.test.ts", "<rootDir>/tools/**/*.test.ts"],
  // No suite depends on today's date: the plan date is pinned for every test (tests/setup-clock.ts).
  setupFiles: ["<rootDir>/tests/setup-clock.ts"],
  testTimeout: 120000,
  maxWorkers: 2,
  // Whole-stack plans leave large heaps behind; a worker above this after a suite is replaced
  // rather than carried into the next suite (one worker running every suite ran out of heap).
  workerIdleMemoryLimit: "1536MB",
};
