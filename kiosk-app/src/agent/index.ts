/**
 * The device host: devices, hall link, offline outbox and the KioskHost over
 * them. The agent process (`npm run agent`) serves it over a local WebSocket;
 * Electron's main process imports `createDeviceHost` and serves the same host
 * over IPC.
 */
import { join } from 'node:path';
import type { KioskHost } from '../shared/host.ts';
import { Catalogue } from './catalogue.ts';
import type { AgentConfig } from './config.ts';
import { DeviceHub, type PrinterFactory } from './devices/device-hub.ts';
import { EscPosTicketPrinter } from './devices/escpos-printer.ts';
import type { TransportFactory } from './devices/transports.ts';
import { HallLink } from './hall-link.ts';
import { CounterDesk } from './counter/desk.ts';
import { FilingGuides } from './filing/filing-guides.ts';
import { FilingOutbox } from './filing/filing-outbox.ts';
import { FilingSync } from './filing/filing-sync.ts';
import { AgentHost } from './host.ts';
import { silentAgentLogger, type AgentLogger } from './log.ts';
import { LeaseKeeper } from './offline/lease-keeper.ts';
import { OfflineStore } from './offline/offline-store.ts';
import { OutboxSync } from './offline/outbox-sync.ts';

export { loadAgentConfig, AgentConfigError, type AgentConfig } from './config.ts';
export { createLogger, type AgentLogger } from './log.ts';
export type { TicketPrinter, TicketJson, PrinterCondition } from './devices/ticket-printer.ts';

export type DeviceHostOptions = {
  logger?: AgentLogger;
  /** Clock for everything that decides (card expiry, staff sessions, offline issue times). */
  now?: () => number;
  /** Opens a device's transport (tests may hand in fakes); default: serial, HID or TCP per the profile. */
  transportFor?: TransportFactory;
  /** Builds the ticket printer; default: the drivers' ESC/POS printer. */
  printerFor?: PrinterFactory;
  /** Printer status poll while idle, ms (default 3000; 0: never). */
  printerPollMs?: number;
  /** Card (and at a filing machine, the company and captured pages) kept for an idle visitor, ms (default 60 000; filing machine 300 000). */
  visitorIdleMs?: number;
  /** Numbers per lease and the low-water mark that triggers a refill (default 5 and 2). */
  lease?: { blockSize?: number; lowWater?: number };
  /** socket.io reconnection pace, ms (tests use short ones). */
  reconnectDelayMs?: number;
  reconnectDelayMaxMs?: number;
  /** Outbox resend backoff, ms. */
  syncRetry?: { initialMs?: number; maxMs?: number };
  agentVersion?: string;
  /** Counter role: how long the evaluator waits for the visitor's rating, ms (default 60 s). */
  ratingTimeoutMs?: number;
  /** Counter role: caller keypad poll pause, ms (default 50). */
  keypadIntervalMs?: number;
  /** Filing role: pages held at once for one visitor (default 60). */
  maxStagedPages?: number;
};

/** Settled filings (delivered, parked) are remembered at the machine this long, for look-ups and staff. */
const FILING_MEMORY_MS = 30 * 24 * 3600_000;

export type DeviceHost = {
  host: KioskHost;
  close(): Promise<void>;
  /** Staff asked to leave kiosk mode (exitKiosk): the Electron shell acts on it. */
  onExitRequested(cb: () => void): void;
};

