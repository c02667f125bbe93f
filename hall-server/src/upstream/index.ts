/**
 * Upstream reporting: a queue-load report every interval and every rating as
 * it is committed, stored in the outbox first and delivered in order.
 * Configured by HALL_ID, HALL_UPSTREAM_URL, HALL_UPSTREAM_SECRET and
 * HALL_UPSTREAM_INTERVAL_S (the serve flags override them); an MQTT broker's
 * login by HALL_UPSTREAM_USERNAME / HALL_UPSTREAM_PASSWORD (or the URL's
 * user:pass) and HALL_UPSTREAM_CA / _CERT / _KEY (PEM files).
 */
import { readFileSync } from 'node:fs';
import type { Hall } from '../hall.ts';
import type { LiveFigures } from '../stats/live.ts';
import type { HallStore } from '../store/hall-store.ts';
import { Deliverer, type DelivererOptions, type UpstreamStatus } from './deliverer.ts';
import { deviceHealthReport, queueLoadReport, ratingReport } from './format.ts';
import type { TerminalStatus } from '../protocol/queue.ts';
import { Outbox } from './outbox.ts';
import { HttpSink, type MqttLogin, MqttSink, splitCredentials, type UpstreamSink } from './sinks.ts';

export type UpstreamConfig = {
  url: string;
  secret: string;
  hallId?: string;
  intervalS: number;
  /** For an MQTT broker: the hall's login and the PEM files of TLS. */
  login?: MqttLogin;
};

type UpstreamFlag = 'hall-id' | 'upstream-url' | 'upstream-secret' | 'upstream-interval-s' | 'upstream-ca' | 'upstream-cert' | 'upstream-key';

const WEEK_MS = 7 * 86_400_000;
const HEALTH_REPEAT_MS = 10 * 60_000;

/** Reads the contract's variables; undefined when no upstream is configured. */
export function upstreamConfigFromEnv(
  env: NodeJS.ProcessEnv,
  flags: Partial<Record<UpstreamFlag, string>> = {},
  read: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): UpstreamConfig | undefined {
  const given = flags['upstream-url'] ?? env.HALL_UPSTREAM_URL;
  if (!given) return undefined;
  const secret = flags['upstream-secret'] ?? env.HALL_UPSTREAM_SECRET;
  if (!secret) throw new TypeError('an upstream URL needs a secret to sign reports with (HALL_UPSTREAM_SECRET or --upstream-secret)');
  const intervalS = Number(flags['upstream-interval-s'] ?? env.HALL_UPSTREAM_INTERVAL_S ?? 30);
  if (!Number.isFinite(intervalS) || intervalS < 1) throw new TypeError('the upstream interval is a number of seconds, at least 1');
  const { url, user, pass } = splitCredentials(given);
  if (!/^(https?|mqtts?|wss?):\/\//.test(url)) throw new TypeError(`upstream URL must be http(s)://, mqtt(s):// or ws(s)://, not ${url}`);
  const pem = (what: string, path: string | undefined) => {
    if (!path) return undefined;
    try {
      return read(path);
    } catch (err) {
      throw new TypeError(`cannot read the upstream ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  };
  const login: MqttLogin = {
    username: env.HALL_UPSTREAM_USERNAME ?? user,
    password: env.HALL_UPSTREAM_PASSWORD ?? pass,
    ca: pem('CA certificate', flags['upstream-ca'] ?? env.HALL_UPSTREAM_CA),
    cert: pem('client certificate', flags['upstream-cert'] ?? env.HALL_UPSTREAM_CERT),
    key: pem('client key', flags['upstream-key'] ?? env.HALL_UPSTREAM_KEY),
  };
  if (/^https?:/.test(url) && Object.values(login).some((v) => v !== undefined))
    throw new TypeError('a login, CA or client certificate applies to an MQTT broker (mqtt://, mqtts://, ws(s)://), not to an HTTPS receiver');
  if (!login.cert !== !login.key) throw new TypeError('a client certificate needs its key, and a key its certificate');
  return { url, secret, intervalS, hallId: flags['hall-id'] ?? env.HALL_ID, login };
}

export function sinkFor(config: UpstreamConfig, hallId: string): UpstreamSink {
  if (/^https?:/.test(config.url)) return new HttpSink({ url: config.url, secret: config.secret, hallId });
  return new MqttSink({ url: config.url, secret: config.secret, hallId, login: config.login });
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
  readonly #terminals?: () => readonly TerminalStatus[];
  #unsubscribe?: () => void;
  #lastHealth?: { devices: string; at: number };

  constructor(
    hall: Hall,
    store: HallStore,
    figures: LiveFigures,
    config: UpstreamConfig,
    options: { sink?: UpstreamSink; deliverer?: DelivererOptions; terminals?: () => readonly TerminalStatus[] } = {},
  ) {
    this.#terminals = options.terminals;
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

  /** Takes a queue-load report now and queues it for delivery, with a device-health report when one is due. */
  reportQueueLoad(): void {
    const now = this.#hall.clock();
    this.outbox.add('queue-load', JSON.stringify(queueLoadReport(this.hallId, this.#hall.state, this.#figures.figures, now)), now);
    this.#reportDeviceHealth(now);
    this.deliverer.kick();
  }

  /**
   * Device health goes up when a terminal or a device changed state, and
   * otherwise every ten minutes, so the city's alarm list neither lags nor
   * fills the outbox with copies of a quiet hall.
   */
  #reportDeviceHealth(now: number): void {
    if (!this.#terminals) return;
    const report = deviceHealthReport(this.hallId, this.#terminals(), now);
    const devices = JSON.stringify(report.terminals.map((t) => [t.name, t.online, t.devices.map((d) => [d.device, d.state, d.code])]));
    const last = this.#lastHealth;
    if (last && last.devices === devices && now - last.at < HEALTH_REPEAT_MS) return;
    this.#lastHealth = { devices, at: now };
    this.outbox.add('device-health', JSON.stringify(report), now);
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
