/**
 * The `CityReadModel` on SQL: every answer comes from the projection tables
 * the sink keeps, never from report bodies, so each is one indexed query.
 */
import type { Sql } from '../db/sql.ts';
import type { CityReadModel, DeviceAlarm, HallDetail, HallOverview, HallServiceLoad, RatingRow, ShortestRow } from '../ports.ts';
import { type HourRow, hourlyPoints, type OverviewRow, overview, type ViewRules, viewRules } from './overview.ts';

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

const SERVICES_OF_HALL = `
  SELECT service_code, name, waiting, longest_wait_s, estimated_wait_minutes, issued, served, windows_open
  FROM hall_services WHERE hall_id = $1 ORDER BY service_code`;

// "Today" is the day the hall itself last reported, not the platform's.
const HOURS_OF_TODAY = `
  SELECT hh.hour, hh.issued_total, hh.served_total, hh.peak_waiting
  FROM hall_hours hh JOIN hall_load l ON l.hall_id = hh.hall_id AND l.day = hh.day
  WHERE hh.hall_id = $1 ORDER BY hh.hour`;

// One range of the by-code index, hash-joined to presence and names: no per-hall lookups.
const SHORTEST = `
  SELECT s.hall_id, h.name, s.waiting, s.estimated_wait_minutes, s.windows_open
  FROM hall_services s
  JOIN presence p ON p.hall_id = s.hall_id
  JOIN halls h ON h.hall_id = s.hall_id
  WHERE s.service_code = $1 AND s.reported_at >= $2::timestamptz AND p.online
  ORDER BY s.estimated_wait_minutes, s.waiting, s.hall_id
  LIMIT $3`;

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
      this.#sql.query<ServiceRow>(SERVICES_OF_HALL, [hallId]),
      this.#sql.query<HourRow>(HOURS_OF_TODAY, [hallId]),
      this.#sql.query<{ alarms: DeviceAlarm[] }>('SELECT alarms FROM device_health WHERE hall_id = $1', [hallId]),
    ]);
    return {
      hall: overview(row, this.#now(), this.#rules),
      services: services.map(serviceLoad),
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
    const rows = await this.#sql.query<{ hall_id: string; name: string; waiting: number; estimated_wait_minutes: number; windows_open: number }>(SHORTEST, [
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
      'SELECT service_code AS code, max(name) AS name FROM hall_services GROUP BY service_code ORDER BY service_code',
    );
    return rows.map((row) => ({ code: row.code, name: row.name ?? row.code }));
  }
}

type ServiceRow = {
  service_code: string;
  name: string | null;
  waiting: number;
  longest_wait_s: number;
  estimated_wait_minutes: number;
  issued: number;
  served: number;
  windows_open: number;
};

function serviceLoad(row: ServiceRow): HallServiceLoad {
  return {
    code: row.service_code,
    name: row.name ?? row.service_code,
    waiting: row.waiting,
    longestWaitS: row.longest_wait_s,
    estimatedWaitMinutes: row.estimated_wait_minutes,
    issued: row.issued,
    served: row.served,
    windowsOpen: row.windows_open,
  };
}
