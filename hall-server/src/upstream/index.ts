/**
 * Upstream reporting: a queue-load report every interval and every rating as
 * it is committed, stored in the outbox first and delivered in order.
 * Configured by HALL_ID, HALL_UPSTREAM_URL, HALL_UPSTREAM_SECRET and
 * HALL_UPSTREAM_INTERVAL_S (the serve flags override them).
 */
import type { Hall } from '../hall.ts';
import type { LiveFigures } from '../stats/live.ts';
import type { HallStore } from '../store/hall-store.ts';
import { Deliverer, type DelivererOptions, type UpstreamStatus } from './deliverer.ts';
import { queueLoadReport, ratingReport } from './format.ts';
import { Outbox } from './outbox.ts';
import { HttpSink, MqttSink, type UpstreamSink } from './sinks.ts';

export type UpstreamConfig = {
  url: string;
  secret: string;
  hallId?: string;
  intervalS: number;
};

const WEEK_MS = 7 * 86_400_000;

/** Reads the contract's variables; undefined when no upstream is configured. */
export function upstreamConfigFromEnv(
  env: NodeJS.ProcessEnv,
  flags: Partial<Record<'hall-id' | 'upstream-url' | 'upstream-secret' | 'upstream-interval-s', string>> = {},
): UpstreamConfig | undefined {
  const url = flags['upstream-url'] ?? env.HALL_UPSTREAM_URL;
  if (!url) return undefined;
  const secret = flags['upstream-secret'] ?? env.HALL_UPSTREAM_SECRET;
  if (!secret) throw new TypeError('an upstream URL needs a secret to sign reports with (HALL_UPSTREAM_SECRET or --upstream-secret)');
  const intervalS = Number(flags['upstream-interval-s'] ?? env.HALL_UPSTREAM_INTERVAL_S ?? 30);
  if (!Number.isFinite(intervalS) || intervalS < 1) throw new TypeError('the upstream interval is a number of seconds, at least 1');
  if (!/^(https?|mqtts?|wss?):\/\//.test(url)) throw new TypeError(`upstream URL must be http(s)://, mqtt(s):// or ws(s)://, not ${url}`);
  return { url, secret, intervalS, hallId: flags['hall-id'] ?? env.HALL_ID };
}

export function sinkFor(config: UpstreamConfig, hallId: string): UpstreamSink {
  if (/^https?:/.test(config.url)) return new HttpSink({ url: config.url, secret: config.secret, hallId });
  return new MqttSink({ url: config.url, secret: config.secret, hallId });
}

export class Upstream {
  readonly outbox: Outbox;
  readonly deliverer: Deliverer;
  readonly hallId: string;
  readonly #hall: Hall;
  readonly #figures: LiveFigures;
  readonly #sink: UpstreamSink;
  readonly #intervalMs: number;
  readonly #timers: NodeJS.Timeout[] = [];
  #unsubscribe?: () => void;

  constructor(hall: Hall, store: HallStore, figures: LiveFigures, config: UpstreamConfig, options: { sink?: UpstreamSink; deliverer?: DelivererOptions } = {}) {
    this.#hall = hall;
    this.#figures = figures;
    this.hallId = config.hallId ?? hall.config.hallId;
    this.#intervalMs = config.intervalS * 1000;
    this.outbox = new Outbox(store.db);
    this.#sink = options.sink ?? sinkFor(config, this.hallId);
    this.deliverer = new Deliverer(this.outbox, this.#sink, { now: hall.clock, ...options.deliverer });
    // Inside the rating's own commit: a rating the hall has is a rating the outbox has.
    store.ratingReporter = (rating) => this.outbox.add('rating', JSON.stringify(ratingReport(this.hallId, rating)), rating.at);
  }

  get status(): UpstreamStatus {
    return this.deliverer.status;
  }

  /** Takes a queue-load report now and queues it for delivery. */
  reportQueueLoad(): void {
    const now = this.#hall.clock();
    this.outbox.add('queue-load', JSON.stringify(queueLoadReport(this.hallId, this.#hall.state, this.#figures.figures, now)), now);
    this.deliverer.kick();
  }

  start(): void {
    this.#unsubscribe = this.#hall.subscribe((commit) => {
      if (commit.events.some((e) => e.type === 'rating.recorded')) this.deliverer.kick();
    });
    this.deliverer.start();
    this.#timers.push(setInterval(() => this.reportQueueLoad(), this.#intervalMs));
    this.#timers.push(setInterval(() => this.outbox.prune(this.#hall.clock() - WEEK_MS), 6 * 3600_000));
    for (const t of this.#timers) t.unref();
  }

  async stop(): Promise<void> {
    for (const t of this.#timers) clearInterval(t);
    this.#unsubscribe?.();
    await this.deliverer.stop();
    await this.#sink.close?.();
  }
}
