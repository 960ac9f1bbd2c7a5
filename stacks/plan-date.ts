/**
 * The calendar date a plan is judged on: support windows (stacks/dated.ts tables), waiver
 * expiry, rotation schedules. It is an input, never read from the clock inside a check, so a
 * test planned "on 2027-12-01" gives the same answer every day.
 *
 * Sources, first that is set: the date of the run in progress (the offline engine's `--date`,
 * carried through async calls of that run), `NEURASTACK_PLAN_DATE` (a real `pulumi preview`
 * or `up` in CI may pin it), today in UTC.
 */
import { AsyncLocalStorage } from "async_hooks";

/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

const storage = new AsyncLocalStorage<IsoDate>();

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is a real calendar date written `YYYY-MM-DD` (2026-02-30 is not). */
export function isIsoDate(text: unknown): text is IsoDate {
  if (typeof text !== "string") return false;
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Today in UTC as `YYYY-MM-DD`. */
export function todayUtc(now: Date = new Date()): IsoDate {
  return now.toISOString().slice(0, 10);
}

/** The plan date of the current run (see the file comment for the sources). */
export function planDate(): IsoDate {
  const current = storage.getStore();
  if (current) return current;
  const fromEnv = process.env.NEURASTACK_PLAN_DATE;
  if (fromEnv !== undefined && fromEnv !== "") {
    if (!isIsoDate(fromEnv)) throw new Error(`NEURASTACK_PLAN_DATE=${JSON.stringify(fromEnv)} is not a calendar date (YYYY-MM-DD)`);
    return fromEnv;
  }
  return todayUtc();
}

/** Runs `fn` (and every async call it starts) with `date` as the plan date. */
export function withPlanDate<T>(date: IsoDate, fn: () => T): T {
  if (!isIsoDate(date)) throw new Error(`${JSON.stringify(date)} is not a calendar date (YYYY-MM-DD)`);
  return storage.run(date, fn);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** `date` plus `days` days. */
export function addDays(date: IsoDate, days: number): IsoDate {
  return todayUtc(new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000));
}
