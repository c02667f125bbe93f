/**
 * Replays the answer to a request retried with the same Idempotency-Key, so
 * that a terminal repeating a call after a network blip does not call twice.
 *
 * Bounded: answers live for ten minutes and at most `maxEntries` are kept,
 * oldest dropped first; a client's key is kept at a fixed size whatever its
 * length, so a flood of long keys cannot grow the cache beyond its cap.
 */
import { createHash } from 'node:crypto';
import type { Reply } from './operation.ts';

const TTL_MS = 10 * 60_000;
const MAX_ENTRIES = 5_000;
/** Keys longer than this are kept as their SHA-256. */
const MAX_KEY_CHARS = 64;

export class IdempotencyCache {
  readonly #entries = new Map<string, { reply: Reply; at: number }>();
  readonly #ttlMs: number;
  readonly #max: number;

  constructor(options: { ttlMs?: number; maxEntries?: number } = {}) {
    this.#ttlMs = options.ttlMs ?? TTL_MS;
    this.#max = options.maxEntries ?? MAX_ENTRIES;
  }

  #id(tokenId: string, operationId: string, key: string): string {
    const k = key.length > MAX_KEY_CHARS ? createHash('sha256').update(key).digest('base64url') : key;
    return `${tokenId}|${operationId}|${k}`;
  }

  get(tokenId: string, operationId: string, key: string, now = Date.now()): Reply | undefined {
    const entry = this.#entries.get(this.#id(tokenId, operationId, key));
    if (!entry || now - entry.at > this.#ttlMs) return undefined;
    return entry.reply;
  }

  put(tokenId: string, operationId: string, key: string, reply: Reply, now = Date.now()): void {
    const id = this.#id(tokenId, operationId, key);
    // Re-inserted at the end, so the map stays ordered oldest first.
    this.#entries.delete(id);
    for (const [k, entry] of this.#entries) {
      if (now - entry.at <= this.#ttlMs && this.#entries.size < this.#max) break;
      this.#entries.delete(k);
    }
    this.#entries.set(id, { reply, at: now });
  }

  get size(): number {
    return this.#entries.size;
  }
}
