/**
 * Hashing and encrypting pages on their own threads. A page's SHA-256 and
 * its AES-256-GCM ciphertext cost about as much CPU as receiving it, and
 * the ciphertext is garbage the moment it is written; done on the main
 * thread, both would stall every other request of the hall and swell the
 * collector's work on the hall's large heap. Here the main thread only
 * copies the bytes it receives into batches, moves each batch to the thread
 * without serialising it, and awaits the outcome.
 *
 * Threads start on the first page, not with the hall: most halls' servers
 * run for hours before anyone files, and tests start hundreds of halls.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export type SealerRequest =
  | { op: 'begin'; id: number; sha256: string; temp?: string }
  | { op: 'chunk'; id: number; data: Uint8Array }
  | { op: 'end'; id: number; final?: string }
  | { op: 'abort'; id: number };

export type SealerReply = { id: number; ok: true; digest: string; placed: boolean } | { id: number; ok: false; error: string };

/** Bytes moved to the thread per message. */
const BATCH_BYTES = 256 * 1024;

type Lane = {
  worker: Worker;
  pending: Map<number, { resolve: (r: { digest: string; placed: boolean }) => void; reject: (e: Error) => void }>;
  active: number;
  /** Why its thread is gone, once it is. */
  failure?: Error;
};

/** One page being received: feed it, then end or abort it. */
export type SealingPage = {
  write(chunk: Uint8Array): void;
  /** Hashes the rest; when `final` is given and the hash is `sha256`, the file is synced and renamed there. */
  end(final?: string): Promise<{ digest: string; placed: boolean }>;
  abort(): Promise<void>;
};

export class PageSealer {
  readonly #key: Uint8Array;
  readonly #size: number;
  readonly #lanes: Lane[] = [];
  #nextId = 1;
  #closed = false;

  constructor(key: Uint8Array, threads = Math.max(1, Math.min(2, availableParallelism()))) {
    this.#key = key;
    this.#size = threads;
  }

  #lane(): Lane {
    if (this.#closed) throw new Error('the page sealer is closed');
    while (this.#lanes.length < this.#size) this.#lanes.push(this.#start());
    // The least busy thread: pages of one filing arrive together and should not share one.
    return this.#lanes.reduce((a, b) => (b.active < a.active ? b : a));
  }

  #start(): Lane {
    const worker = new Worker(new URL('./page-sealer-worker.ts', import.meta.url), { workerData: { key: this.#key } });
    const lane: Lane = { worker, pending: new Map(), active: 0 };
    worker.unref();
    worker.on('message', (reply: SealerReply) => {
      const waiter = lane.pending.get(reply.id);
      if (!waiter) return;
      lane.pending.delete(reply.id);
      if (reply.ok) waiter.resolve({ digest: reply.digest, placed: reply.placed });
      else waiter.reject(new Error(reply.error));
    });
    const fail = (err: Error) => {
      lane.failure ??= err;
      for (const w of lane.pending.values()) w.reject(err);
      lane.pending.clear();
      const at = this.#lanes.indexOf(lane);
      if (at >= 0) this.#lanes.splice(at, 1);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the page sealer thread exited (${code})`)));
    return lane;
  }

  /** Starts a page: with `temp`, its sealed bytes go to that new file; without, it is only hashed. */
  begin(sha256: string, temp?: string): SealingPage {
    const lane = this.#lane();
    const id = this.#nextId++;
    lane.active++;
    lane.worker.postMessage({ op: 'begin', id, sha256, temp } satisfies SealerRequest);
    let done = false;
    // Bytes are gathered into batches and each batch moved to the thread: every message has a fixed cost.
    let batch: Uint8Array = Buffer.allocUnsafeSlow(BATCH_BYTES);
    let filled = 0;
    const flush = () => {
      if (filled === 0) return;
      // allocUnsafeSlow: a buffer of its own (not a slice of Node's pool), so it can be moved; and not zeroed, since it is overwritten.
      const data = filled === batch.length ? batch : Uint8Array.prototype.slice.call(batch, 0, filled);
      lane.worker.postMessage({ op: 'chunk', id, data } satisfies SealerRequest, [data.buffer as ArrayBuffer]);
      batch = Buffer.allocUnsafeSlow(BATCH_BYTES);
      filled = 0;
    };
    const settle = (op: 'end' | 'abort', final?: string) => {
      if (done) return Promise.reject(new Error('this page is already ended'));
      done = true;
      if (op === 'end') flush();
      return new Promise<{ digest: string; placed: boolean }>((resolve, reject) => {
        if (lane.failure) return reject(lane.failure);
        lane.pending.set(id, { resolve, reject });
        lane.worker.postMessage((op === 'end' ? { op, id, final } : { op, id }) satisfies SealerRequest);
      }).finally(() => lane.active--);
    };
    return {
      // The parser's buffers are not ours to hand away: their bytes are copied into the batch.
      write: (data) => {
        let at = 0;
        while (at < data.length) {
          const n = Math.min(data.length - at, batch.length - filled);
          batch.set(data.subarray(at, at + n), filled);
          filled += n;
          at += n;
          if (filled === batch.length) flush();
        }
      },
      end: (final) => settle('end', final),
      abort: async () => void (await settle('abort')),
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#lanes.splice(0).map((l) => l.worker.terminate()));
  }
}
