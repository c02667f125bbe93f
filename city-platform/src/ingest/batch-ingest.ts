/**
 * Turns hall messages into stored reports, a batch at a time: up to
 * `batchSize` messages or `batchMs` milliseconds, each batch checked
 * (`envelope.ts`), its reports written in one `sink.write`, its refusals
 * counted, its presence changes passed on — and only then each message
 * settled. What "settled" means is the caller's: the consumer sends its
 * PUBACK to the broker; the embedded broker lets the hall's own PUBACK go.
 *
 * Up to `inFlight` batches are handled at once (default 2): while one is
 * being written, the next is checked and sent, so the database always has
 * work and a single consumer uses a second core. Batches settle in the order
 * they were taken, whichever commits first, as MQTT wants acknowledgements
 * in the order messages came.
 *
 * While the store is down a batch is retried with backoff and nothing is
 * settled, so whoever delivered the messages still holds them.
 */
import { Backoff } from '@hall/common';
import type { Logger } from '@hall/common/log';
import { silentLogger } from '@hall/common/log';
import type { HallAccount, HallDirectory, PresenceChange, RefusalReason, Refused, ReportSink, VerifiedReport } from '../ports.ts';
import { readPresence, readTopic, verifyReport } from './envelope.ts';

export type IngestOptions = {
  directory: Pick<HallDirectory, 'hall'>;
  sink: ReportSink;
  batchSize?: number;
  batchMs?: number;
  /** Batches handled at once; 1 writes one after the other. */
  inFlight?: number;
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
  readonly #options: Required<Pick<IngestOptions, 'batchSize' | 'batchMs' | 'retry' | 'inFlight'>> & IngestOptions;
  readonly #log: Logger;
  #pending: Incoming[] = [];
  #timer: NodeJS.Timeout | undefined;
  readonly #handling = new Set<Promise<void>>();
  /** Settles when the batch taken last has settled (or been abandoned): the next one settles after it. */
  #lastSettled: Promise<void> = Promise.resolve();
  #closed = false;
  readonly #wakeRetries = new Set<() => void>();
  readonly #counters: IngestCounters = {
    stored: 0,
    replayed: 0,
    refused: { 'bad-signature': 0, 'unknown-hall': 0, malformed: 0, replayed: 0, 'wrong-topic': 0 },
    presence: 0,
    batches: 0,
    writeRetries: 0,
  };

  constructor(options: IngestOptions) {
    this.#options = { batchSize: 200, batchMs: 100, inFlight: 2, retry: { initialMs: 200, maxMs: 30_000 }, ...options };
    if (!(this.#options.batchSize >= 1)) throw new TypeError('batchSize must be at least 1');
    if (!Number.isInteger(this.#options.inFlight) || this.#options.inFlight < 1) throw new TypeError('inFlight must be a positive integer');
    this.#log = options.log ?? silentLogger;
  }

  get batchSize(): number {
    return this.#options.batchSize;
  }

  /** How many batches may be written at once. */
  get inFlight(): number {
    return this.#options.inFlight;
  }

  counters(): IngestCounters {
    return { ...this.#counters, refused: { ...this.#counters.refused } };
  }

  push(message: Incoming): void {
    this.#pending.push(message);
    this.#schedule();
  }

  /** Stops: batches being written finish; one waiting for the store is abandoned unsettled, as are messages not yet batched. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    for (const wake of this.#wakeRetries) wake();
    while (this.#handling.size > 0) await Promise.all(this.#handling);
  }

  #schedule(): void {
    if (this.#closed) return;
    const { batchSize, inFlight } = this.#options;
    while (this.#pending.length >= batchSize && this.#handling.size < inFlight) this.#take();
    if (this.#pending.length === 0 || this.#handling.size >= inFlight) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    } else if (!this.#timer) {
      // A part batch waits `batchMs` for company; a full one never waits.
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        if (!this.#closed && this.#pending.length > 0 && this.#handling.size < this.#options.inFlight) this.#take();
        this.#schedule();
      }, this.#options.batchMs);
    }
  }

  /** Takes the next batch: written at once, settled after the batch taken before it. */
  #take(): void {
    const batch = this.#pending.splice(0, this.#options.batchSize);
    const before = this.#lastSettled;
    const handled = (async () => {
      let written = false;
      try {
        await this.#store(batch);
        written = true;
      } catch (error) {
        if (!(error instanceof Abandoned)) this.#log.error('a batch could not be handled', { error });
      }
      await before;
      if (!written) return;
      for (const m of batch) m.settle();
      this.#counters.batches++;
    })();
    this.#lastSettled = handled;
    this.#handling.add(handled);
    void handled.finally(() => {
      this.#handling.delete(handled);
      this.#schedule();
    });
  }

  async #store(batch: Incoming[]): Promise<void> {
    const hallIds = [...new Set(batch.map((m) => readTopic(m.topic)?.hallId).filter((id) => id !== undefined))];
    const found = await this.#untilDone(() => Promise.all(hallIds.map((id) => this.#options.directory.hall(id))));
    const accounts = new Map<string, HallAccount | undefined>(hallIds.map((id, i) => [id, found[i]]));

    const reports: VerifiedReport[] = [];
    const keys = new Set<string>();
    const refusals: Refused[] = [];
    const presence: PresenceChange[] = [];
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
    // Each in one transaction, so a retry after a failure counts nothing twice.
    if (refusals.length) {
      await this.#untilDone(() => this.#options.sink.refuse(refusals));
      for (const r of refusals) {
        this.#counters.refused[r.reason]++;
        this.#log.warn('hall message refused', { reason: r.reason, hallId: r.hallId });
      }
    }
    if (presence.length) {
      await this.#untilDone(() => this.#options.sink.presence(presence));
      this.#counters.presence += presence.length;
    }
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
          const wake = () => (clearTimeout(timer), this.#wakeRetries.delete(wake), resolve());
          const timer = setTimeout(wake, waitMs);
          this.#wakeRetries.add(wake);
        });
      }
    }
  }
}
