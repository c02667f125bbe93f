/**
 * Store-and-forward: reports wait in a table of the hall's own SQLite file
 * until the city platform acknowledges them, in the order they were made.
 * The idempotency key is fixed when a report is stored, so every retry
 * carries the same key and the receiver can drop duplicates.
 */
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';

export type OutboxItem = { id: number; kind: string; key: string; body: string; attempts: number; createdAt: number };

export class Outbox {
  readonly #db: Database.Database;
  readonly #stmt;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#stmt = {
      add: db.prepare('INSERT INTO upstream_outbox (kind, key, body, created_at, attempts, next_at) VALUES (?, ?, ?, ?, 0, 0)'),
      due: db.prepare('SELECT id, kind, key, body, attempts, created_at AS createdAt FROM upstream_outbox WHERE delivered_at IS NULL ORDER BY id LIMIT ?'),
      delivered: db.prepare('UPDATE upstream_outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?'),
      failed: db.prepare('UPDATE upstream_outbox SET attempts = attempts + 1, last_error = ?, next_at = ? WHERE id = ?'),
      backlog: db.prepare('SELECT count(*) AS n, min(created_at) AS oldest FROM upstream_outbox WHERE delivered_at IS NULL'),
      prune: db.prepare('DELETE FROM upstream_outbox WHERE delivered_at IS NOT NULL AND delivered_at < ?'),
    };
  }

  /** Adds a report; call inside the transaction that makes it true, so it can never be lost. */
  add(kind: string, body: string, at: number, key: string = randomUUID()): void {
    this.#stmt.add.run(kind, key, body, at);
  }

  /** The oldest undelivered reports, in order. */
  due(limit: number): OutboxItem[] {
    return this.#stmt.due.all(limit) as OutboxItem[];
  }

  markDelivered(ids: readonly number[], at: number): void {
    this.#db.transaction(() => {
      for (const id of ids) this.#stmt.delivered.run(at, id);
    })();
  }

  markFailed(id: number, error: string, nextAt: number): void {
    this.#stmt.failed.run(error.slice(0, 500), nextAt, id);
  }

  backlog(): { count: number; oldestAt?: number } {
    const row = this.#stmt.backlog.get() as { n: number; oldest: number | null };
    return { count: row.n, oldestAt: row.oldest ?? undefined };
  }

  /** Delivered reports are kept a week for inspection, then dropped. */
  prune(before: number): number {
    return this.#stmt.prune.run(before).changes;
  }
}
