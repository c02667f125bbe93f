/** Exponential backoff between retries: device reconnects, hall links, deliveries. */
export interface BackoffOptions {
  /** First delay, ms. */
  initialMs?: number;
  /** Ceiling, ms. */
  maxMs?: number;
  factor?: number;
}

/** The pause before retry number `attempt` (0 for the first). Pure. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const initial = options.initialMs ?? 100;
  const max = options.maxMs ?? 2000;
  const factor = options.factor ?? 2;
  if (!Number.isInteger(attempt) || attempt < 0) throw new TypeError(`attempt must be a non-negative integer, got ${attempt}`);
  if (!(initial > 0) || !(max >= initial) || !(factor >= 1)) throw new TypeError('backoff needs initialMs > 0, maxMs >= initialMs, factor >= 1');
  return Math.min(max, initial * factor ** attempt);
}

/** Counts attempts for `backoffDelay`; `reset()` after a healthy spell. */
export class Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
  #attempt = 0;

  constructor(initialMs: number, maxMs: number) {
    this.initialMs = initialMs;
    this.maxMs = maxMs;
  }

  next(): number {
    const delay = backoffDelay(this.#attempt, { initialMs: this.initialMs, maxMs: this.maxMs });
    // Stop counting at the ceiling, so a long outage cannot overflow the exponent.
    if (delay < this.maxMs) this.#attempt++;
    return delay;
  }

  reset(): void {
    this.#attempt = 0;
  }
}
