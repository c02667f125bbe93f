/**
 * The rhythm every outbox at the terminal delivers by (offline tickets,
 * offline filings): one round at a time; a kick during a round runs one
 * more right after it, since what it signalled may have come too late for
 * the round in flight; a round that could not finish asks to be kicked
 * again after a backoff that grows while failures last and starts over
 * after a success; `close()` stops both and waits for a round in flight.
 * An outbox's delivery is such a loop, its round what it delivers.
 */
import { backoffDelay } from '@hall/drivers';

export type RetryPace = { initialMs?: number; maxMs?: number };

export abstract class DeliveryLoop {
  readonly #pace: { initialMs: number; maxMs: number };
  #running: Promise<void> | undefined;
  #again = false;
  #attempt = 0;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(pace: RetryPace = {}) {
    this.#pace = { initialMs: pace.initialMs ?? 500, maxMs: pace.maxMs ?? 30_000 };
  }

  /** One round: delivers what it can; `delivered()` after each success, `retryLater()` where it stops short. */
  protected abstract round(): Promise<void>;

  /** Checked between steps of a round: a closed loop's round stops where it is. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Starts a round unless one runs (then one more follows it); resolves when the round is over. */
  kick(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#running = this.round().finally(() => {
      this.#running = undefined;
      if (this.#again) {
        this.#again = false;
        void this.kick();
      }
    });
    return this.#running;
  }

  /** Something was delivered: the next failure waits the shortest time again. */
  protected delivered(): void {
    this.#attempt = 0;
  }

  /** The round stops short for now: the next one comes after the backoff, whose length is returned (for the log). */
  protected retryLater(): number {
    const delay = backoffDelay(Math.min(this.#attempt++, 20), this.#pace);
    this.#timer = setTimeout(() => void this.kick(), delay);
    this.#timer.unref?.();
    return delay;
  }

  /** Stops resending; resolves once a round in flight has finished. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#running?.catch(() => {});
  }
}
