/**
 * The terminal's own SQLite files (the ticket outbox, the filing outbox)
 * hold personal data until the hall has it: readable by the agent's user
 * only, WAL with synchronous=FULL so that what a visitor was told is kept
 * survives a power cut, and migrated by `user_version`, one transaction a
 * step.
 */
import Database from 'better-sqlite3';
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export function openPrivateDatabase(file: string, migrations: readonly string[]): Database.Database {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  chmodSync(file, 0o600);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let v = version; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return db;
}
