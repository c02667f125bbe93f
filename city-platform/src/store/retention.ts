/**
 * How long the store keeps what it no longer needs. Raw reports are kept for
 * a week: long enough to recognise a hall's retries after any outage its
 * outbox would survive, and to look into a disputed figure; the projections
 * never read them, and a report replayed after its raw copy is gone changes
 * nothing (latest rows keep the newer `at`, hourly rows keep maxima, ratings
 * are keyed by ticket). Hourly curves are kept 90 days. Ratings, their
 * batches and the accounts are never purged here.
 */
import type { Sql } from '../db/sql.ts';

export type RetentionOptions = { now: () => number; reportDays?: number; hourDays?: number };

export const DEFAULT_REPORT_DAYS = 7;
export const DEFAULT_HOUR_DAYS = 90;

const DAY_MS = 86_400_000;
/** Deleted per statement, so a purge never holds a long lock against ingest. */
const CHUNK = 10_000;

export async function purgeExpired(sql: Sql, options: RetentionOptions): Promise<{ reports: number; hours: number }> {
  const now = options.now();
  const reportsBefore = new Date(now - (options.reportDays ?? DEFAULT_REPORT_DAYS) * DAY_MS).toISOString();
  const hoursBefore = new Date(now - (options.hourDays ?? DEFAULT_HOUR_DAYS) * DAY_MS).toISOString();
  return {
    reports: await inChunks(sql, 'DELETE FROM reports WHERE ctid IN (SELECT ctid FROM reports WHERE received_at < $1 LIMIT $2) RETURNING 1', reportsBefore),
    hours: await inChunks(sql, 'DELETE FROM hall_hours WHERE ctid IN (SELECT ctid FROM hall_hours WHERE hour < $1 LIMIT $2) RETURNING 1', hoursBefore),
  };
}

async function inChunks(sql: Sql, statement: string, before: string): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = (await sql.query(statement, [before, CHUNK])).length;
    total += deleted;
    if (deleted < CHUNK) return total;
  }
}
