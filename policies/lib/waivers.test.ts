import { findWaiver } from "./waivers";

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