export async function createDeviceHost(config: AgentConfig, options: DeviceHostOptions = {}): Promise<DeviceHost> {
  const logger = options.logger ?? silentAgentLogger;
  // Said at every start, the browser agent's and Electron's alike, so an opt-in made once is not forgotten.
  if (config.plainHttpAllowed)
    logger.warn('the hall link is plain http on the network (KIOSK_ALLOW_PLAIN_HTTP=1): the kiosk token and visitors’ data cross it unencrypted', {
      hall: config.hallUrl,
    });
  const store = new OfflineStore(join(config.dataDir, 'outbox.db'));
  const counter = config.role === 'counter';
  const hall = new HallLink({
    url: config.hallUrl,
    token: config.token,
    ...(counter ? { namespace: '/counter' as const, followSeq: true } : {}),
    logger: logger.child({ part: 'hall' }),
    ...(options.reconnectDelayMs !== undefined ? { reconnectDelayMs: options.reconnectDelayMs } : {}),
    ...(options.reconnectDelayMaxMs !== undefined ? { reconnectDelayMaxMs: options.reconnectDelayMaxMs } : {}),
  });
  const printerFor: PrinterFactory =
    options.printerFor ??
    ((device, transport, log) => new EscPosTicketPrinter(device, transport, { logger: log, terminalName: config.terminalName, now: options.now }));
  const devices = new DeviceHub(config.terminal, {
    logger: logger.child({ part: 'devices' }),
    printerFor,
    ...(options.transportFor ? { transportFor: options.transportFor } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.printerPollMs !== undefined ? { printerPollMs: options.printerPollMs } : {}),
    ...(counter ? { windowPeripherals: true } : {}),
    ...(options.keypadIntervalMs !== undefined ? { keypadIntervalMs: options.keypadIntervalMs } : {}),
  });
  const desk = counter
    ? new CounterDesk({
        hall,
        devices,
        logger: logger.child({ part: 'counter' }),
        ...(config.windowNo !== undefined ? { windowNo: config.windowNo } : {}),
        ...(options.ratingTimeoutMs !== undefined ? { ratingTimeoutMs: options.ratingTimeoutMs } : {}),
      })
    : undefined;
  const catalogue = new Catalogue(store);
  let filing: { outbox: FilingOutbox; sync: FilingSync; guides: FilingGuides } | undefined;
  if (config.role === 'filing') {
    const outbox = new FilingOutbox(join(config.dataDir, 'filings.db'));
    outbox.prune(new Date((options.now ?? Date.now)() - FILING_MEMORY_MS).toISOString());
    const sync = new FilingSync({
      outbox,
      hall,
      ticketFor: (leaseId, number) => {
        const t = store.find(leaseId, number);
        return t ? { state: t.state, ...(t.ticketId ? { ticketId: t.ticketId } : {}) } : { state: 'unknown' };
      },
      logger: logger.child({ part: 'filing-outbox' }),
      onChange: () => host?.announceHall(),
      ...(options.now ? { now: options.now } : {}),
      ...(options.syncRetry ? { retry: options.syncRetry } : {}),
    });
    filing = { outbox, sync, guides: new FilingGuides({ hall, store: outbox, logger: logger.child({ part: 'filing-guides' }) }) };
  }
  const leases = new LeaseKeeper({ store, hall, logger: logger.child({ part: 'leases' }), ...options.lease });
  let host: AgentHost | undefined;
  const outbox = new OutboxSync({
    store,
    hall,
    logger: logger.child({ part: 'outbox' }),
    onChange: () => {
      host?.announceHall();
      // A filing may be waiting for one of these tickets to reach the hall before it can be linked.
      void filing?.sync.kick();
    },
    ...(options.syncRetry ? { retry: options.syncRetry } : {}),
  });
  host = new AgentHost({
    role: config.role,
    terminalName: config.terminalName,
    trackBaseUrl: config.trackBaseUrl,
    ...(config.staffPin !== undefined ? { staffPin: config.staffPin } : {}),
    hall,
    devices,
    store,
    catalogue,
    leases,
    outbox,
    logger,
    ...(options.now ? { now: options.now } : {}),
    ...(options.visitorIdleMs !== undefined ? { visitorIdleMs: options.visitorIdleMs } : {}),
    ...(options.agentVersion ? { agentVersion: options.agentVersion } : {}),
    ...(desk ? { counter: desk } : {}),
    ...(filing ? { filing: { ...filing, ...(options.maxStagedPages !== undefined ? { session: { maxPages: options.maxStagedPages } } : {}) } } : {}),
  });
  const agentHost = host;

  await devices.start();
  hall.start();
  logger.info('device host started', {
    terminal: config.terminalName,
    role: config.role,
    hall: config.hallUrl,
    pendingOffline: store.pendingCount(),
    ...(filing ? { pendingFilings: filing.outbox.counts().pending, parkedFilings: filing.outbox.counts().parked } : {}),
  });

  return {
    host: agentHost,
    onExitRequested: (cb) => void agentHost.onExitRequested(cb),
    async close() {
      agentHost.dispose();
      await hall.close();
      await Promise.all([leases.close(), outbox.close(), filing?.sync.close(), agentHost.idle()]);
      await devices.close();
      store.close();
      filing?.outbox.close();
      logger.info('device host stopped');
    },
  };
}
