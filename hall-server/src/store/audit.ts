/**
 * Who changed what on the hall floor: every manager control, with the token's
 * name and role, the hall day and time, the operation, its target and a
 * summary of before and after. Rows are only ever added.
 */
import type Database from 'better-sqlite3';
import type { AuditEntry } from '../protocol.ts';

export type AuditRecord = {
  day: string;
  at: number;
  actor: { role: string; name: string; id?: string };
  operation: string;
  target: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  confirmed?: boolean;
};

type Row = { id: number; at: number; role: string; name: string; operation: string; target: string; before: string | null; after: string | null; confirmed: number };

export class AuditLog {
  readonly #insert;
  readonly #range;

  constructor(db: Database.Database) {
    this.#insert = db.prepare('INSERT INTO audit_log (day, at, role, name, token_id, operation, target, before, after, confirmed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    this.#range = db.prepare('SELECT id, at, role, name, operation, target, before, after, confirmed FROM audit_log WHERE day BETWEEN ? AND ? ORDER BY id');
  }

  record(r: AuditRecord): number {
    const info = this.#insert.run(
      r.day,
      r.at,
      r.actor.role,
      r.actor.name,
      r.actor.id ?? null,
      r.operation,
      r.target,
      r.before ? JSON.stringify(r.before) : null,
      r.after ? JSON.stringify(r.after) : null,
      r.confirmed ? 1 : 0,
    );
    return Number(info.lastInsertRowid);
  }

  list(fromDay: string, toDay: string): AuditEntry[] {
    return (this.#range.all(fromDay, toDay) as Row[]).map((row) => ({
      id: row.id,
      at: new Date(row.at).toISOString(),
      actor: { role: row.role, name: row.name },
      operation: row.operation,
      target: row.target,
      before: row.before ? (JSON.parse(row.before) as Record<string, unknown>) : undefined,
      after: row.after ? (JSON.parse(row.after) as Record<string, unknown>) : undefined,
      confirmed: row.confirmed === 1,
    }));
  }
}
