/**
 * Turns hall messages into stored reports, a batch at a time: up to
 * `batchSize` messages or `batchMs` milliseconds, each batch checked
 * (`envelope.ts`), its reports written in one `sink.write`, its refusals
 * counted, its presence changes passed on — and only then each message
 * settled. What "settled" means is the caller's: the consumer sends its
 * PUBACK to the broker; the embedded broker lets the hall's own PUBACK go.
 *
 * While the store is down a batch is retried with backoff and nothing is
 * settled, so whoever delivered the messages still holds them.
 */
import { Backoff } from '@hall/common';
import type { Logger } from '@hall/common/log';
import { silentLogger } from '@hall/common/log';
import type { HallAccount, HallDirectory, RefusalReason, ReportSink, VerifiedReport } from '../ports.ts';
import { type Presence, readPresence, readTopic, verifyReport } from './envelope.ts';

export type IngestOptions = {
  directory: Pick<HallDirectory, 'hall'>;
  sink: ReportSink;
  batchSize?: number;
  batchMs?: number;
  /** Waits between attempts while the store is down. */
  retry?: { initialMs: number; maxMs: number };
  log?: Logger;
};

export type IngestCounters = {
  stored: number;
  replayed: number;
  refused: Record<RefusalReason, number>;
  presence: number;
  batches: number;
  /** Calls to the hall directory or the sink that failed and were tried again. */
  writeRetries: number;
};

export type Incoming = { topic: string; payload: Buffer; receivedAt: number; settle(): void };

/** Thrown inside a batch when ingest closes while the store is down: the batch stays unsettled. */
class Abandoned extends Error {}

export class BatchIngest {
  readonly #options: Required<Pick<IngestOptions, 'batchSize' | 'batchMs' | 'retry'>> & IngestOptions;
  readonly #log: Logger;
  #pending: Incoming[] = [];
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> | undefined;
  #closed = false;
  #wakeRetry: (() => void) | undefined;
  readonly #counters: IngestCounters = {
    stored: 0,
    replayed: 0,
    refused: { 'bad-signature': 0, 'unknown-hall': 0, malformed: 0, replayed: 0, 'wrong-topic': 0 },
    presence: 0,
    batches: 0,
    writeRetries: 0,
  };

  constructor(options: IngestOptions) {
    this.#options = { batchSize: 200, batchMs: 100, retry: { initialMs: 200, maxMs: 30_000 }, ...options };
    if (!(this.#options.batchSize >= 1)) throw new TypeError('batchSize must be at least 1');
    this.#log = options.log ?? silentLogger;
  }

  get batchSize(): number {
    return this.#options.batchSize;
  }

  counters(): IngestCounters {
    return { ...this.#counters, refused: { ...this.#counters.refused } };
  }

  push(message: Incoming): void {
    this.#pending.push(message);
    this.#schedule();
  }

  /** Stops: a batch being written finishes; one waiting for the store is abandoned unsettled, as are messages not yet batched. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#wakeRetry?.();
    await this.#flushing;
  }

  #schedule(): void {
    if (this.#flushing || this.#closed) return;
    if (this.#pending.length >= this.#options.batchSize) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#flush();
    } else if (!this.#timer) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#flush();
      }, this.#options.batchMs);
    }
  }

  #flush(): void {
    this.#flushing = (async () => {
      while (!this.#closed && this.#pending.length) {
        const batch = this.#pending.splice(0, this.#options.batchSize);
        try {
          await this.#store(batch);
        } catch (error) {
          if (error instanceof Abandoned) return;
          throw error;
        }
        if (this.#pending.length < this.#options.batchSize) break;
      }
    })()
      .catch((error) => this.#log.error('a batch could not be handled', { error }))
      .finally(() => {
        this.#flushing = undefined;
        if (this.#pending.length) this.#schedule();
      });
  }

  async #store(batch: Incoming[]): Promise<void> {
    const hallIds = [...new Set(batch.map((m) => readTopic(m.topic)?.hallId).filter((id) => id !== undefined))];
    const found = await this.#untilDone(() => Promise.all(hallIds.map((id) => this.#options.directory.hall(id))));
    const accounts = new Map<string, HallAccount | undefined>(hallIds.map((id, i) => [id, found[i]]));

    const reports: VerifiedReport[] = [];
    const keys = new Set<string>();
    const refusals: { reason: RefusalReason; hallId: string | undefined }[] = [];
    const presence: Presence[] = [];
    let replayedHere = 0;
    for (const m of batch) {
      const where = readTopic(m.topic);
      const account = where ? accounts.get(where.hallId) : undefined;
      if (where?.kind === 'status') {
        const read = readPresence(m.topic, m.payload, account, new Date(m.receivedAt).toISOString());
        if (read.ok === true) presence.push(read.value);
        else if (read.ok === false) refusals.push({ reason: read.reason, hallId: read.hallId });
        continue;
      }
      const verified = verifyReport(m.topic, m.payload, account);
      if (!verified.ok) {
        refusals.push({ reason: verified.reason, hallId: verified.hallId });
        continue;
      }
      // A message redelivered while its first copy is still in this batch is written once.
      const key = `${verified.value.hallId}\n${verified.value.idempotencyKey}`;
      if (keys.has(key)) replayedHere++;
      else keys.add(key), reports.push(verified.value);
    }

    if (reports.length) {
      const { stored, replayed } = await this.#untilDone(() => this.#options.sink.write(reports));
      this.#counters.stored += stored;
      this.#counters.replayed += replayed;
    }
    this.#counters.replayed += replayedHere;
    // One at a time, so a retry after a failure does not count the earlier ones twice.
    for (const r of refusals) {
      await this.#untilDone(() => this.#options.sink.refuse(r.reason, r.hallId));
      this.#counters.refused[r.reason]++;
      this.#log.warn('hall message refused', { reason: r.reason, hallId: r.hallId });
    }
    for (const p of presence) {
      await this.#untilDone(() => this.#options.sink.presence(p.hallId, p.online, p.at));
      this.#counters.presence++;
    }
    for (const m of batch) m.settle();
    this.#counters.batches++;
  }

  /** Runs a store call until it succeeds, waiting with backoff between failures; gives up only on close. */
  async #untilDone<T>(call: () => Promise<T>): Promise<T> {
    const backoff = new Backoff(this.#options.retry.initialMs, this.#options.retry.maxMs);
    for (;;) {
      try {
        return await call();
      } catch (error) {
        if (this.#closed) throw new Abandoned();
        this.#counters.writeRetries++;
        const waitMs = backoff.next();
        this.#log.warn('the report store failed; the batch stays unsettled and is tried again', { error, waitMs });
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, waitMs);
          this.#wakeRetry = () => (clearTimeout(timer), resolve());
        });
        this.#wakeRetry = undefined;
      }
    }
  }
}
