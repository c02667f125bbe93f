/**
 * The ratings outbox in SQL. A batch's membership and id are fixed in the
 * database before its first send, so every retry — by this process, after a
 * restart, or by another forwarder — carries the same ratings under the same
 * `Idempotency-Key`. Claims are leases taken with `FOR UPDATE SKIP LOCKED`:
 * two forwarders never pick the same batch, and a forwarder that dies
 * mid-send leaves a lease that simply runs out.
 */
import { randomUUID } from 'node:crypto';
import type { Sql } from '../db/sql.ts';

export type ForwardedRating = {
  hallId: string;
  ticketId: string;
  serviceCode: string;
  windowNo?: number;
  staffNo?: string;
  level: number;
  reason?: string;
  at: string;
};

export type ClaimedBatch = { batchId: string; attempts: number; ratings: ForwardedRating[] };

// One statement, so the batch row and its members appear together or not at all.
const FORM_BATCH = `
  WITH picked AS (
    SELECT hall_id, ticket_id FROM ratings WHERE batch_id IS NULL
    ORDER BY received_at, hall_id, ticket_id LIMIT $2 FOR UPDATE SKIP LOCKED
  ), batch AS (
    INSERT INTO rating_batches (batch_id, created_at, size, next_attempt_at)
    SELECT $1::text, $3::timestamptz, count(*), $3::timestamptz FROM picked HAVING count(*) > 0
    RETURNING batch_id
  )
  UPDATE ratings r SET batch_id = b.batch_id FROM picked p, batch b
  WHERE r.hall_id = p.hall_id AND r.ticket_id = p.ticket_id
  RETURNING r.ticket_id`;

const CLAIM_BATCH = `
  UPDATE rating_batches SET attempts = attempts + 1, lease_until = $2::timestamptz
  WHERE batch_id = (
    SELECT batch_id FROM rating_batches
    WHERE sent_at IS NULL AND next_attempt_at <= $1::timestamptz AND (lease_until IS NULL OR lease_until <= $1::timestamptz)
    ORDER BY next_attempt_at, created_at, batch_id LIMIT 1 FOR UPDATE SKIP LOCKED
  )
  RETURNING batch_id, attempts`;

const BATCH_RATINGS = `
  SELECT hall_id, ticket_id, service_code, window_no, staff_no, level, reason, at FROM ratings
  WHERE batch_id = $1 ORDER BY received_at, hall_id, ticket_id`;

export class RatingBatches {
  readonly #sql: Sql;

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  /** Groups every rating not yet in a batch into batches of at most `size`; returns how many batches it made. */
  async form(size: number, now: number): Promise<number> {
    let made = 0;
    for (;;) {
      const members = await this.#sql.query(FORM_BATCH, [randomUUID(), size, new Date(now).toISOString()]);
      if (members.length === 0) return made;
      made++;
      if (members.length < size) return made;
    }
  }

  /** The next batch due to be sent, leased until `leaseUntil`; undefined when none is due. */
  async claim(now: number, leaseUntil: number): Promise<ClaimedBatch | undefined> {
    const [batch] = await this.#sql.query<{ batch_id: string; attempts: number }>(CLAIM_BATCH, [
      new Date(now).toISOString(),
      new Date(leaseUntil).toISOString(),
    ]);
    if (!batch) return undefined;
    const rows = await this.#sql.query<{
      hall_id: string;
      ticket_id: string;
      service_code: string;
      window_no: number | null;
      staff_no: string | null;
      level: number;
      reason: string | null;
      at: string;
    }>(BATCH_RATINGS, [batch.batch_id]);
    return {
      batchId: batch.batch_id,
      attempts: batch.attempts,
      ratings: rows.map((row) => ({
        hallId: row.hall_id,
        ticketId: row.ticket_id,
        serviceCode: row.service_code,
        ...(row.window_no !== null ? { windowNo: row.window_no } : {}),
        ...(row.staff_no !== null ? { staffNo: row.staff_no } : {}),
        level: row.level,
        ...(row.reason !== null ? { reason: row.reason } : {}),
        at: row.at,
      })),
    };
  }

  /** Acknowledged: never sent again. */
  async markSent(batchId: string, now: number): Promise<void> {
    await this.#sql.query('UPDATE rating_batches SET sent_at = $2, lease_until = NULL, last_error = NULL WHERE batch_id = $1', [
      batchId,
      new Date(now).toISOString(),
    ]);
  }

  /** Not acknowledged: due again at `retryAt`. `error` is a short cause (a status, "timeout"), never a body. */
  async markFailed(batchId: string, retryAt: number, error: string): Promise<void> {
    await this.#sql.query('UPDATE rating_batches SET next_attempt_at = $2, lease_until = NULL, last_error = $3 WHERE batch_id = $1 AND sent_at IS NULL', [
      batchId,
      new Date(retryAt).toISOString(),
      error,
    ]);
  }

  /** What is still to go: ratings not yet batched, and batches not yet acknowledged. */
  async backlog(): Promise<{ unbatchedRatings: number; unsentBatches: number }> {
    const [row] = await this.#sql.query<{ unbatched: number; unsent: number }>(
      `SELECT (SELECT count(*) FROM ratings WHERE batch_id IS NULL) AS unbatched,
              (SELECT count(*) FROM rating_batches WHERE sent_at IS NULL) AS unsent`,
    );
    return { unbatchedRatings: row.unbatched, unsentBatches: row.unsent };
  }
}
