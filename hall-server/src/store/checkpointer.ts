/**
 * Moves WAL checkpoints off the commit path. SQLite's automatic checkpoint
 * runs inside whichever commit crosses the threshold, which puts the copy of
 * a thousand pages into one visitor's issue. Here a worker thread checkpoints
 * every second instead; if it fails, automatic checkpoints come back.
 */
import type Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';

export class Checkpointer {
  readonly #db: Database.Database;
  #worker: Worker | undefined;

  constructor(db: Database.Database, file: string, intervalMs = 1_000) {
    this.#db = db;
    db.pragma('wal_autocheckpoint = 0');
    this.#worker = new Worker(new URL('./checkpoint-worker.ts', import.meta.url), { workerData: { file, intervalMs } });
    this.#worker.unref();
    const fallBack = () => {
      if (!this.#worker) return;
      this.#worker = undefined;
      if (this.#db.open) this.#db.pragma('wal_autocheckpoint = 1000');
    };
    this.#worker.on('error', fallBack);
    this.#worker.on('exit', fallBack);
  }

  async stop(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    this.#worker = undefined;
    await new Promise<void>((resolve) => {
      const done = setTimeout(resolve, 2_000);
      worker.once('message', () => {
        clearTimeout(done);
        resolve();
      });
      worker.postMessage('stop');
    });
    await worker.terminate();
    if (this.#db.open) this.#db.pragma('wal_autocheckpoint = 1000');
  }
}
