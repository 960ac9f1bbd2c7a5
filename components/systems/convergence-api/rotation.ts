/**
 * Secret Manager rotation schedule. Secret Manager only publishes SECRET_ROTATE events on the
 * schedule; `nextRotationTime` must lie at least an hour in the future when it is set, and
 * after each SECRET_ROTATE notification the service advances it by the rotation period itself
 * (Secret Manager, "Create rotation schedules"). It is derived from a configured anchor and the
 * plan date (never the clock), so every plan on the same day is identical, and the component
 * ignores the field once the secret exists (it is the API's to move, not a diff).
 */
import type { IsoDate } from "../../../stacks/plan-date";

const DAY_MS = 86_400_000;

/**
 * The instant a plan on `date` schedules from: the day's last second, so whatever time of that
 * day the update runs, the result is still at least an hour ahead when the API receives it.
 */
export function rotationReference(date: IsoDate): Date {
  const at = new Date(`${date}T23:59:59Z`);
  if (Number.isNaN(at.getTime())) throw new Error(`plan date ${JSON.stringify(date)} is not a calendar date`);
  return at;
}

/** The rotation period as Secret Manager wants it: seconds with an "s" suffix. */
export function rotationPeriod(days: number): string {
  return `${days * 86_400}s`;
}

/**
 * The first instant `anchor + k * period` (k >= 0) strictly after `now` plus one hour
 * (Secret Manager requires the next rotation at least an hour ahead).
 */
export function nextRotationTime(anchor: string, days: number, now: Date): string {
  const start = Date.parse(anchor);
  if (Number.isNaN(start)) throw new Error(`rotation anchor ${JSON.stringify(anchor)} is not a timestamp`);
  const period = days * DAY_MS;
  const earliest = now.getTime() + 3_600_000;
  const k = start > earliest ? 0 : Math.floor((earliest - start) / period) + 1;
  return new Date(start + k * period).toISOString().replace(/\.\d{3}Z$/, "Z");
}
