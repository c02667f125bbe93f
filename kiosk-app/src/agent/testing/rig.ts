/**
 * A whole kiosk on one machine for tests and the bench: a real hall server
 * (hall-server's test harness), the agent with its devices on socat pty
 * pairs (or loopback TCP lines, as the demo runs them), the drivers'
 * simulators on the other ends (ID reader, scanner,
 * printer), the agent's WebSocket server and a KioskApi client over it.
 * Pieces can be stopped and started again on the same data directories.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EscPosPrinterSimulator,
  IdReaderSimulator,
  SerialScannerSimulator,
  openSimLine,
  type CardType,
  type PrinterSimState,
  type SimLine,
  type SimLineKind,
} from '@hall/drivers';
import { startHall, type TestHall } from '@hall/server/testing';
import { kioskPageUrl } from '../../shared/bridge.ts';
import type { KioskApi, KioskEvents } from '../../shared/kiosk-api.ts';
import { createKioskClient, type RpcResponse } from '../../shared/rpc.ts';
import { loadAgentConfig, type AgentConfig } from '../config.ts';
import { createDeviceHost, type DeviceHost, type DeviceHostOptions } from '../index.ts';
import { createLogger, type AgentLogger } from '../log.ts';
import { connectWsCarrier, type WsCarrier } from '../ws-carrier.ts';
import { startAgentServer, type AgentServer } from '../ws-server.ts';

export const STAFF_PIN = '2468';

export type SimDevices = {
  lines: { idReader: SimLine; printer: SimLine; scanner: SimLine };
  reader: IdReaderSimulator;
  scanner: SerialScannerSimulator;
  printer: EscPosPrinterSimulator;
  close(): Promise<void>;
};

export type SimDevicesOptions = {
  /** `pty` (socat, the default: what the tests exercise) or `tcp` (loopback, needs nothing but Node). */
  line?: SimLineKind;
  baud?: { idReader: number; printer: number; scanner: number };
};

export async function startSimDevices(options: SimDevicesOptions = {}): Promise<SimDevices> {
  const kind = options.line ?? 'pty';
  const baud = options.baud ?? { idReader: 115200, printer: 115200, scanner: 115200 };
  const opened = await Promise.allSettled([openSimLine(kind, baud.idReader), openSimLine(kind, baud.printer), openSimLine(kind, baud.scanner)]);
  const lines = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  const failed = opened.find((o) => o.status === 'rejected');
  if (failed) {
    await Promise.all(lines.map((l) => l.close()));
    throw failed.reason;
  }
  const [idReader, printer, scanner] = lines as [SimLine, SimLine, SimLine];
  return {
    lines: { idReader, printer, scanner },
    reader: new IdReaderSimulator(idReader.device, { card: null, findAfterRead: 'not-found' }),
    scanner: new SerialScannerSimulator(scanner.device),
    printer: new EscPosPrinterSimulator(printer.device),
    async close() {
      await Promise.all(lines.map((l) => l.close()));
    },
  };
}

const TERMINAL_NAMES = { ticket: '测试取号机 (test kiosk)', filing: '测试自助申报机 (test filing machine)' } as const;

