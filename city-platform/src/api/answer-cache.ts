/**
 * Answers of the public operations, kept per key (a service code) for a short
 * time: however many phones ask, the read model is asked once per key per
 * `ttlMs`. Callers that arrive while the first one's read is under way share
 * it. A read that fails is not kept, so the next caller tries again.
 *
 * At most `maxEntries` keys are kept (the oldest read goes first), so asking
 * for many different codes costs memory only up to that bound.
 */

export type AnswerCacheOptions = { ttlMs: number; maxEntries?: number; now?: () => number };

type Entry<T> = { answer: Promise<T>; readAt: number };

export class AnswerCache<T> {
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry<T>>();

  constructor(options: AnswerCacheOptions) {
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = options.maxEntries ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  get(key: string, read: () => Promise<T>): Promise<T> {
    const now = this.#now();
    const held = this.#entries.get(key);
    if (held && now - held.readAt < this.#ttlMs) return held.answer;
    this.#entries.delete(key);
    const entry: Entry<T> = { answer: read(), readAt: now };
    entry.answer.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    this.#entries.set(key, entry);
    if (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    return entry.answer;
  }
}
