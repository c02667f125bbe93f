/**
 * Assembles a hall server: store, engine, HTTP, socket.io and the timers that
 * start a new day and purge old personal data. Everything is injected, so
 * tests build the same application around a temporary data directory.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Server } from 'socket.io';
import { contract } from './contract/index.ts';
import { openApiDocument } from './contract/openapi.ts';
import { upstreamWebhooks } from './contract/webhooks.ts';
import type { HallServices } from './api/operation.ts';
import { operations } from './api/operations.ts';
import { registerHttp } from './api/http.ts';
import { registerPages, type PageMounts } from './api/pages.ts';
import { registerTrackPages } from './api/track-page.ts';
import { registerSecurityHeaders } from './api/security-headers.ts';
import { attachRealtime } from './api/realtime.ts';
import { TerminalRegistry } from './api/terminals.ts';
import { RecentCalls } from './api/views.ts';
import type { HallConfig } from './domain/config.ts';
import { Hall, type Clock } from './hall.ts';
import { createLogger } from './log.ts';
import { HallStore } from './store/hall-store.ts';
import { LiveFigures } from './stats/live.ts';
import { HourlyHistory } from './stats/history.ts';
import { managerLive } from './stats/manager-live.ts';
import { AuditLog, tokenAudit } from './store/audit.ts';
import { hallDay } from './domain/hall-time.ts';
import { StaffStore } from './store/staff.ts';
import { resolveLimits, type LimitOverrides } from './api/limits.ts';
import { Upstream, type UpstreamConfig } from './upstream/index.ts';
import type { DelivererOptions } from './upstream/deliverer.ts';
import type { UpstreamSink } from './upstream/sinks.ts';
import { TokenStore } from './store/tokens.ts';
import { FileStore } from './store/file-store.ts';
import { FilingStore } from './store/filing-store.ts';
import { Filings } from './filings.ts';
import { filingSummaryView } from './api/filing-views.ts';
import { parseTrackingCode } from './forms.ts';
import { ClockGuard } from './clock-guard.ts';
import { createHallMetrics, type HallMetrics } from './metrics/index.ts';
import { registerMetricsRoute } from './api/metrics-route.ts';
import { registerApiDocs } from './api/api-docs.ts';
import { DEFAULT_FILING_RETENTION_DAYS, Retention } from './retention.ts';

export const VERSION = '0.1.0';

export type AppOptions = {
  dataDir: string;
  seed?: HallConfig;
  clock?: Clock;
  logger?: Logger;
  /** Built pages to serve, by URL prefix (see api/pages.ts). */
  pages?: PageMounts;
  /** Reporting to the city platform; off when absent. */
  upstream?: UpstreamConfig;
  upstreamSink?: UpstreamSink;
  upstreamDelivery?: DelivererOptions;
  /** How often to check for a new hall day; tests turn it off. */
  dayCheckMs?: number | false;
  /** Rate, connection, PIN and upload limits over the defaults (api/limits.ts); `HALL_LIMITS` (JSON) is laid over these. */
  limits?: LimitOverrides;
  /** Serve HTTPS and WSS with this PEM certificate (chain) and key; plain HTTP when absent. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Browser origins besides the hall's own that may open sockets (a page served elsewhere). */
  allowedOrigins?: readonly string[];
  /** How often to look for tokens revoked by another process (default 1 s). */
  tokenWatchMs?: number;
  /** The vault's key file, outside the data directory (`--key-file`). */
  keyFile?: string;
  /** Filings last changed longer ago than this are purged with their pages (default 1095). */
  filingRetentionDays?: number;
  /**
   * The clock the wall clock is checked against (see clock-guard.ts). The
   * check is on unless a test injects `clock` alone, to step days at will.
   */
  monotonic?: () => number;
};

export type Application = {
  hall: Hall;
  store: HallStore;
  tokens: TokenStore;
  terminals: TerminalRegistry;
  staff: StaffStore;
  figures: LiveFigures;
  history: HourlyHistory;
  audit: AuditLog;
  filings: Filings;
  retention: Retention;
  clockGuard?: ClockGuard;
  upstream?: Upstream;
  metrics: HallMetrics;
  http: FastifyInstance;
  io: Server;
  logger: Logger;
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
};