/** A terminal set-up of the role with its reader, printer and scanner on the simulators' lines (named and filed as a test's unless told). */
export function writeProfile(
  dir: string,
  sims: SimDevices,
  role: keyof typeof TERMINAL_NAMES = 'ticket',
  options: { name?: string; file?: string } = {},
): string {
  const file = join(dir, options.file ?? `test-${role}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      name: options.name ?? TERMINAL_NAMES[role],
      role,
      devices: {
        idReader: { model: 'generic-ga467', transport: sims.lines.idReader.host },
        printer: { model: 'generic-escpos-80', transport: sims.lines.printer.host },
        scanner: { model: 'generic-serial-scanner', transport: sims.lines.scanner.host },
      },
    }),
  );
  return file;
}

export type Agent = {
  device: DeviceHost;
  server: AgentServer;
  carrier: WsCarrier;
  api: KioskApi;
  config: AgentConfig;
  /** The hall's kiosk page pointed at this agent, its key in the fragment: what `npm run agent` prints. */
  pageUrl: string;
  close(): Promise<void>;
};

export type StartAgentOptions = {
  hallUrl: string;
  token: string;
  profile: string;
  dataDir: string;
  logger?: AgentLogger;
  host?: DeviceHostOptions;
  /** Origins of pages accepted besides the hall's (a renderer served from this machine). */
  pageOrigins?: string[];
};

export async function startAgent(options: StartAgentOptions): Promise<Agent> {
  const config = loadAgentConfig({
    KIOSK_PROFILE: options.profile,
    HALL_URL: options.hallUrl,
    KIOSK_TOKEN: options.token,
    KIOSK_AGENT_PORT: '0',
    KIOSK_STAFF_PIN: STAFF_PIN,
    KIOSK_DATA: options.dataDir,
  });
  const device = await createDeviceHost(config, {
    logger: options.logger ?? createLogger({ write: () => {} }),
    reconnectDelayMs: 100,
    reconnectDelayMaxMs: 300,
    syncRetry: { initialMs: 100, maxMs: 500 },
    ...options.host,
  });
  const server = await startAgentServer(device.host, { port: 0, allowedOrigins: [...config.pageOrigins, ...(options.pageOrigins ?? [])] });
  // As the hall's kiosk page connects: its origin, and the key from its address.
  const carrier = await connectWsCarrier(server.url, { origin: config.hallUrl, key: server.key });
  const api = createKioskClient(carrier, { timeoutMs: 15_000 });
  return {
    device,
    server,
    carrier,
    api,
    config,
    pageUrl: kioskPageUrl(config.hallUrl, server.url, server.key),
    async close() {
      await carrier.close();
      await server.close();
      await device.close();
    },
  };
}

/** Resolves with the next event of a kind (that passes `accept`), or rejects after `timeoutMs`. */
export function nextEvent<E extends keyof KioskEvents>(
  api: KioskApi,
  event: E,
  accept: (p: KioskEvents[E]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<KioskEvents[E]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${event} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = api.on(event, (payload) => {
      if (!accept(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until the agent is linked to the hall, knows the hall, and its devices work. */
export async function agentReady(api: KioskApi, timeoutMs = 10_000): Promise<void> {
  await until(async () => (await api.hall()).online && (await api.info()).hall !== null && (await devicesWork(api)), timeoutMs, 'the agent to be ready');
}

/** Waits until the agent's devices work, with or without the hall (a restart in an outage). */
export async function devicesReady(api: KioskApi, timeoutMs = 10_000): Promise<void> {
  await until(() => devicesWork(api), timeoutMs, 'the agent’s devices');
}

const devicesWork = async (api: KioskApi) => (await api.devices()).every((d) => d.state === 'ok');

/** Lifts the card and waits two reader polls, so the next insertion is seen as a new card. */
export async function liftCard(reader: IdReaderSimulator): Promise<void> {
  reader.remove();
  await new Promise((r) => setTimeout(r, 700));
}

/** Sends one raw message over a second connection, as the hall's page would open it, and returns the answer (for what KioskApi cannot express). */
export async function rawRequest(agent: Pick<Agent, 'server' | 'config'>, message: unknown): Promise<RpcResponse | undefined> {
  const carrier = await connectWsCarrier(agent.server.url, { origin: agent.config.hallUrl, key: agent.server.key });
  try {
    return await new Promise<RpcResponse | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), 2000);
      carrier.onMessage((m) => {
        if (m.type !== 'response') return;
        clearTimeout(timer);
        resolve(m);
      });
      carrier.socket.send(JSON.stringify(message));
    });
  } finally {
    await carrier.close();
  }
}

export type KioskRig = {
  hall: TestHall;
  sims: SimDevices;
  agent: Agent;
  dir: string;
  kioskToken: string;
  close(): Promise<void>;
};

export async function startKioskRig(options: { host?: DeviceHostOptions } = {}): Promise<KioskRig> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-rig-'));
  const hall = await startHall();
  const sims = await startSimDevices();
  const profile = writeProfile(dir, sims);
  const kioskToken = hall.token('kiosk');
  const agent = await startAgent({ hallUrl: hall.url, token: kioskToken, profile, dataDir: join(dir, 'data'), host: { printerPollMs: 0, ...options.host } });
  await agentReady(agent.api);
  return {
    hall,
    sims,
    agent,
    dir,
    kioskToken,
    async close() {
      await agent.close();
      await sims.close();
      await hall.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type { CardType, PrinterSimState };
