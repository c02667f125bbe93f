/**
 * Moves WAL checkpoints off the commit path. SQLite's automatic checkpoint
 * runs inside whichever commit crosses the threshold, which puts the copy of
 * a thousand pages into one visitor's issue. Here a worker thread checkpoints
 * every second instead; if it fails, automatic checkpoints come back.
 *
 * The thread is there only while the hall writes. A Node worker is a whole
 * V8 instance, about 19 MB of memory, and a hall is quiet at night, at
 * lunch and right after start-up. The main thread looks at the log's
 * modification time once a second (a stat, microseconds): a change starts
 * the thread, and a minute without one stops it after a last checkpoint.
 */
import type Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

export type CheckpointerOptions = {
  /** How often the thread checkpoints, and the main thread looks for writes. */
  intervalMs?: number;
  /** How long without a write before the thread stops. */
  idleMs?: number;
};

export class Checkpointer {
  readonly #db: Database.Database;
  readonly #file: string;
  readonly #intervalMs: number;
  readonly #idleMs: number;
  readonly #watch: NodeJS.Timeout;
  #worker: Worker | undefined;
  #stopping: Promise<void> | undefined;
  #lastWrite: number;
  #quietSince = performance.now();
  #failed = false;

  constructor(db: Database.Database, file: string, options: CheckpointerOptions = {}) {
    this.#db = db;
    this.#file = file;
    this.#intervalMs = options.intervalMs ?? 1_000;
    this.#idleMs = options.idleMs ?? 60_000;
    db.pragma('wal_autocheckpoint = 0');
    // What start-up wrote is copied now, while nobody waits on a commit; the thread is for what comes next.
    db.pragma('wal_checkpoint(PASSIVE)');
    this.#lastWrite = this.#walModified();
    this.#watch = setInterval(() => this.#look(), this.#intervalMs);
    this.#watch.unref();
  }

  /** Whether the checkpoint thread is running now. */
  get running(): boolean {
    return this.#worker !== undefined;
  }

  #walModified(): number {
    return statSync(`${this.#file}-wal`, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  }

  #look(): void {
    if (this.#failed) return;
    const modified = this.#walModified();
    if (modified !== this.#lastWrite) {
      this.#lastWrite = modified;
      this.#quietSince = performance.now();
      if (!this.#worker && !this.#stopping) this.#start();
    } else if (this.#worker && performance.now() - this.#quietSince >= this.#idleMs) {
      void this.#retire();
    }
  }

  #start(): void {
    const worker = new Worker(new URL('./checkpoint-worker.ts', import.meta.url), { workerData: { file: this.#file, intervalMs: this.#intervalMs } });
    this.#worker = worker;
    worker.unref();
    const fallBack = () => {
      if (this.#worker !== worker) return;
      this.#worker = undefined;
      this.#failed = true;
      clearInterval(this.#watch);
      if (this.#db.open) this.#db.pragma('wal_autocheckpoint = 1000');
    };
    worker.on('error', fallBack);
    worker.on('exit', fallBack);
  }

  /** Stops the thread after its last checkpoint. */
  #retire(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return this.#stopping ?? Promise.resolve();
    this.#worker = undefined;
    this.#stopping = (async () => {
      await new Promise<void>((resolve) => {
        const done = setTimeout(resolve, 2_000);
        worker.once('message', () => {
          clearTimeout(done);
          resolve();
        });
        worker.postMessage('stop');
      });
      await worker.terminate();
    })().finally(() => {
      this.#stopping = undefined;
    });
    return this.#stopping;
  }

  async stop(): Promise<void> {
    clearInterval(this.#watch);
    await this.#retire();
    if (this.#db.open) this.#db.pragma('wal_autocheckpoint = 1000');
  }
}
