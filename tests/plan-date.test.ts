import * as pulumi from "@pulumi/pulumi";
import { addDays, daysBetween, isIsoDate, planDate, withPlanDate } from "../stacks/plan-date";
import { readRawConfig } from "../stacks/load";
import { runProgram } from "../tools/engine/run";
import { findWaiver } from "../policies/lib/waivers";
import { TEST_PLAN_DATE } from "./harness-date";

describe("plan date", () => {
  test("only real calendar dates are accepted", () => {
    for (const good of ["2026-12-02", "2028-02-29", "1999-01-31"]) expect(isIsoDate(good)).toBe(true);
    for (const bad of ["2026-02-30", "2027-02-29", "2026-13-01", "2026-1-1", "20261202", "", 20261202, undefined]) expect(isIsoDate(bad)).toBe(false);
  });

  test("arithmetic crosses months and years", () => {
    expect(daysBetween("2026-12-02", "2027-03-27")).toBe(115);
    expect(daysBetween("2027-03-27", "2026-12-02")).toBe(-115);
    expect(addDays("2026-12-02", 90)).toBe("2027-03-02");
  });

  test("a run's date reaches every async call it starts and nothing outside it", async () => {
    const seen = await withPlanDate("2027-12-01", async () => {
      await new Promise((r) => setTimeout(r, 1));
      return planDate();
    });
    expect(seen).toBe("2027-12-01");
    expect(() => withPlanDate("2027-02-29", () => 0)).toThrow(/not a calendar date/);
  });

  test("tests never read the clock: outside a run the plan date is TEST_PLAN_DATE (tests/setup-clock.ts)", () => {
    expect(planDate()).toBe(TEST_PLAN_DATE);
    // A waiver check called by a test (no run, no date given) is judged on that day too.
    expect(findWaiver([{ resource: "r", reason: "a reason of real length for the check", expires: TEST_PLAN_DATE }], "r", "r").invalid).toBeUndefined();
    expect(findWaiver([{ resource: "r", reason: "a reason of real length for the check", expires: addDays(TEST_PLAN_DATE, -1) }], "r", "r").invalid).toContain("expired");
  });

  test("NEURASTACK_PLAN_DATE pins the date of a real run, and a bad value is refused", () => {
    const saved = process.env.NEURASTACK_PLAN_DATE;
    try {
      process.env.NEURASTACK_PLAN_DATE = "2030-06-01";
      expect(planDate()).toBe("2030-06-01");
      process.env.NEURASTACK_PLAN_DATE = "June 1st";
      expect(() => planDate()).toThrow(/NEURASTACK_PLAN_DATE="June 1st" is not a calendar date/);
    } finally {
      if (saved === undefined) delete process.env.NEURASTACK_PLAN_DATE;
      else process.env.NEURASTACK_PLAN_DATE = saved;
    }
  });

  test("the program sees the engine's date and operation (preview: isDryRun true; update: false)", async () => {
    const observe = (operation: "preview" | "update") =>
      runProgram(
        async () => {
          const raw = readRawConfig();
          return { date: raw.planDate, operation: raw.operation, dryRun: pulumi.runtime.isDryRun() };
        },
        { planDate: "2031-01-15", operation },
      );
    expect((await observe("preview")).outputs).toEqual({ date: "2031-01-15", operation: "preview", dryRun: true });
    expect((await observe("update")).outputs).toEqual({ date: "2031-01-15", operation: "update", dryRun: false });
  });

  test("waivers are judged on the plan date, not on the clock", () => {
    const waiver = { resource: "r", reason: "a written reason of sufficient length", expires: "2027-05-31" };
    expect(withPlanDate("2027-05-31", () => findWaiver([waiver], "urn", "r").invalid)).toBeUndefined();
    expect(withPlanDate("2027-06-01", () => findWaiver([waiver], "urn", "r").invalid)).toMatch(/expired on 2027-05-31/);
  });
});
