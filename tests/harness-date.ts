/**
 * The date every test plan is judged on unless a test names another: suites must give the same
 * answer on any day (support windows, waiver expiry), so they never read the clock. Kept apart
 * from tests/harness.ts so the jest setup file (tests/setup-clock.ts) loads no engine code.
 */
export const TEST_PLAN_DATE = "2026-12-02";
