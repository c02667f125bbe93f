/**
 * Token buckets per key (a client's address): each holds up to `burst`
 * tokens and gains `perSecond` a second; a request takes one. An empty bucket
 * answers how long until the next token. Pure: the time is passed in.
 *
 * Only `maxKeys` buckets are kept, so a flood of addresses cannot grow the
 * table without bound; the least recently used goes first. A bucket
 * forgotten that way starts full again, which errs towards serving people.
 */

export type RateLimit = {
  /** Requests one address may make at once. */
  burst: number;
  /** Requests it may make each second after the burst. */
  perSecond: number;
};

type Bucket = { tokens: number; at: number };

export class TokenBuckets {
  readonly #limit: RateLimit;
  readonly #maxKeys: number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(limit: RateLimit, maxKeys = 10_000) {
    if (!(limit.burst >= 1) || !(limit.perSecond > 0)) throw new TypeError('a rate limit needs burst >= 1 and perSecond > 0');
    this.#limit = limit;
    this.#maxKeys = maxKeys;
  }

  /** Takes a token for `key` at `nowMs`: 0 when granted, else the whole seconds to wait before one is there. */
  take(key: string, nowMs: number): number {
    const { burst, perSecond } = this.#limit;
    const held = this.#buckets.get(key);
    const bucket = held ?? { tokens: burst, at: nowMs };
    bucket.tokens = Math.min(burst, bucket.tokens + (Math.max(0, nowMs - bucket.at) / 1000) * perSecond);
    bucket.at = nowMs;
    // Re-inserted at the end: the Map's order is the order of last use.
    this.#buckets.delete(key);
    this.#buckets.set(key, bucket);
    if (!held && this.#buckets.size > this.#maxKeys) this.#buckets.delete(this.#buckets.keys().next().value!);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
  }

  get size(): number {
    return this.#buckets.size;
  }
}
