/** CloudWatch Logs retention: only these day counts are accepted by the API. */
export const CLOUDWATCH_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** The smallest retention CloudWatch accepts that keeps logs at least `minDays` (compliance minimum). */
export function retentionAtLeast(minDays: number): number {
  const found = CLOUDWATCH_RETENTION_DAYS.find((d) => d >= minDays);
  if (found === undefined) throw new Error(`CloudWatch Logs cannot retain logs for ${minDays} days (maximum 3653)`);
  return found;
}
