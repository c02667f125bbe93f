/**
 * The `ReportSink` on SQL: each batch is one transaction of a fixed number of
 * multi-row statements (never one round trip per report), so the write path
 * keeps up with thousands of halls. Rows go in as one JSON array per
 * statement, unpacked by `jsonb_to_recordset` (`json_to_recordset` for the
 * hall rows, whose services are stored as `json` text), which both engines share.
 */
import { HALL_ID } from '../accounts/hall-id.ts';
import type { Queryable, Sql } from '../db/sql.ts';
import type { PresenceChange, RefusalReason, Refused, ReportSink, VerifiedReport } from '../ports.ts';
import { notifyChanges } from './changes.ts';
import { compare, dayIn, project } from './projections.ts';

export type ReportSinkOptions = {
  /** Milliseconds since the epoch; stamps `received_at` and refusal counts. */
  now: () => number;
  /** The halls' time zone, for the day a rating counts in (default Asia/Shanghai). */
  timeZone?: string;
};

export type RefusalCount = { reason: RefusalReason; hallId: string | undefined; count: number };

const INSERT_REPORTS = `
  INSERT INTO reports (hall_id, idempotency_key, type, at, received_at, body)
  SELECT r.hall_id, r.idempotency_key, r.type, r.at, $2::timestamptz, r.body
  FROM jsonb_to_recordset($1::jsonb) AS r(hall_id text, idempotency_key text, type text, at timestamptz, body jsonb)
  ON CONFLICT (hall_id, idempotency_key) DO NOTHING
  RETURNING hall_id, idempotency_key`;

// A report older than the one shown is kept (above) but does not replace it. The services travel with the
// load as one JSON object by code: one row per hall a report, however many services it lists.
const UPSERT_LOADS = `
  INSERT INTO hall_load (hall_id, at, day, waiting, longest_wait_s, windows_open, issued_today, served_today, services)
  SELECT * FROM json_to_recordset($1::json)
    AS r(hall_id text, at timestamptz, day text, waiting integer, longest_wait_s integer, windows_open integer, issued_today integer,
         served_today integer, services json)
  ON CONFLICT (hall_id) DO UPDATE SET
    at = EXCLUDED.at, day = EXCLUDED.day, waiting = EXCLUDED.waiting, longest_wait_s = EXCLUDED.longest_wait_s,
    windows_open = EXCLUDED.windows_open, issued_today = EXCLUDED.issued_today, served_today = EXCLUDED.served_today,
    services = EXCLUDED.services
  WHERE hall_load.at < EXCLUDED.at`;

const UPSERT_HOURS = `
  INSERT INTO hall_hours (hall_id, day, hour, issued_total, served_total, peak_waiting)
  SELECT * FROM jsonb_to_recordset($1::jsonb)
    AS r(hall_id text, day text, hour timestamptz, issued_total integer, served_total integer, peak_waiting integer)
  ON CONFLICT (hall_id, day, hour) DO UPDATE SET
    issued_total = GREATEST(hall_hours.issued_total, EXCLUDED.issued_total),
    served_total = GREATEST(hall_hours.served_total, EXCLUDED.served_total),
    peak_waiting = GREATEST(hall_hours.peak_waiting, EXCLUDED.peak_waiting)
  WHERE EXCLUDED.issued_total > hall_hours.issued_total OR EXCLUDED.served_total > hall_hours.served_total
     OR EXCLUDED.peak_waiting > hall_hours.peak_waiting`;

