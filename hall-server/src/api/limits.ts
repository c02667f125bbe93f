/**
 * The hall's limits against floods and guessing: every number in one place,
 * with its default, and the small bounded mechanisms that enforce them (token
 * buckets, a failure window, a gate for PIN checks, an upload guard). Every
 * map here is capped, so an attacker who varies tokens, addresses or staff
 * numbers costs the hall a fixed amount of memory, not a growing one.
 */
import type { ErrorCode } from '../contract/errors.ts';
import type { Role } from '../protocol.ts';
import { HttpError } from './errors.ts';

/** A token bucket's shape: the sustained rate and how many may come at once. */
export type Rate = { perSecond: number; burst: number };

export type Limits = {
  /**
   * HTTP requests per token, by role. Kiosks and counters act for one
   * terminal each; the integration is a whole appointment system or city
   * platform, so it gets more.
   */
  httpPerToken: Record<Role, Rate>;
  /** Requests that fail authentication (401), per remote address: token guessing is slow. */
  httpUnauthenticatedPerAddress: Rate;
  /** Sockets open at once per token, by role. One display token serves every wall and window screen of a hall. */
  connectionsPerToken: Record<Role, number>;
  /** Least time between two snapshots answered to one socket; requests in between share the next answer. */
  snapshotIntervalMs: number;
  /** A socket whose unsent data passes this many bytes (or packets) is not reading: it is disconnected. */
  socketBufferBytes: number;
  socketBufferPackets: number;
  /** How often sockets' outbound buffers are checked. */
  socketBufferCheckMs: number;
  /** Events a socket may send per second (bucket); extra events are dropped unanswered. */
  socketEvents: Rate;
  /** PIN checks (scrypt, on libuv's thread pool) running at once, and waiting; beyond both, 429. */
  pinChecksInFlight: number;
  pinChecksQueued: number;
  /** Wrong PINs one token may try within the window before its sign-ins are refused for `pinTokenLockMs`. */
  pinFailuresPerToken: number;
  pinFailureWindowMs: number;
  pinTokenLockMs: number;
  /** An upload that sends no byte for this long is cut off (408). */
  uploadIdleTimeoutMs: number;
  /** Bytes of filing pages one token may upload per hall day. */
  uploadBytesPerTokenPerDay: number;
  /** Entries each in-memory limit map may hold (buckets, failure counts, quotas). */
  trackedKeys: number;
};

export const DEFAULT_LIMITS: Limits = {
  httpPerToken: {
    // A filing machine back from an outage resends its outbox (pages, then the filing) in one go.
    kiosk: { perSecond: 20, burst: 200 },
    counter: { perSecond: 20, burst: 100 },
    display: { perSecond: 10, burst: 50 },
    manager: { perSecond: 20, burst: 100 },
    integration: { perSecond: 100, burst: 500 },
  },
  httpUnauthenticatedPerAddress: { perSecond: 2, burst: 20 },
  connectionsPerToken: { kiosk: 50, counter: 50, display: 2000, manager: 50, integration: 50 },
  snapshotIntervalMs: 1_000,
  socketBufferBytes: 4 * 1024 * 1024,
  socketBufferPackets: 2_000,
  socketBufferCheckMs: 1_000,
  socketEvents: { perSecond: 20, burst: 100 },
  pinChecksInFlight: 2,
  pinChecksQueued: 16,
  pinFailuresPerToken: 10,
  pinFailureWindowMs: 15 * 60_000,
  pinTokenLockMs: 15 * 60_000,
  uploadIdleTimeoutMs: 30_000,
  uploadBytesPerTokenPerDay: 1024 * 1024 * 1024,
  trackedKeys: 10_000,
};

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };
/** Any part of the limits, down to one field of one role's rate. */
export type LimitOverrides = DeepPartial<Limits>;

