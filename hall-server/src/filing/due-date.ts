/**
 * 办结时限 are counted in working days. The catalogue gives the promised
 * limit when the hall promises better than the law, else the legal one;
 * 0 means on the spot, and such a filing has no due date.
 *
 * Working days are Monday to Friday in the hall's zone. Public holidays and
 * the weekend days worked in their place (调休) change every year by State
 * Council notice; they are not modelled, so the date is an estimate on the
 * safe side only in weeks without holidays. Counting starts the day after
 * filing, whatever the hour.
 */
import { localParts } from '../domain/hall-time.ts';

export type TimeLimits = { legalTimeLimitDays: number; promisedTimeLimitDays?: number };

export function timeLimitDays(item: TimeLimits): number {
  return item.promisedTimeLimitDays ?? item.legalTimeLimitDays;
}

/** YYYY-MM-DD plus `days` working days (Mon–Fri). */
export function addWorkingDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  let left = days;
  while (left > 0) {
    day.setUTCDate(day.getUTCDate() + 1);
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return day.toISOString().slice(0, 10);
}

/** The due date of a filing made at `submittedAt`, or undefined for an on-the-spot item. */
export function dueDate(submittedAt: number, item: TimeLimits, timeZone: string): string | undefined {
  const days = timeLimitDays(item);
  if (days <= 0) return undefined;
  return addWorkingDays(localParts(submittedAt, timeZone).date, days);
}