// The day's tallies grow only by ratings actually inserted, so a rating sent twice under two keys counts once.
const INSERT_RATINGS = `
  WITH inserted AS (
    INSERT INTO ratings (hall_id, ticket_id, idempotency_key, at, day, service_code, window_no, staff_no, level, reason, received_at)
    SELECT r.*, $2::timestamptz FROM jsonb_to_recordset($1::jsonb)
      AS r(hall_id text, ticket_id text, idempotency_key text, at timestamptz, day text, service_code text,
           window_no integer, staff_no text, level smallint, reason text)
    ON CONFLICT (hall_id, ticket_id) DO NOTHING
    RETURNING hall_id, day, level
  )
  INSERT INTO rating_days (hall_id, day, total, good)
  SELECT hall_id, day, count(*), count(*) FILTER (WHERE level >= 4) FROM inserted GROUP BY hall_id, day ORDER BY hall_id, day
  ON CONFLICT (hall_id, day) DO UPDATE SET total = rating_days.total + EXCLUDED.total, good = rating_days.good + EXCLUDED.good`;

const UPSERT_HEALTH = `
  INSERT INTO device_health (hall_id, at, alarms, alarm_count)
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(hall_id text, at timestamptz, alarms jsonb, alarm_count integer)
  ON CONFLICT (hall_id) DO UPDATE SET at = EXCLUDED.at, alarms = EXCLUDED.alarms, alarm_count = EXCLUDED.alarm_count
  WHERE device_health.at < EXCLUDED.at`;

const COUNT_REFUSALS = `
  INSERT INTO refusals (reason, hall_id, count, last_at)
  SELECT r.reason, r.hall_id, r.count, $2::timestamptz FROM jsonb_to_recordset($1::jsonb) AS r(reason text, hall_id text, count bigint)
  ON CONFLICT (reason, hall_id) DO UPDATE SET count = refusals.count + EXCLUDED.count, last_at = EXCLUDED.last_at`;

// A retained status seen again after a reconnect is older than what is stored, and changes nothing.
const UPSERT_PRESENCE = `
  INSERT INTO presence (hall_id, online, at)
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(hall_id text, online boolean, at timestamptz)
  ON CONFLICT (hall_id) DO UPDATE SET online = EXCLUDED.online, at = EXCLUDED.at
  WHERE presence.at <= EXCLUDED.at
  RETURNING hall_id`;

export class SqlReportSink implements ReportSink {
  readonly #sql: Sql;
  readonly #now: () => number;
  readonly #dayOf: (at: string) => string;

  constructor(sql: Sql, options: ReportSinkOptions) {
    this.#sql = sql;
    this.#now = options.now;
    this.#dayOf = dayIn(options.timeZone ?? 'Asia/Shanghai');
  }

