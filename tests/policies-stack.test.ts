/**
 * Acceptance of the policy packs on the real program: both stacks plan with zero mandatory
 * violations and no rule errors, every waiver carries a reason and an expiry, and the
 * enforcement follows the stack (production mandatory, staging advisory).
 * Passes once every system complies; a failure lists the findings to fix.
 */
import { findWaiver } from "../policies/lib/waivers";
import { readPolicyConfig } from "../tools/engine/plan";
import { planStack } from "./harness";

const short = (urn: string | null) => (urn ? urn.slice(urn.lastIndexOf("::") + 2) : "(stack)");

describe.each(["staging", "production"])("%s plan under the policy packs", (stack) => {
  test("no mandatory violations and no rule errors", async () => {
    const plan = await planStack(stack);
    expect(plan.policy.errors).toEqual([]);
    const mandatory = plan.policy.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => `${v.policy} on ${short(v.urn)}: ${v.message.split("\n").slice(1).join(" ")}`);
    expect(mandatory).toEqual([]);
  });

  test("the only waivers are ones with a written reason and a valid expiry", async () => {
    const plan = await planStack(stack);
    // Both stacks run the Convergence API with its public invoker, and its waiver applies: the
    // loop below therefore never runs over an empty list.
    const publicInvoker = plan.run.resources.filter((r) => r.name === "convergence-api-public-invoker");
    expect(publicInvoker).toHaveLength(1);
    expect(plan.policy.waivers.map((w) => w.urn)).toContain(publicInvoker[0].urn);
    for (const w of plan.policy.waivers) {
      expect(w.reason.trim().length).toBeGreaterThanOrEqual(20);
      expect(w.expires).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      // Judged on the plan's date (never today), as the engine judged it.
      expect(findWaiver([{ resource: w.urn, reason: w.reason, expires: w.expires }], w.urn, short(w.urn), new Date(`${plan.json.planDate}T12:00:00Z`)).invalid).toBeUndefined();
      // ...still on its expiry day, and refused the day after (the check can fail).
      expect(findWaiver([{ resource: w.urn, reason: w.reason, expires: w.expires }], w.urn, short(w.urn), new Date(`${w.expires}T12:00:00Z`)).invalid).toBeUndefined();
      const dayAfter = new Date(Date.parse(`${w.expires}T12:00:00Z`) + 86_400_000);
      expect(findWaiver([{ resource: w.urn, reason: w.reason, expires: w.expires }], w.urn, short(w.urn), dayAfter).invalid).toContain(`expired on ${w.expires}`);
    }
  });

  test("enforcement follows the stack: production mandatory, staging advisory", async () => {
    const plan = await planStack(stack);
    const expected = stack === "production" ? "mandatory" : "advisory";
    expect(readPolicyConfig(stack).all).toBe(expected);
    const configured = readPolicyConfig(stack);
    for (const v of plan.policy.violations) {
      const entry = configured[v.policy];
      const level = typeof entry === "string" ? entry : (entry?.enforcementLevel ?? expected);
      expect({ policy: v.policy, level: v.enforcementLevel }).toEqual({ policy: v.policy, level });
    }
  });
});
