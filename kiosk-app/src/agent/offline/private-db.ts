/**
 * The terminal's own SQLite files (the ticket outbox, the filing outbox)
 * hold personal data until the hall has it: readable by the agent's user
 * only, WAL with synchronous=FULL so that what a visitor was told is kept
 * survives a power cut, and migrated by `user_version`, one transaction a
 * step. Small values go in a `kv` table that each file's migrations create.
 */
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

export function openPrivateDatabase(file: string, migrations: readonly string[]): Database.Database {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // Made 0600 before SQLite opens it: SQLite gives the -wal and -shm its mode.
  if (!existsSync(file)) closeSync(openSync(file, 'wx', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(path)) chmodSync(path, 0o600);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // Personal data erased on acknowledgement is overwritten, not left in free pages.
  db.pragma('secure_delete = ON');
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let v = version; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return db;
}

/** A small value (a cached catalogue, a guide, the last snapshot) from the file's `kv (key, value)` table. */
export function readJson<T>(db: Database.Database, key: string): T | undefined {
  const row = db.prepare('SELECT value FROM kv WHERE key = ?').get(key) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as T) : undefined;
}

export function writeJson(db: Database.Database, key: string, value: unknown): void {
  db.prepare('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
}
