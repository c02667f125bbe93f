/** Exponential backoff between reconnect attempts (pure). */
export interface BackoffOptions {
  /** First delay, ms. */
  initialMs?: number;
  /** Ceiling, ms: a USB re-plug should be noticed within this. */
  maxMs?: number;
  factor?: number;
}

export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const initial = options.initialMs ?? 100;
  const max = options.maxMs ?? 2000;
  const factor = options.factor ?? 2;
  if (!Number.isInteger(attempt) || attempt < 0) throw new TypeError(`attempt must be a non-negative integer, got ${attempt}`);
  if (!(initial > 0) || !(max >= initial) || !(factor >= 1)) throw new TypeError('backoff needs initialMs > 0, maxMs >= initialMs, factor >= 1');
  return Math.min(max, initial * factor ** attempt);
}
