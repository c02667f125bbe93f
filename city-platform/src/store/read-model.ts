/**
 * The `CityReadModel` on SQL: every answer comes from the projection tables
 * the sink keeps, never from report bodies, so each is one indexed query.
 */
import type { Sql } from '../db/sql.ts';
import type { CityReadModel, DeviceAlarm, HallDetail, HallOverview, HallServiceLoad, RatingRow, ShortestRow } from '../ports.ts';
import { type HourRow, hourlyPoints, type OverviewRow, overview, type ViewRules, viewRules } from './overview.ts';
import { type ServicesByCode, serviceLoad } from './projections.ts';

export type ReadModelOptions = Partial<ViewRules> & {
  /** Milliseconds since the epoch. */
  now: () => number;
  /**
   * How many halls `shortest` answers with (default 100): someone choosing where to go reads the first few, and
   * sending all of a city's halls on every request is what would make the answer slow.
   */
  shortestLimit?: number;
};

const OVERVIEW = `
  SELECT h.hall_id, h.name, l.at AS reported_at, l.waiting, l.longest_wait_s, l.windows_open, l.issued_today, l.served_today,
         p.online, d.alarm_count, rd.total AS ratings_today, rd.good AS good_today
  FROM halls h
  LEFT JOIN hall_load l ON l.hall_id = h.hall_id
  LEFT JOIN presence p ON p.hall_id = h.hall_id
  LEFT JOIN device_health d ON d.hall_id = h.hall_id
  LEFT JOIN rating_days rd ON rd.hall_id = h.hall_id AND rd.day = l.day`;

const SERVICES_OF_HALL = 'SELECT services FROM hall_load WHERE hall_id = $1';

// "Today" is the day the hall itself last reported, not the platform's.
const HOURS_OF_TODAY = `
  SELECT hh.hour, hh.issued_total, hh.served_total, hh.peak_waiting
  FROM hall_hours hh JOIN hall_load l ON l.hall_id = hh.hall_id AND l.day = hh.day
  WHERE hh.hall_id = $1 ORDER BY hh.hour`;

// One pass over the halls' load rows (one each, a few thousand at most), each service found by key in its row's
// object and hash-joined to presence; names are looked up for the few rows answered, not for every hall.
export const SHORTEST_SQL = `
  SELECT s.hall_id, h.name, s.waiting, s.estimated_wait_minutes, s.windows_open
  FROM (
    SELECT l.hall_id, (f ->> 0)::int AS waiting, (f ->> 1)::int AS estimated_wait_minutes, (f ->> 2)::int AS windows_open
    FROM hall_load l CROSS JOIN LATERAL (SELECT l.services -> $1 AS f) x
    JOIN presence p ON p.hall_id = l.hall_id
    WHERE x.f IS NOT NULL AND l.at >= $2::timestamptz AND p.online
    ORDER BY 3, 2, 1
    LIMIT $3
  ) s
  JOIN halls h ON h.hall_id = s.hall_id
  ORDER BY s.estimated_wait_minutes, s.waiting, s.hall_id`;

const MAX_BAD_RATINGS = 1000;

export class SqlCityReadModel implements CityReadModel {
  readonly #sql: Sql;
  readonly #now: () => number;
  readonly #rules: ViewRules;
  readonly #shortestLimit: number;

  constructor(sql: Sql, options: ReadModelOptions) {
    this.#sql = sql;
    this.#now = options.now;
    const { now: _now, shortestLimit = 100, ...rules } = options;
    if (!Number.isInteger(shortestLimit) || shortestLimit < 1) throw new TypeError('shortestLimit must be a positive integer');
    this.#shortestLimit = shortestLimit;
    this.#rules = viewRules(rules);
  }

  async halls(): Promise<HallOverview[]> {
    const rows = await this.#sql.query<OverviewRow>(`${OVERVIEW} ORDER BY h.hall_id`);
    const now = this.#now();
    return rows.map((row) => overview(row, now, this.#rules));
  }

  async hall(hallId: string): Promise<HallDetail | undefined> {
    const [row] = await this.#sql.query<OverviewRow>(`${OVERVIEW} WHERE h.hall_id = $1`, [hallId]);
    if (!row) return undefined;
    const [services, hours, health] = await Promise.all([
      this.#sql.query<{ services: ServicesByCode }>(SERVICES_OF_HALL, [hallId]),
      this.#sql.query<HourRow>(HOURS_OF_TODAY, [hallId]),
      this.#sql.query<{ alarms: DeviceAlarm[] }>('SELECT alarms FROM device_health WHERE hall_id = $1', [hallId]),
    ]);
    return {
      hall: overview(row, this.#now(), this.#rules),
      services: serviceLoads(services[0]?.services ?? {}),
      hourly: hourlyPoints(hours),
      alarms: health[0]?.alarms ?? [],
    };
  }

  async badRatings(options: { limit: number; hallId?: string }): Promise<RatingRow[]> {
    if (!Number.isInteger(options.limit) || options.limit < 1) throw new TypeError('limit must be a positive integer');
    const limit = Math.min(options.limit, MAX_BAD_RATINGS);
    const byHall = options.hallId !== undefined;
    const rows = await this.#sql.query<{ hall_id: string; at: string; service_code: string; window_no: number | null; level: number; reason: string | null }>(
      `SELECT hall_id, at, service_code, window_no, level, reason FROM ratings
       WHERE level <= 2 ${byHall ? 'AND hall_id = $2' : ''} ORDER BY at DESC, hall_id, ticket_id LIMIT $1`,
      byHall ? [limit, options.hallId] : [limit],
    );
    return rows.map((row) => ({
      hallId: row.hall_id,
      at: row.at,
      serviceCode: row.service_code,
      ...(row.window_no !== null ? { windowNo: row.window_no } : {}),
      level: row.level,
      ...(row.reason !== null ? { reason: row.reason } : {}),
    }));
  }

  async shortest(serviceCode: string): Promise<ShortestRow[]> {
    const freshSince = new Date(this.#now() - this.#rules.staleAfterS * 1000).toISOString();
    const rows = await this.#sql.query<{ hall_id: string; name: string; waiting: number; estimated_wait_minutes: number; windows_open: number }>(SHORTEST_SQL, [
      serviceCode,
      freshSince,
      this.#shortestLimit,
    ]);
    return rows.map((row) => ({
      hallId: row.hall_id,
      name: row.name,
      waiting: row.waiting,
      estimatedWaitMinutes: row.estimated_wait_minutes,
      windowsOpen: row.windows_open,
    }));
  }

  async services(): Promise<{ code: string; name: string }[]> {
    // Halls name a service the same way (the catalogue is the province's); where one leaves it out, another's name serves.
    const rows = await this.#sql.query<{ code: string; name: string | null }>(
      'SELECT s.key AS code, max(s.value ->> 6) AS name FROM hall_load, json_each(services) s GROUP BY s.key ORDER BY s.key',
    );
    return rows.map((row) => ({ code: row.code, name: row.name ?? row.code }));
  }
}

function serviceLoads(byCode: ServicesByCode): HallServiceLoad[] {
  return Object.keys(byCode)
    .sort()
    .map((code) => serviceLoad(code, byCode[code]!));
}
