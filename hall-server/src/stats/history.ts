/**
 * Hourly counts of past hall days, for the manager wall's "against yesterday
 * and the same weekday" and for the forecast. A past day no longer changes,
 * so each is read from the tickets table once (one range scan of its primary
 * key) and kept; today's hours come from LiveFigures, never from here.
 */
import type Database from 'better-sqlite3';
import { localParts } from '../domain/hall-time.ts';

export type DayHours = {
  day: string;
  /** Visitors issued a ticket per local hour (transfers counted once). */
  issued: number[];
  /** Tickets finished per local hour. */
  served: number[];
  /** Per service: all issued, and walk-ins (not from an appointment) per hour. */
  byService: Record<string, { issued: number[]; walkIn: number[] }>;
};

const hours = () => Array<number>(24).fill(0);

export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

type Row = { service_code: string; issued_at: number; first: number; walk_in: number; finished_at: number | null };

export class HourlyHistory {
  readonly #timeZone: string;
  readonly #stmt;
  readonly #cache = new Map<string, DayHours>();
  readonly #limit: number;
  /** Days read from the table so far (tests and the bench look at it). */
  reads = 0;

  constructor(db: Database.Database, timeZone: string, limit = 64) {
    this.#timeZone = timeZone;
    this.#limit = limit;
    this.#stmt = db.prepare(
      `SELECT service_code, issued_at,
              json_extract(data, '$.transferredFrom') IS NULL AS first,
              json_extract(data, '$.source') IS NOT 'appointment' AS walk_in,
              CASE WHEN status = 'finished' THEN json_extract(data, '$.finishedAt') END AS finished_at
         FROM tickets WHERE day = ?`,
    );
  }

  #hour(ms: number): number {
    return Math.floor(localParts(ms, this.#timeZone).minutes / 60);
  }

  /** A past day's hours: read once, then from memory. Do not ask for today: it is still changing. */
  day(day: string): DayHours {
    const hit = this.#cache.get(day);
    if (hit) {
      // Most recently used last, so the oldest goes first when the cache is full.
      this.#cache.delete(day);
      this.#cache.set(day, hit);
      return hit;
    }
    this.reads++;
    const result: DayHours = { day, issued: hours(), served: hours(), byService: {} };
    for (const row of this.#stmt.iterate(day) as Iterable<Row>) {
      if (row.first) {
        const h = this.#hour(row.issued_at);
        result.issued[h]!++;
        const s = (result.byService[row.service_code] ??= { issued: hours(), walkIn: hours() });
        s.issued[h]!++;
        if (row.walk_in) s.walkIn[h]!++;
      }
      if (row.finished_at !== null) result.served[this.#hour(row.finished_at)]!++;
    }
    this.#cache.set(day, result);
    if (this.#cache.size > this.#limit) this.#cache.delete(this.#cache.keys().next().value!);
    return result;
  }
}
