/**
 * Drains the outbox to a sink, oldest first. A failure stops the queue at
 * that report (order matters to the receiver) and retries it with
 * exponential backoff and jitter; once the sink answers again, a backlog of
 * days drains in batches as fast as the receiver acknowledges.
 */
import type { Outbox } from './outbox.ts';
import { DeliveryError, type UpstreamSink } from './sinks.ts';

export type UpstreamStatus = {
  sink: string;
  state: 'idle' | 'delivering' | 'retrying' | 'stopped';
  backlog: number;
  oldestPendingAt?: string;
  lastDeliveredAt?: string;
  lastError?: string;
  nextAttemptAt?: string;
  delivered: number;
};

export type DelivererOptions = {
  batch?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  now?: () => number;
};

export function backoffMs(attempt: number, base: number, max: number, random: () => number): number {
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 20));
  // Full jitter: halls that lost the platform together do not all come back in step.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export class Deliverer {
  readonly #outbox: Outbox;
  readonly #sink: UpstreamSink;
  readonly #batch: number;
  readonly #base: number;
  readonly #max: number;
  readonly #random: () => number;
  readonly #now: () => number;
  readonly #listeners = new Set<(status: UpstreamStatus) => void>();
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #stopped = false;
  #failures = 0;
  #status: UpstreamStatus;

  constructor(outbox: Outbox, sink: UpstreamSink, options: DelivererOptions = {}) {
    this.#outbox = outbox;
    this.#sink = sink;
    this.#batch = options.batch ?? 50;
    this.#base = options.baseDelayMs ?? 1_000;
    this.#max = options.maxDelayMs ?? 5 * 60_000;
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? Date.now;
    this.#status = { sink: sink.name, state: 'idle', backlog: 0, delivered: 0 };
  }

  get status(): UpstreamStatus {
    return this.#status;
  }

  onStatus(listener: (status: UpstreamStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #update(patch: Partial<UpstreamStatus>): void {
    const backlog = this.#outbox.backlog();
    this.#status = {
      ...this.#status,
      ...patch,
      backlog: backlog.count,
      oldestPendingAt: backlog.oldestAt !== undefined ? new Date(backlog.oldestAt).toISOString() : undefined,
    };
    for (const l of this.#listeners) l(this.#status);
  }

  /** Something new is in the outbox: deliver now unless waiting out a failure. */
  kick(): void {
    if (this.#stopped || this.#running || this.#failures > 0) return;
    void this.#drain();
  }

  start(): void {
    this.#stopped = false;
    this.#update({ state: 'idle' });
    this.kick();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    while (this.#running) await new Promise((r) => setTimeout(r, 5));
    this.#update({ state: 'stopped' });
  }

  async #drain(): Promise<void> {
    this.#running = true;
    this.#timer = undefined;
    this.#update({ state: 'delivering', nextAttemptAt: undefined });
    try {
      for (;;) {
        if (this.#stopped) return;
        const due = this.#outbox.due(this.#batch);
        if (due.length === 0) break;
        const done: number[] = [];
        try {
          for (const item of due) {
            if (this.#stopped) break;
            await this.#sink.send(item);
            done.push(item.id);
          }
        } catch (err) {
          // Acknowledged reports are recorded before waiting, so a restart does not resend them.
          this.#outbox.markDelivered(done, this.#now());
          const failed = due[done.length]!;
          this.#failures++;
          const delay = backoffMs(this.#failures - 1, this.#base, this.#max, this.#random);
          const message = err instanceof DeliveryError ? err.message : String(err);
          this.#outbox.markFailed(failed.id, message, this.#now() + delay);
          this.#status.delivered += done.length;
          this.#update({ state: 'retrying', lastError: message, nextAttemptAt: new Date(this.#now() + delay).toISOString() });
          if (!this.#stopped) this.#timer = setTimeout(() => void this.#drain(), delay);
          this.#timer?.unref?.();
          return;
        }
        this.#outbox.markDelivered(done, this.#now());
        this.#failures = 0;
        this.#status.delivered += done.length;
        this.#update({ lastDeliveredAt: new Date(this.#now()).toISOString(), lastError: undefined });
      }
      this.#failures = 0;
      this.#update({ state: 'idle' });
    } finally {
      this.#running = false;
    }
  }
}
