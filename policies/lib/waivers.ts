import { planDate } from "../../stacks/plan-date";
import type { WaiverEntry } from "./types";

export interface WaiverCheck {
  readonly waiver?: WaiverEntry;
  /** Why a matching waiver does not count (no reason, expired, malformed date). */
  readonly invalid?: string;
}

const MIN_REASON = 20;
/** A reason says why in words: at least this many of them (not "temporary exception xxxxxxxx"). */
const MIN_REASON_WORDS = 4;
/** Placeholder text that is not a reason. */
const PLACEHOLDER_REASON = /^(todo|tbd|n\/?a|none|fixme|lorem ipsum|temp(orary)?|wip|\.+|-+|x+)\b/i;

/**
 * Default horizon: a waiver may run at most this many days past the plan date, so every waiver
 * is reviewed at least once a year. A policy's config may set `waiverHorizonDays` (1-1095).
 */
export const DEFAULT_WAIVER_HORIZON_DAYS = 365;

/** `YYYY-MM-DD` naming a real calendar day (2027-02-30 does not exist; Date.parse would roll it over). */
export function isCalendarDate(text: unknown): text is string {
  if (typeof text !== "string") return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function reasonProblem(reason: unknown): string | undefined {
  const text = typeof reason === "string" ? reason.trim() : "";
  if (text.length < MIN_REASON) return `no written reason (at least ${MIN_REASON} characters)`;
  const words = text.split(/\s+/).filter((w) => /[a-z]{2,}/i.test(w));
  if (words.length < MIN_REASON_WORDS || PLACEHOLDER_REASON.test(text) || new Set(text.replace(/\s/g, "")).size < 6) {
    return `no written reason: ${JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text)} does not say why (at least ${MIN_REASON_WORDS} words)`;
  }
  return undefined;
}

/**
 * Finds the waiver for `urn` / `name` among a policy's configured waivers and judges it on
 * `today`, by default the plan date (stacks/plan-date.ts), so a plan dated in the past or the
 * future judges its waivers on that day. `horizonDays`: how far past `today` an expiry may lie.
 */
export function findWaiver(
  waivers: readonly WaiverEntry[] | undefined,
  urn: string,
  name: string,
  today: Date = new Date(`${planDate()}T12:00:00Z`),
  horizonDays: number = DEFAULT_WAIVER_HORIZON_DAYS,
): WaiverCheck {
  const waiver = (waivers ?? []).find((w) => w.resource === urn || w.resource === name);
  if (!waiver) return {};
  const reason = reasonProblem(waiver.reason);
  if (reason) return { waiver, invalid: `the waiver for ${name} has ${reason}` };
  if (!isCalendarDate(waiver.expires)) {
    return { waiver, invalid: `the waiver for ${name} has no valid expiry date (a real calendar day, YYYY-MM-DD): ${JSON.stringify(waiver.expires)}` };
  }
  if (Date.parse(`${waiver.expires}T23:59:59Z`) < today.getTime()) {
    return { waiver, invalid: `the waiver for ${name} expired on ${waiver.expires}` };
  }
  const horizon = new Date(today.getTime() + horizonDays * 86_400_000).toISOString().slice(0, 10);
  if (waiver.expires > horizon) {
    return { waiver, invalid: `the waiver for ${name} expires on ${waiver.expires}, more than ${horizonDays} days after ${today.toISOString().slice(0, 10)} (at most ${horizon}); waivers are reviewed at least that often` };
  }
  return { waiver };
}
