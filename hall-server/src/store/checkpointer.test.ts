import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Checkpointer } from './checkpointer.ts';

const until = async (what: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('the checkpoint thread', () => {
  const open: { dir: string; db: Database.Database; checkpointer?: Checkpointer }[] = [];
  afterEach(async () => {
    for (const o of open.splice(0)) {
      await o.checkpointer?.stop();
      o.db.close();
      rmSync(o.dir, { recursive: true, force: true });
    }
  });

  function database() {
    const dir = mkdtempSync(join(tmpdir(), 'checkpointer-'));
    const file = join(dir, 'hall.db');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (x TEXT)');
    const entry: (typeof open)[number] = { dir, db };
    open.push(entry);
    return { file, db, entry };
  }

  /** Pages the log holds that the database file has not taken in yet. */
  const pending = (db: Database.Database) => {
    const [row] = db.pragma('wal_checkpoint(NOOP)') as { log: number; checkpointed: number }[];
    return row!.log - row!.checkpointed;
  };

  it('is not there while the hall writes nothing, starts with the first write, copies the log, and stops when writing stops', async () => {
    const { file, db, entry } = database();
    const checkpointer = new Checkpointer(db, file, { intervalMs: 50, idleMs: 400 });
    entry.checkpointer = checkpointer;
    await new Promise((r) => setTimeout(r, 200));
    expect(checkpointer.running).toBe(false);

    const insert = db.prepare('INSERT INTO t VALUES (?)');
    for (let i = 0; i < 200; i++) insert.run('x'.repeat(500));
    expect(pending(db)).toBeGreaterThan(0);
    await until(() => checkpointer.running);
    await until(() => pending(db) === 0);

    await until(() => !checkpointer.running);
    expect(statSync(file).size).toBeGreaterThan(200 * 500);
  });

  it('leaves commits to checkpoint nothing themselves, and gives that back when it stops', async () => {
    const { file, db, entry } = database();
    entry.checkpointer = new Checkpointer(db, file, { intervalMs: 50 });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await entry.checkpointer.stop();
    entry.checkpointer = undefined;
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });
});