function merge(base: unknown, over: unknown, path: string, problems: string[]): unknown {
  if (over === undefined) return base;
  if (typeof base === 'number') {
    if (typeof over !== 'number' || !(over > 0)) problems.push(`${path} must be a positive number`);
    return typeof over === 'number' && over > 0 ? over : base;
  }
  if (!over || typeof over !== 'object' || Array.isArray(over)) {
    problems.push(`${path} must be an object`);
    return base;
  }
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(over)) {
    if (!(key in out)) problems.push(`${path ? `${path}.` : ''}${key} is not a limit`);
    else out[key] = merge(out[key], value, path ? `${path}.${key}` : key, problems);
  }
  return out;
}

/**
 * The defaults with `overrides` (from code) and then `json` (the
 * `HALL_LIMITS` environment variable) laid over them. Every problem is
 * reported at once, naming the field.
 */
export function resolveLimits(overrides?: LimitOverrides, json?: string): Limits {
  const problems: string[] = [];
  let limits = merge(DEFAULT_LIMITS, overrides ?? {}, '', problems) as Limits;
  if (json?.trim()) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      problems.push('HALL_LIMITS is not valid JSON');
    }
    if (parsed !== undefined) limits = merge(limits, parsed, '', problems) as Limits;
  }
  if (problems.length) throw new TypeError(`limits: ${problems.join('; ')}`);
  return limits;
}

/** A refusal that tells the client when to try again (`Retry-After`, in whole seconds). */
export class LimitError extends HttpError {
  readonly retryAfterS: number;
  constructor(status: number, code: ErrorCode, message: string, retryAfterMs: number) {
    super(status, code, message);
    this.retryAfterS = Math.max(1, Math.ceil(retryAfterMs / 1000));
  }
}

/** Deletes the oldest entries of a Map (insertion order) until it has room for one more. */
function makeRoom<K, V>(map: Map<K, V>, max: number, expired?: (value: V) => boolean): void {
  if (map.size < max) return;
  if (expired) for (const [k, v] of map) if (expired(v)) map.delete(k);
  // Still full: drop the least recently touched tenth rather than one at a time.
  if (map.size >= max) {
    let drop = Math.max(1, Math.floor(max / 10));
    for (const k of map.keys()) {
      if (drop-- <= 0) break;
      map.delete(k);
    }
  }
}

/**
 * Token buckets by key. A key touched is moved to the end of the map, so
 * when the map is full the idle buckets (which would be full again anyway)
 * are the ones dropped.
 */
export class TokenBuckets {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  readonly #max: number;

  constructor(maxKeys: number) {
    this.#max = maxKeys;
  }

  #refill(key: string, rate: Rate, now: number): { tokens: number; at: number } {
    let bucket = this.#buckets.get(key);
    if (bucket) {
      this.#buckets.delete(key);
      bucket.tokens = Math.min(rate.burst, bucket.tokens + ((now - bucket.at) * rate.perSecond) / 1000);
      bucket.at = now;
    } else {
      makeRoom(this.#buckets, this.#max);
      bucket = { tokens: rate.burst, at: now };
    }
    this.#buckets.set(key, bucket);
    return bucket;
  }

  /** Takes one: 0 when allowed, otherwise the milliseconds until one is available. */
  take(key: string, rate: Rate, now: number): number {
    const bucket = this.#refill(key, rate, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) * 1000) / rate.perSecond);
  }

  /** Like `take` without taking: whether the key has anything left. */
  wait(key: string, rate: Rate, now: number): number {
    if (!this.#buckets.has(key)) return 0;
    const bucket = this.#refill(key, rate, now);
    return bucket.tokens >= 1 ? 0 : Math.ceil(((1 - bucket.tokens) * 1000) / rate.perSecond);
  }

  get size(): number {
    return this.#buckets.size;
  }
}

/**
 * Counts failures per key within a window; `limit` failures lock the key
 * for `lockMs`. A success does not clear it: the window is about the key
 * (a token), not about one clerk getting it right at last.
 */
export class FailureWindow {
  readonly #entries = new Map<string, { count: number; since: number; lockedUntil: number }>();
  readonly #o: { limit: number; windowMs: number; lockMs: number; maxKeys: number };

  constructor(options: { limit: number; windowMs: number; lockMs: number; maxKeys: number }) {
    this.#o = options;
  }

