/**
 * The one SQL layer the store is written against. Two engines sit behind it:
 * PostgreSQL through `pg` (production) and PGlite (embedded, one process).
 * Both hand rows back with the same JavaScript types, so no query has to know
 * which engine it runs on: `timestamptz` as an ISO 8601 string in UTC,
 * `bigint` as a number, `jsonb` parsed.
 */

export type Row = Record<string, unknown>;

/** What a query can run on: the database, or one open transaction. */
export interface Queryable {
  query<T extends Row = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
}

export type Engine = 'postgres' | 'pglite';

export interface Sql extends Queryable {
  readonly engine: Engine;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** LISTENs on a channel; resolves once listening, to a function that stops. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** OIDs of the types whose text form both engines parse the same way here. */
export const OID = { int8: 20, timestamptz: 1184 } as const;

/**
 * `2026-11-23 02:15:00.123456+00` (the session runs in UTC) → `2026-11-23T02:15:00.123Z`.
 * Microseconds are cut to the milliseconds a JavaScript Date holds.
 */
export function parseTimestamptz(text: string): string {
  const date = new Date(text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
  if (Number.isNaN(date.getTime())) throw new TypeError(`not a timestamp: ${text}`);
  return date.toISOString();
}

/** `bigint` counts here stay far below 2^53; a number is what every caller wants. */
export function parseInt8(text: string): number {
  return Number(text);
}