  async write(batch: VerifiedReport[]): Promise<{ stored: number; replayed: number }> {
    if (batch.length === 0) return { stored: 0, replayed: 0 };
    const receivedAt = new Date(this.#now()).toISOString();
    return this.#sql.transaction(async (tx) => {
      const inserted = await tx.query<{ hall_id: string; idempotency_key: string }>(INSERT_REPORTS, [reportRows(batch), receivedAt]);
      const fresh = new Set(inserted.map((row) => `${row.hall_id}\n${row.idempotency_key}`));
      // A batch may carry the same report twice (a redelivery landing next to the original): the first copy is the stored one.
      const stored: VerifiedReport[] = [];
      const replayedBy = new Map<string, number>();
      for (const report of batch) {
        const key = `${report.hallId}\n${report.idempotencyKey}`;
        if (fresh.delete(key)) stored.push(report);
        else replayedBy.set(report.hallId, (replayedBy.get(report.hallId) ?? 0) + 1);
      }
      await this.#applyProjections(tx, stored, receivedAt);
      if (replayedBy.size > 0) {
        const counts = [...replayedBy].sort(([a], [b]) => compare(a, b)).map(([hallId, count]) => ({ reason: 'replayed', hall_id: hallId, count }));
        await tx.query(COUNT_REFUSALS, [JSON.stringify(counts), receivedAt]);
      }
      await notifyChanges(
        tx,
        stored.map((r) => r.hallId),
      );
      return { stored: stored.length, replayed: batch.length - stored.length };
    });
  }

  async #applyProjections(tx: Queryable, stored: VerifiedReport[], receivedAt: string): Promise<void> {
    if (stored.length === 0) return;
    const projection = project(stored, this.#dayOf);
    if (projection.loads.length > 0) await tx.query(UPSERT_LOADS, [JSON.stringify(projection.loads)]);
    if (projection.hours.length > 0) await tx.query(UPSERT_HOURS, [JSON.stringify(projection.hours)]);
    if (projection.ratings.length > 0) await tx.query(INSERT_RATINGS, [JSON.stringify(projection.ratings), receivedAt]);
    if (projection.health.length > 0) await tx.query(UPSERT_HEALTH, [JSON.stringify(projection.health)]);
  }

  async refuse(refusals: readonly Refused[]): Promise<void> {
    if (refusals.length === 0) return;
    const counts = new Map<string, { reason: RefusalReason; hall_id: string; count: number }>();
    for (const { reason, hallId } of refusals) {
      // Only well-formed ids are kept apart: whatever else a sender claims to be is counted under no hall, so junk cannot grow the table.
      const hall = hallId !== undefined && HALL_ID.test(hallId) ? hallId : '';
      const key = `${reason}\n${hall}`;
      const row = counts.get(key);
      if (row) row.count++;
      else counts.set(key, { reason, hall_id: hall, count: 1 });
    }
    const rows = [...counts].sort(([a], [b]) => compare(a, b)).map(([, row]) => row);
    await this.#sql.query(COUNT_REFUSALS, [JSON.stringify(rows), new Date(this.#now()).toISOString()]);
  }

  async presence(changes: readonly PresenceChange[]): Promise<void> {
    // A hall's newest change in the batch; a tie goes to the one that came later.
    const newest = new Map<string, { hall_id: string; online: boolean; at: string; ms: number }>();
    for (const { hallId, online, at } of changes) {
      const ms = Date.parse(at);
      if (Number.isNaN(ms)) throw new TypeError('presence needs an ISO 8601 time');
      const seen = newest.get(hallId);
      if (!seen || ms >= seen.ms) newest.set(hallId, { hall_id: hallId, online, at: new Date(ms).toISOString(), ms });
    }
    if (newest.size === 0) return;
    const rows = [...newest].sort(([a], [b]) => compare(a, b)).map(([, { ms: _ms, ...row }]) => row);
    await this.#sql.transaction(async (tx) => {
      const changed = await tx.query<{ hall_id: string }>(UPSERT_PRESENCE, [JSON.stringify(rows)]);
      if (changed.length > 0)
        await notifyChanges(
          tx,
          changed.map((row) => row.hall_id),
        );
    });
  }

  /** What was refused, per reason and hall (hallId undefined: no hall, or not a well-formed one). */
  async refusals(): Promise<RefusalCount[]> {
    const rows = await this.#sql.query<{ reason: RefusalReason; hall_id: string; count: number }>(
      'SELECT reason, hall_id, count FROM refusals ORDER BY reason, hall_id',
    );
    return rows.map((row) => ({ reason: row.reason, hallId: row.hall_id || undefined, count: row.count }));
  }
}

/**
 * The batch as the JSON array INSERT_REPORTS unpacks. Each body goes in as
 * the text the hall signed, already valid JSON: serialising thousands of
 * parsed bodies again a second would cost the consumer as much as checking them.
 */
function reportRows(batch: readonly VerifiedReport[]): string {
  // In key order, as every table here is written (projections.ts says why).
  const sorted = [...batch].sort((a, b) => compare(a.hallId, b.hallId) || compare(a.idempotencyKey, b.idempotencyKey));
  const rows = sorted.map(
    (r) =>
      `{"hall_id":${JSON.stringify(r.hallId)},"idempotency_key":${JSON.stringify(r.idempotencyKey)},"type":${JSON.stringify(r.type)},"at":${JSON.stringify(r.at)},"body":${r.signedBody}}`,
  );
  return `[${rows.join(',')}]`;
}
