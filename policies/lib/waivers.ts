import { planDate } from "../../stacks/plan-date";
import type { WaiverEntry } from "./types";

export interface WaiverCheck {
  readonly waiver?: WaiverEntry;
  /** Why a matching waiver does not count (no reason, expired, malformed date). */
  readonly invalid?: string;
}

const MIN_REASON = 20;

/**
 * Finds the waiver for `urn` / `name` among a policy's configured waivers and judges it on
 * `today`, by default the plan date (stacks/plan-date.ts), so a plan dated in the past or the
 * future judges its waivers on that day.
 */
export function findWaiver(waivers: readonly WaiverEntry[] | undefined, urn: string, name: string, today: Date = new Date(`${planDate()}T12:00:00Z`)): WaiverCheck {
  const waiver = (waivers ?? []).find((w) => w.resource === urn || w.resource === name);
  if (!waiver) return {};
  if (!waiver.reason || waiver.reason.trim().length < MIN_REASON) {
    return { waiver, invalid: `the waiver for ${name} has no written reason (at least ${MIN_REASON} characters)` };
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(waiver.expires ?? "") || Number.isNaN(Date.parse(waiver.expires))) {
    return { waiver, invalid: `the waiver for ${name} has no valid expiry date (YYYY-MM-DD): ${JSON.stringify(waiver.expires)}` };
  }
  if (Date.parse(`${waiver.expires}T23:59:59Z`) < today.getTime()) {
    return { waiver, invalid: `the waiver for ${name} expired on ${waiver.expires}` };
  }
  return { waiver };
}