  /** Milliseconds the key stays locked; 0 when it may try. */
  lockedFor(key: string, now: number): number {
    const entry = this.#entries.get(key);
    return entry && entry.lockedUntil > now ? entry.lockedUntil - now : 0;
  }

  /** Records a failure; answers whether the key is now locked. */
  fail(key: string, now: number): boolean {
    let entry = this.#entries.get(key);
    if (!entry || (now - entry.since > this.#o.windowMs && entry.lockedUntil <= now)) {
      if (entry) this.#entries.delete(key);
      makeRoom(this.#entries, this.#o.maxKeys, (e) => e.lockedUntil <= now && now - e.since > this.#o.windowMs);
      entry = { count: 0, since: now, lockedUntil: 0 };
      this.#entries.set(key, entry);
    }
    entry.count++;
    if (entry.count >= this.#o.limit) {
      entry.lockedUntil = now + this.#o.lockMs;
      // The next window starts when the lock ends.
      entry.count = 0;
      entry.since = entry.lockedUntil;
    }
    return entry.lockedUntil > now;
  }

  forget(key: string): void {
    this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }
}

/** Thrown by a full `Gate`. */
export class GateFullError extends Error {
  constructor() {
    super('too many waiting');
  }
}

/**
 * At most `inFlight` tasks at once and `queued` waiting; beyond that a task
 * is refused at once rather than queued without bound.
 */
export class Gate {
  #running = 0;
  readonly #waiting: (() => void)[] = [];
  readonly #inFlight: number;
  readonly #queued: number;

  constructor(inFlight: number, queued: number) {
    this.#inFlight = inFlight;
    this.#queued = queued;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#inFlight) {
      if (this.#waiting.length >= this.#queued) throw new GateFullError();
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running++;
    }
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next in line, so the count never dips and lets a newcomer jump the queue.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}

/**
 * Filing page uploads: a read timeout between chunks and a per-token byte
 * quota per hall day. The quota counts every byte received, stored or not:
 * it bounds what one token can make the hall read and write in a day.
 */
export class UploadGuard {
  readonly #used = new Map<string, number>();
  #day = '';
  readonly #o: { idleTimeoutMs: number; bytesPerDay: number; maxKeys: number };

  constructor(options: { idleTimeoutMs: number; bytesPerDay: number; maxKeys: number }) {
    this.#o = options;
  }

  #usedBy(tokenId: string, day: string): number {
    if (day !== this.#day) {
      this.#used.clear();
      this.#day = day;
    }
    return this.#used.get(tokenId) ?? 0;
  }

  #quotaError(): LimitError {
    return new LimitError(429, 'UPLOAD_QUOTA_EXCEEDED', `this token has uploaded its ${this.#o.bytesPerDay} bytes of pages for today`, 3600_000);
  }

  /**
   * The body as it arrives, counted against the token's quota and cut off
   * (408) when it stalls. Refused before a byte is read when the quota is
   * already used up.
   */
  guard(tokenId: string, day: string, body: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
    if (this.#usedBy(tokenId, day) >= this.#o.bytesPerDay) throw this.#quotaError();
    const self = this;
    return {
      async *[Symbol.asyncIterator]() {
        const chunks = body[Symbol.asyncIterator]();
        for (;;) {
          let timer: NodeJS.Timeout | undefined;
          const stalled = new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => reject(new HttpError(408, 'UPLOAD_TIMEOUT', `no bytes for ${self.#o.idleTimeoutMs / 1000} s; send the page again`)),
              self.#o.idleTimeoutMs,
            );
          });
          let step: IteratorResult<Uint8Array>;
          try {
            step = await Promise.race([chunks.next(), stalled]);
          } finally {
            clearTimeout(timer);
          }
          if (step.done) return;
          const used = self.#usedBy(tokenId, day) + step.value.length;
          if (!self.#used.has(tokenId)) makeRoom(self.#used, self.#o.maxKeys);
          self.#used.set(tokenId, used);
          if (used > self.#o.bytesPerDay) throw self.#quotaError();
          yield step.value;
        }
      },
    };
  }
}
