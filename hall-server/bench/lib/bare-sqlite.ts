/**
 * The storage floor: better-sqlite3 with the hall's durability settings
 * (WAL, synchronous=FULL) and nothing else — one autocommitted INSERT per
 * ticket, so one WAL sync per row, as the hall has one per command.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';

export type BareTable = {
  /** Inserts one row (a ticket-sized JSON text) and commits it durably. */
  insert(): void;
  close(): void;
};

export function openBareTable(dir: string, rowJson: string): BareTable {
  const db = new Database(join(dir, 'bare.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE IF NOT EXISTS tickets (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, data TEXT NOT NULL)');
  const stmt = db.prepare('INSERT INTO tickets (at, data) VALUES (?, ?)');
  return {
    insert: () => void stmt.run(Date.now(), rowJson),
    close: () => db.close(),
  };
}
