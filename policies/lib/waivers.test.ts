import { findWaiver, isCalendarDate } from "./waivers";
import { staleWaivers } from "../../tools/engine/policy-runner";

const TODAY = new Date("2026-06-15T12:00:00Z");
const URN = "urn:pulumi:production::neurastack::gcp:cloudrunv2/serviceIamMember:ServiceIamMember::convergence-api-public-invoker";
const REASON = "The API authenticates its callers with its own keys.";

describe("findWaiver", () => {
  test("a waiver with a written reason and a future expiry applies, by name or by URN", () => {
    const waiver = { resource: "convergence-api-public-invoker", reason: REASON, expires: "2026-12-31" };
    expect(findWaiver([waiver], URN, "convergence-api-public-invoker", TODAY)).toEqual({ waiver });
    const byUrn = { ...waiver, resource: URN };
    expect(findWaiver([byUrn], URN, "convergence-api-public-invoker", TODAY)).toEqual({ waiver: byUrn });
  });

  test("a waiver for another resource does not match", () => {
    expect(findWaiver([{ resource: "other", reason: REASON, expires: "2026-12-31" }], URN, "convergence-api-public-invoker", TODAY)).toEqual({});
    expect(findWaiver(undefined, URN, "convergence-api-public-invoker", TODAY)).toEqual({});
  });

  test("a waiver is valid through its expiry day and expired the day after", () => {
    const waiver = { resource: "convergence-api-public-invoker", reason: REASON, expires: "2026-06-15" };
    expect(findWaiver([waiver], URN, "convergence-api-public-invoker", TODAY).invalid).toBeUndefined();
    expect(findWaiver([waiver], URN, "convergence-api-public-invoker", new Date("2026-06-16T00:00:01Z")).invalid).toMatch(/expired on 2026-06-15/);
  });

  test("a waiver without a reason, with a token reason, or without a valid date is invalid", () => {
    const check = (w: { resource: string; reason: string; expires: string }) => findWaiver([w], URN, "convergence-api-public-invoker", TODAY).invalid;
    expect(check({ resource: "convergence-api-public-invoker", reason: "", expires: "2026-12-31" })).toMatch(/no written reason/);
    expect(check({ resource: "convergence-api-public-invoker", reason: "ok", expires: "2026-12-31" })).toMatch(/no written reason/);
    expect(check({ resource: "convergence-api-public-invoker", reason: REASON, expires: "someday" })).toMatch(/no valid expiry/);
    expect(check({ resource: "convergence-api-public-invoker", reason: REASON, expires: "2026-02-30x" })).toMatch(/no valid expiry/);
  });
});

describe("findWaiver: dates, horizon and reasons", () => {
  const REAL = "The API authenticates its callers with its own keys until IAP lands.";
  const check = (expires: string, reason = REAL, horizon?: number) => findWaiver([{ resource: "convergence-api-public-invoker", reason, expires }], URN, "convergence-api-public-invoker", TODAY, horizon).invalid;

  test("only real calendar days count: 2027-02-30 and 2026-13-01 are refused, 2028-02-29 (leap day) is a date", () => {
    expect(check("2027-02-30")).toMatch(/no valid expiry date \(a real calendar day/);
    expect(check("2026-13-01")).toMatch(/no valid expiry date/);
    expect(isCalendarDate("2028-02-29")).toBe(true);
    expect(isCalendarDate("2027-02-29")).toBe(false);
  });

  test("an expiry more than the horizon ahead is refused: one year by default, or the configured number of days", () => {
    expect(check("2027-06-15")).toBeUndefined();
    expect(check("2027-06-16")).toMatch(/more than 365 days after 2026-06-15 \(at most 2027-06-15\)/);
    expect(check("2026-09-14", REAL, 90)).toMatch(/more than 90 days after 2026-06-15/);
    expect(check("2026-09-13", REAL, 90)).toBeUndefined();
  });

  test("a reason must say why in words: placeholders and repeated characters are no reason", () => {
    expect(check("2026-12-31", "TODO: fill in the reason later please")).toMatch(/does not say why/);
    expect(check("2026-12-31", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")).toMatch(/does not say why/);
    expect(check("2026-12-31", "exception-exception-exception")).toMatch(/does not say why/);
    expect(check("2026-12-31", REAL)).toBeUndefined();
  });
});

describe("staleWaivers: a waiver naming no resource of the plan", () => {
  const resources = [{ urn: URN, name: "convergence-api-public-invoker" }];
  test("names the waiver whose resource is absent, by name or URN; present ones pass", () => {
    const waivers = [
      { resource: "convergence-api-public-invoker" },
      { resource: URN },
      { resource: "convergence-api-public-invokr" },
    ];
    expect(staleWaivers(waivers, resources)).toEqual([expect.stringContaining('the waiver for "convergence-api-public-invokr" names no resource in this plan')]);
    expect(staleWaivers(undefined, resources)).toEqual([]);
  });
});
