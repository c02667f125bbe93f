/**
 * Sends every stored rating to the provincial 好差评 platform: POST
 * `{ batchId, ratings }` with `Idempotency-Key: <batchId>` and
 * `X-Signature: sha256=<hex HMAC-SHA256 of the raw body>`. A 2xx marks the
 * batch sent; anything else — another status, no answer in time, a reply
 * that is not HTTP — leaves it to be sent again, identical, after a backoff.
 * Delivery is at least once, exactly once for a receiver that honours the key.
 */
import { createHmac } from 'node:crypto';
import { backoffDelay } from '@hall/common';
import type { Sql } from '../db/sql.ts';
import { RatingBatches } from './batches.ts';

export type ForwarderOptions = {
  /** The provincial endpoint. */
  ratingsUrl: string;
  /** HMAC key agreed with it. */
  ratingsSecret: string;
  /** Milliseconds since the epoch. */
  now: () => number;
  fetch?: typeof fetch;
  /** Ratings per batch, at most 100 (the default). */
  batchSize?: number;
  /** A send with no complete answer by then has failed (default 10 s). */
  timeoutMs?: number;
  /** Backoff between attempts at one batch (default 1 s doubling to 5 min). */
  retryInitialMs?: number;
  retryMaxMs?: number;
  /** Pause of the background loop when nothing is due (default 2 s). */
  pollMs?: number;
  /** Told of each failed attempt, with a short cause. */
  onFailure?: (batchId: string, cause: string) => void;
};

export const MAX_BATCH = 100;

export class RatingsForwarder {
  readonly #batches: RatingBatches;
  readonly #options: Required<Omit<ForwarderOptions, 'onFailure'>> & Pick<ForwarderOptions, 'onFailure'>;
  #running: Promise<void> | undefined;
  #stopping = false;
  #wake: (() => void) | undefined;

  constructor(sql: Sql, options: ForwarderOptions) {
    const batchSize = options.batchSize ?? MAX_BATCH;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH) throw new TypeError(`batchSize is 1 to ${MAX_BATCH}`);
    if (!/^https?:\/\//.test(options.ratingsUrl)) throw new TypeError('ratingsUrl must be an http(s) URL');
    if (!options.ratingsSecret) throw new TypeError('ratingsSecret is required');
    this.#batches = new RatingBatches(sql);
    this.#options = {
      fetch: globalThis.fetch,
      timeoutMs: 10_000,
      retryInitialMs: 1000,
      retryMaxMs: 300_000,
      pollMs: 2000,
      ...options,
      batchSize,
    };
  }

  /** One pass: batches what is pending, then sends every batch that is due once. */
  async runOnce(): Promise<{ sent: number; failed: number }> {
    const { batchSize, timeoutMs, now } = this.#options;
    await this.#batches.form(batchSize, now());
    let sent = 0;
    let failed = 0;
    for (;;) {
      const start = now();
      // The lease outlasts the request's own timeout, so no one else takes the batch while this send can still succeed.
      const batch = await this.#batches.claim(start, start + timeoutMs * 2 + 5000);
      if (!batch) return { sent, failed };
      const cause = await this.#send(batch.batchId, JSON.stringify({ batchId: batch.batchId, ratings: batch.ratings }));
      if (cause === undefined) {
        await this.#batches.markSent(batch.batchId, now());
        sent++;
      } else {
        const delay = backoffDelay(batch.attempts - 1, { initialMs: this.#options.retryInitialMs, maxMs: this.#options.retryMaxMs });
        await this.#batches.markFailed(batch.batchId, now() + delay, cause);
        this.#options.onFailure?.(batch.batchId, cause);
        failed++;
      }
    }
  }

  /** Undefined when acknowledged, else why not. */
  async #send(batchId: string, body: string): Promise<string | undefined> {
    const signature = createHmac('sha256', this.#options.ratingsSecret).update(body, 'utf8').digest('hex');
    try {
      const response = await this.#options.fetch(this.#options.ratingsUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': batchId, 'x-signature': `sha256=${signature}` },
        body,
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      });
      // Read the answer through, so the connection is reusable and a reply cut short counts as no reply.
      await response.arrayBuffer();
      return response.ok ? undefined : `HTTP ${response.status}`;
    } catch (error) {
      const name = (error as Error)?.name;
      if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
      const code = (error as { cause?: { code?: string } })?.cause?.code;
      return code ? `network ${code}` : 'network error';
    }
  }

  /** Runs passes in the background until `stop`, pausing `pollMs` between them. */
  start(): void {
    if (this.#running) return;
    this.#stopping = false;
    this.#running = (async () => {
      while (!this.#stopping) {
        try {
          await this.runOnce();
        } catch (error) {
          // The database is away: try again next round, the outbox is in it.
          this.#options.onFailure?.('-', `database: ${(error as Error).message}`);
        }
        if (this.#stopping) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.#options.pollMs);
          this.#wake = () => (clearTimeout(timer), resolve());
        });
        this.#wake = undefined;
      }
    })();
  }

  /** Starts a pass now instead of at the end of the pause (after ratings were stored, say). */
  nudge(): void {
    this.#wake?.();
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    await this.#running;
    this.#running = undefined;
  }

  backlog(): Promise<{ unbatchedRatings: number; unsentBatches: number }> {
    return this.#batches.backlog();
  }
}