export async function createApplication(options: AppOptions): Promise<Application> {
  const logger = options.logger ?? createLogger();
  const store = HallStore.open(options.dataDir, { keyFile: options.keyFile });
  try {
    store.openVault();
  } catch (err) {
    store.close();
    throw err;
  }
  for (const fix of store.modeFixes)
    logger.warn(fix, `tightened file mode (was ${fix.was}, now ${fix.now}): something loosened the hall's data; check how it was copied or restored`);
  const clockGuard =
    options.clock === undefined || options.monotonic !== undefined
      ? new ClockGuard({
          wall: options.clock ?? Date.now,
          monotonic: options.monotonic ?? (() => performance.now()),
          report: (e) =>
            logger.warn(
              e,
              e.type === 'jump' ? 'the wall clock jumped; the hall keeps its own time and holds day changes and purges' : 'the wall clock jump is accepted',
            ),
        })
      : undefined;
  const hall = Hall.open(store, { seed: options.seed, clock: clockGuard ? () => clockGuard.now() : options.clock });
  const audit = new AuditLog(store.db);
  store.auditSink = (record) => audit.record(record);
  const dayOf = (at: number) => hallDay(at, hall.config.timeZone, hall.config.rules.dailyResetAt);
  const tokens = new TokenStore(store.db, { audit: tokenAudit(audit, dayOf, { role: 'system', name: 'hall server' }, hall.clock) });
  tokens.watch(options.tokenWatchMs);
  const figures = LiveFigures.fromTickets(
    hall.state.counters.day,
    hall.config.timeZone,
    hall.state.tickets.values(),
    store.ratingsOfDays(hall.state.counters.day, hall.state.counters.day),
  );
  hall.subscribe((commit) => {
    for (const e of commit.events) figures.apply(e);
  });
  const terminals = new TerminalRegistry();
  const upstream = options.upstream
    ? new Upstream(hall, store, figures, options.upstream, {
        sink: options.upstreamSink,
        deliverer: options.upstreamDelivery,
        terminals: () => terminals.list(),
      })
    : undefined;
  const history = new HourlyHistory(store.db, hall.config.timeZone);
  const recent = new RecentCalls();
  const limits = resolveLimits(options.limits, process.env.HALL_LIMITS);
  const staff = new StaffStore(store.db, {
    callerFailures: limits.pinFailuresPerToken,
    callerWindowMs: limits.pinFailureWindowMs,
    callerLockMs: limits.pinTokenLockMs,
    checksInFlight: limits.pinChecksInFlight,
    checksQueued: limits.pinChecksQueued,
    maxTracked: limits.trackedKeys,
  });
  recent.seed(hall.state);
  const fileStore = await FileStore.open(options.dataDir, { seal: store.vault.deriveKey('filing-files'), name: store.vault.deriveKey('filing-file-names') });
  const filings = new Filings({
    hall,
    store: new FilingStore(store.db, store.vault, store.relaxedConnection()),
    files: fileStore,
    keyHash: (n) => store.vault.keyHash(n),
    logger,
  });

  const http: FastifyInstance = Fastify({
    loggerInstance: logger as FastifyBaseLogger, // Request lines would log every call at kiosk rate; errors are logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 256 * 1024,
    forceCloseConnections: true,
    ...(options.tls ? { https: { cert: options.tls.cert, key: options.tls.key } } : {}),
  }) as unknown as FastifyInstance;
  registerSecurityHeaders(http);
  const document = openApiDocument(contract, { version: VERSION, webhooks: upstreamWebhooks });
  http.get('/api/openapi.json', async () => document);
  registerApiDocs(http);
  http.get('/api/health', async () => ({ status: 'ok', seq: hall.seq, day: hall.state.counters.day }));
  // Read at scrape time only, so the sockets counted are those of `io`, attached below once the routes are ready.
  const metrics = createHallMetrics({ hall, figures, terminals, upstream, store, connected: (namespace) => io.of(namespace).sockets.size });
  const services: HallServices = { hall, recent, terminals, staff, figures, history, audit, upstream, filings };
  const guard = registerHttp(http, operations, { services, tokens, logger, limits, metrics: metrics.requests });
  registerMetricsRoute(http, { metrics, guard });
  await registerPages(http, options.pages ?? {});
  registerTrackPages(http, {
    hall,
    parseTrackingCode,
    findFiling: (code) => {
      const filing = filings.store.byCode(code);
      return filing && filingSummaryView(hall.config, filing);
    },
  });
  await http.ready();
  const live = () => managerLive({ state: hall.state, figures: figures.figures, history, seq: hall.seq, now: hall.clock() });
  const io = attachRealtime(http.server, {
    hall,
    tokens,
    recent,
    terminals,
    upstream,
    logger,
    managerLive: live,
    filingCodeOf: (id) => filings.codeOfTicket(id),
    allowedOrigins: options.allowedOrigins,
    limits,
  });
  upstream?.start();

  const retention = new Retention({
    hall,
    store,
    filings,
    audit,
    logger,
    guard: clockGuard,
    filingRetentionDays: options.filingRetentionDays ?? DEFAULT_FILING_RETENTION_DAYS,
  });
  const runRetention = () => retention.run().catch((err: unknown) => logger.error({ err }, 'retention purge failed; retrying later'));
  await runRetention();
  const purgeFilingFiles = () => filings.purge().catch((err: unknown) => logger.error({ err }, 'purging stray uploads failed; retrying later'));
  await purgeFilingFiles();
  const timers: NodeJS.Timeout[] = [];
  if (options.dayCheckMs !== false) {
    timers.push(
      setInterval(() => {
        try {
          if (hall.startDayIfDue()) logger.info({ day: hall.state.counters.day }, 'new hall day');
        } catch (err) {
          logger.error({ err }, 'starting the new day failed; retrying');
        }
      }, options.dayCheckMs ?? 30_000),
    );
    timers.push(setInterval(() => void runRetention(), 6 * 3600_000));
    timers.push(setInterval(() => void purgeFilingFiles(), 3600_000));
    for (const t of timers) t.unref();
  }
  // After start-up's own writes (seed, retention, purges): what they left in the log is copied at once.
  store.startCheckpointer();

  return {
    hall,
    store,
    tokens,
    terminals,
    staff,
    figures,
    history,
    audit,
    filings,
    retention,
    clockGuard,
    upstream,
    metrics,
    http,
    io,
    logger,
    async listen(port, host = '127.0.0.1') {
      await http.listen({ port, host });
      const address = http.server.address() as AddressInfo;
      return `${options.tls ? 'https' : 'http'}://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
    },
    async close() {
      for (const t of timers) clearInterval(t);
      tokens.unwatch();
      await upstream?.stop();
      // socket.io says goodbye to its clients and closes the HTTP server, which waits for every connection to end:
      // one client that stopped reading a large response would hold the hall's stop for ever. Fastify's close
      // (forceCloseConnections) ends what is still open, so both are under way at once.
      const socketsClosed = new Promise<void>((resolve) => io.close(() => resolve()));
      await http.close().catch(() => undefined);
      await socketsClosed;
      await fileStore.close();
      await store.stopCheckpointer();
      store.close();
    },
  };
}
