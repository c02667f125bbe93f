/**
 * What both outboxes at the terminal stand on (the ticket outbox, the
 * filing outbox): their private SQLite file (private-db.ts), the sealer of
 * what a visitor left in it (outbox-sealer.ts), and the small values cached
 * in its `kv` table. Rows an older agent wrote in the clear are sealed as
 * the file opens.
 */
import type Database from 'better-sqlite3';
import { OutboxSealer } from './outbox-sealer.ts';
import { openPrivateDatabase, readJson, writeJson } from './private-db.ts';

export type SealedOutboxOptions = {
  /** The outboxes' key (default `outbox.key` beside the file, shared by both outboxes). */
  keyFile?: string;
};

export type OutboxLayout = {
  migrations: readonly string[];
  /** A query that answers a row when anything in the file is sealed: a missing key is then an error, never a new key. */
  anySealed: string;
  /** Seals what an older agent wrote in the clear, erasing the clear copies (secure_delete); whether it found any. */
  sealClearRows(db: Database.Database, sealer: OutboxSealer): boolean;
};

export class SealedOutbox {
  readonly file: string;
  protected readonly db: Database.Database;
  protected readonly sealer: OutboxSealer;

  constructor(file: string, layout: OutboxLayout, options: SealedOutboxOptions) {
    this.file = file;
    const db = openPrivateDatabase(file, layout.migrations);
    this.db = db;
    this.sealer = OutboxSealer.open(file, { keyFile: options.keyFile, holdsSealed: () => db.prepare(layout.anySealed).get() !== undefined });
    const sealer = this.sealer;
    // The clear copies may still sit in the write-ahead log: fold it in and empty it.
    if (db.transaction(() => layout.sealClearRows(db, sealer))()) db.pragma('wal_checkpoint(TRUNCATE)');
  }

  close(): void {
    this.db.close();
  }

  // --- small values (a cached catalogue or guide, the last snapshot) -----------------

  getJson<T>(key: string): T | undefined {
    return readJson<T>(this.db, key);
  }

  setJson(key: string, value: unknown): void {
    writeJson(this.db, key, value);
  }
}
