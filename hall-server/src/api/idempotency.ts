/**
 * Replays the answer to a request retried with the same Idempotency-Key, so
 * that a terminal repeating a call after a network blip does not call twice.
 */
import type { Reply } from './operation.ts';

const TTL_MS = 10 * 60_000;
const MAX_ENTRIES = 20_000;

export class IdempotencyCache {
  readonly #entries = new Map<string, { reply: Reply; at: number }>();

  get(tokenId: string, operationId: string, key: string, now = Date.now()): Reply | undefined {
    const entry = this.#entries.get(`${tokenId}|${operationId}|${key}`);
    if (!entry || now - entry.at > TTL_MS) return undefined;
    return entry.reply;
  }

  put(tokenId: string, operationId: string, key: string, reply: Reply, now = Date.now()): void {
    if (this.#entries.size >= MAX_ENTRIES) {
      // Map keeps insertion order: the first entries are the oldest.
      for (const k of [...this.#entries.keys()].slice(0, MAX_ENTRIES / 10)) this.#entries.delete(k);
    }
    this.#entries.set(`${tokenId}|${operationId}|${key}`, { reply, at: now });
  }
}
