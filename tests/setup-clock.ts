/**
 * Jest setup (jest.config.js `setupFiles`): every suite runs on TEST_PLAN_DATE, never on today.
 * Code that judges dates reads `planDate()` (stacks/plan-date.ts): a run's `--date`, else
 * NEURASTACK_PLAN_DATE, else the clock. Pinning the variable here covers what runs outside an
 * engine run (waiver checks called by a test, plans without a date, CLI child processes, which
 * inherit the environment), so no suite turns red when a waiver or support window expires.
 * A test that needs another day passes `planDate` / `--date`, or sets the variable and restores it.
 */
import { TEST_PLAN_DATE } from "./harness-date";

process.env.NEURASTACK_PLAN_DATE = TEST_PLAN_DATE;
