/**
 * The hall's security log: who did what to whom on the hall floor. Manager
 * controls, every reveal of personal data (who, which ticket or filing, why),
 * authentication and PIN failures, lockouts, cancels, filing status changes
 * and token changes. Rows are only ever added: SQLite triggers refuse updates
 * and deletes, and each row carries a SHA-256 over the previous row's hash
 * and its own content, so a row changed or removed by hand breaks the chain
 * that `hall-server audit verify` checks. Rows are kept for at least
 * AUDIT_RETENTION_DAYS; nothing in the hall deletes them.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { AuditEntry } from '../protocol.ts';

export const AUDIT_RETENTION_DAYS = 180;

export type AuditRecord = {
  day: string;
  at: number;
  actor: { role: string; name: string; id?: string; staffNo?: string };
  operation: string;
  target: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  confirmed?: boolean;
};

type Row = {
  id: number;
  day: string;
  at: number;
  role: string;
  name: string;
  token_id: string | null;
  staff_no: string | null;
  operation: string;
  target: string;
  before: string | null;
  after: string | null;
  confirmed: number;
  hash: string | null;
};

const GENESIS = '0'.repeat(64);

/** The row's content in a fixed order, so the same row always hashes the same. */
function rowHash(previous: string, r: Omit<Row, 'id' | 'hash'>): string {
  const content = JSON.stringify([r.day, r.at, r.role, r.name, r.token_id, r.staff_no, r.operation, r.target, r.before, r.after, r.confirmed]);
  return createHash('sha256').update(previous).update('\n').update(content).digest('hex');
}

export type ChainCheck = { ok: true; entries: number } | { ok: false; entries: number; brokenAt: number; reason: string };

/** Walks the whole log in order and recomputes every hash. */
export function verifyChain(db: Database.Database): ChainCheck {
  let previous = GENESIS;
  let entries = 0;
  for (const row of db.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as IterableIterator<Row>) {
    entries++;
    if (row.hash === null) return { ok: false, entries, brokenAt: row.id, reason: 'row has no hash' };
    const expected = rowHash(previous, row);
    if (expected !== row.hash)
      return { ok: false, entries, brokenAt: row.id, reason: 'row does not match its hash, or a row before it was changed or removed' };
    previous = row.hash;
  }
  return { ok: true, entries };
}

export class AuditLog {
  readonly #db: Database.Database;
  readonly #insert;
  readonly #last;
  readonly #range;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#chainOlderRows();
    db.exec(`
      CREATE TRIGGER IF NOT EXISTS audit_log_append_only_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the security log is append-only'); END;
      CREATE TRIGGER IF NOT EXISTS audit_log_append_only_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the security log is append-only'); END;
    `);
    this.#insert = db.prepare(
      'INSERT INTO audit_log (day, at, role, name, token_id, staff_no, operation, target, before, after, confirmed, hash) VALUES (@day, @at, @role, @name, @token_id, @staff_no, @operation, @target, @before, @after, @confirmed, @hash)',
    );
    // Read from the database each time rather than kept in memory: a rolled-back change takes its row with it.
    this.#last = db.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').pluck();
    this.#range = db.prepare('SELECT * FROM audit_log WHERE day BETWEEN ? AND ? ORDER BY id');
  }

  /** Rows written before the chain existed get their hashes once, in order, before the log is sealed. */
  #chainOlderRows(): void {
    const unchained = this.#db.prepare('SELECT COUNT(*) FROM audit_log WHERE hash IS NULL').pluck().get() as number;
    if (unchained === 0) return;
    this.#db.exec('DROP TRIGGER IF EXISTS audit_log_append_only_update');
    const update = this.#db.prepare('UPDATE audit_log SET hash = ? WHERE id = ?');
    this.#db.transaction(() => {
      let previous = GENESIS;
      for (const row of this.#db.prepare('SELECT * FROM audit_log ORDER BY id').all() as Row[]) {
        const hash = row.hash ?? rowHash(previous, row);
        if (row.hash === null) update.run(hash, row.id);
        previous = hash;
      }
    })();
  }

  record(r: AuditRecord): number {
    const row: Omit<Row, 'id' | 'hash'> = {
      day: r.day,
      at: r.at,
      role: r.actor.role,
      name: r.actor.name,
      token_id: r.actor.id ?? null,
      staff_no: r.actor.staffNo ?? null,
      operation: r.operation,
      target: r.target,
      before: r.before ? JSON.stringify(r.before) : null,
      after: r.after ? JSON.stringify(r.after) : null,
      confirmed: r.confirmed ? 1 : 0,
    };
    const previous = (this.#last.get() as string | null | undefined) ?? GENESIS;
    const info = this.#insert.run({ ...row, hash: rowHash(previous, row) });
    return Number(info.lastInsertRowid);
  }

  /** Runs `change` and writes its row in one transaction: both land, or neither. */
  atomically<T>(change: () => T, record: (result: T) => AuditRecord): T {
    return this.#db.transaction(() => {
      const result = change();
      this.record(record(result));
      return result;
    })();
  }

  list(fromDay: string, toDay: string): AuditEntry[] {
    return (this.#range.all(fromDay, toDay) as Row[]).map((row) => ({
      id: row.id,
      at: new Date(row.at).toISOString(),
      actor: { role: row.role, name: row.name, ...(row.staff_no ? { staffNo: row.staff_no } : {}) },
      operation: row.operation,
      target: row.target,
      before: row.before ? (JSON.parse(row.before) as Record<string, unknown>) : undefined,
      after: row.after ? (JSON.parse(row.after) as Record<string, unknown>) : undefined,
      confirmed: row.confirmed === 1,
    }));
  }
}

/**
 * The hook a TokenStore writes its changes to the security log with: the
 * hall day from the hall's time zone, the token's id and role (never its
 * name, which may be a person's), and who made the change.
 */
export function tokenAudit(log: AuditLog, dayOf: (at: number) => string, actor: AuditRecord['actor'], now: () => number = Date.now) {
  return (operation: string, tokenId: string, details: Record<string, unknown>): void => {
    const at = now();
    log.record({ day: dayOf(at), at, actor, operation, target: `token:${tokenId}`, after: details });
  };
}
