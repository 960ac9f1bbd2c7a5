/**
 * Dated facts: support windows and the version sets known to work together, each row with its
 * dates and its source. This is the one table of facts that expire; every check that reads it
 * takes the plan date (stacks/plan-date.ts) as an input, so a test on a fixed date never rots.
 *
 * When a vendor publishes a new version or moves a date, change the row here (and its source),
 * and nothing else.
 */
import { daysBetween, type IsoDate } from "./plan-date";

/** When a version stops being supported, and where that is written. */
export interface SupportWindow {
  /** End of standard support (the vendor's price and patch guarantees stop after this day). */
  readonly standardSupportEnds: IsoDate;
  /** End of extended support, when the vendor offers it (after this day the version is refused or force-upgraded). */
  readonly extendedSupportEnds?: IsoDate;
  /** Document (title and URL) the dates come from. */
  readonly source: string;
}

/** Where a version stands on a given day. */
export type SupportStatus =
  /** In standard support, more than `warnDays` before its end. */
  | "standard"
  /** In standard support, within `warnDays` of its end. */
  | "standard-ending"
  /** Past standard support, in extended support. */
  | "extended"
  /** Past every support window. */
  | "ended";

/** Days before the end of standard support from which a plan warns. */
export const SUPPORT_WARN_DAYS = 90;

/** The status of `window` on `date` (a day counts as inside a window up to and including its end date). */
export function supportStatus(window: SupportWindow, date: IsoDate, warnDays: number = SUPPORT_WARN_DAYS): SupportStatus {
  const untilStandardEnd = daysBetween(date, window.standardSupportEnds);
  if (untilStandardEnd >= 0) return untilStandardEnd <= warnDays ? "standard-ending" : "standard";
  if (window.extendedSupportEnds !== undefined && daysBetween(date, window.extendedSupportEnds) >= 0) return "extended";
  return "ended";
}

// ---- GCP rows (#15) ----

/**
 * Cloud Run functions runtimes: "Deprecation" is the end of standard support (creation and
 * redeployment still work), "Decommission" the end of every window (no create or update; the
 * function may be disabled). Source: Cloud Run functions, "Runtime support schedule".
 */
export const CLOUD_FUNCTIONS_RUNTIMES: Readonly<Record<string, SupportWindow>> = {
  nodejs22: { standardSupportEnds: "2027-04-30", extendedSupportEnds: "2027-10-31", source: "Cloud Run functions runtimes, Runtime support schedule (docs.cloud.google.com/run/docs/runtimes/function-runtimes)" },
  nodejs24: { standardSupportEnds: "2028-04-30", extendedSupportEnds: "2028-10-31", source: "Cloud Run functions runtimes, Runtime support schedule (docs.cloud.google.com/run/docs/runtimes/function-runtimes)" },
};
