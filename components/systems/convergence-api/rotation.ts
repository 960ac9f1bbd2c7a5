/**
 * Secret Manager rotation schedule. Secret Manager only publishes SECRET_ROTATE events on the
 * schedule; `nextRotationTime` must lie in the future when the secret is created, and GCP
 * advances it after each event. It is derived from a configured anchor so every plan in the
 * same period is identical (the component ignores later drift of this field).
 */

const DAY_MS = 86_400_000;

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
