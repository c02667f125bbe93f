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
import { createApplication, type Application } from '@hall/server/app';
import type { HallConfig } from '@hall/server/config';
import { createLogger as hallLogger } from '@hall/server/log';
import { apiClient, demoConfig, startHall, tempDir, type Api, type TestHall } from '@hall/server/testing';
import { kioskPageUrl } from '../../shared/bridge.ts';
import type { ContractRig } from '../../shared/kiosk-api.contract.ts';
import type { KioskApi } from '../../shared/kiosk-api.ts';
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

/** What an agent starts with besides its hall, token, set-up and data (and starts again with after a reboot, unless told otherwise). */
export type AgentOptions = {
  logger?: AgentLogger;
  host?: DeviceHostOptions;
  /** Origins of pages accepted besides the hall's (a renderer served from this machine). */
  pageOrigins?: string[];
};

export type StartAgentOptions = AgentOptions & { hallUrl: string; token: string; profile: string; dataDir: string };

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

/** A terminal on this machine: the simulated reader, printer and scanner, its set-up file, and its agent on data that outlive a reboot. */
export type Terminal = {
  sims: SimDevices;
  agent: Agent;
  dir: string;
  profile: string;
  /** The agent's data directory (its outboxes). */
  dataDir: string;
  /** The terminal reboots: the agent stops and starts again on the same data (a new port and key); resolves once its devices work, hall or no hall. */
  restartAgent(options?: AgentOptions): Promise<Agent>;
  close(): Promise<void>;
};

/** A terminal of the role linked to `hallUrl` with `token`, ready once its agent knows the hall; `onClose` runs after it is closed. */
export async function startTerminal(
  options: AgentOptions & { hallUrl: string; token: string; role?: keyof typeof TERMINAL_NAMES },
  onClose?: () => Promise<void>,
): Promise<Terminal> {
  const dir = mkdtempSync(join(tmpdir(), `kiosk-${options.role ?? 'ticket'}-`));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  const sims = await startSimDevices().catch((err: unknown) => {
    removeDir();
    throw err;
  });
  const profile = writeProfile(dir, sims, options.role);
  const dataDir = join(dir, 'data');
  const boot = ({ logger, host, pageOrigins }: AgentOptions) =>
    startAgent({ hallUrl: options.hallUrl, token: options.token, profile, dataDir, logger, host: { printerPollMs: 0, ...host }, pageOrigins });
  const close = async (agent?: Agent) => {
    await agent?.close();
    await sims.close();
    removeDir();
    await onClose?.();
  };
  let agent: Agent;
  try {
    agent = await boot(options);
    await agentReady(agent.api);
  } catch (err) {
    await close();
    throw err;
  }
  const terminal: Terminal = {
    sims,
    agent,
    dir,
    profile,
    dataDir,
    async restartAgent(restart = {}) {
      await terminal.agent.close();
      terminal.agent = await boot({ ...options, ...restart });
      await devicesReady(terminal.agent.api);
      return terminal.agent;
    },
    close: () => close(terminal.agent),
  };
  return terminal;
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

/** A real hall and one terminal linked to it; the hall can go away and come back on the same data and port. */
export type KioskRig = Terminal & {
  hall: TestHall;
  /** The terminal's kiosk token. */
  token: string;
  /** The hall goes away, its data kept: an outage. */
  hallDown(): Promise<void>;
  /** The hall back on the same data and port; a manager's Api to it. */
  hallBack(): Promise<Api>;
};

export type KioskRigOptions = AgentOptions & { role?: keyof typeof TERMINAL_NAMES; hallConfig?: HallConfig };

export async function startKioskRig(options: KioskRigOptions = {}): Promise<KioskRig> {
  const config = options.hallConfig ?? demoConfig();
  const hallData = tempDir('kiosk-rig-hall-');
  const hall = await startHall({ config, dataDir: hallData });
  let down = false;
  let revived: Application | undefined;
  const closeHall = async () => {
    if (!down) await hall.close();
    await revived?.close();
    rmSync(hallData, { recursive: true, force: true });
  };
  const token = hall.token('kiosk');
  const terminal = await startTerminal({ ...options, hallUrl: hall.url, token }, closeHall).catch(async (err: unknown) => {
    await closeHall();
    throw err;
  });
  return Object.assign(terminal, {
    hall,
    token,
    async hallDown() {
      down = true;
      await hall.close();
    },
    async hallBack() {
      revived = await createApplication({ dataDir: hallData, seed: config, logger: hallLogger({ level: 'silent' }), dayCheckMs: false });
      await revived.listen(Number(new URL(hall.url).port));
      return apiClient(hall.url, revived.tokens.create('manager', 'test manager'));
    },
  });
}

/** How a contract suite's rig reaches the agent besides its KioskApi: what the carrier needs done its own way. */
export type ContractCarrier = {
  /** Closes the carrier, before the rig goes. */
  closeCarrier?: () => Promise<void>;
  /** Lifts the card with the carrier's own timing (default `liftCard`). */
  liftCard?: (reader: IdReaderSimulator) => Promise<void>;
};

/**
 * The KioskApi contract's rig on this machine's devices and hall, for any
 * carrier: the caller gives the KioskApi it reaches the agent by and how it
 * sends a raw message.
 */
export function kioskContractRig(rig: KioskRig, api: KioskApi, carrier: ContractCarrier & { sendRaw: ContractRig['sendRaw'] }): ContractRig {
  const lift = carrier.liftCard ?? liftCard;
  const manager = rig.hall.api(rig.hall.token('manager'));
  const integration = rig.hall.api(rig.hall.token('integration'));
  return {
    api,
    staffPin: STAFF_PIN,
    insertCard: async (kind) => rig.sims.reader.insert(kind),
    removeCard: () => lift(rig.sims.reader),
    scan: (text) => rig.sims.scanner.scan(text),
    setPrinter: async (state) => rig.sims.printer.setState(state),
    printedText: () => rig.sims.printer.lines.map((l) => l.trim()),
    printerJobBytes: () => rig.sims.printer.jobBytes,
    hallTickets: async (number) => {
      // The search answers without identities; each ticket's own view has the masked one.
      const found = (await manager.get(`/api/v1/tickets?number=${number}`)).body.tickets as { id: string }[];
      return Promise.all(found.map(async (t) => (await manager.get(`/api/v1/tickets/${t.id}`)).body));
    },
    hallIssuedCount: async () => ((await manager.get('/api/v1/queue')).body.services as { issuedToday: number }[]).reduce((n, s) => n + s.issuedToday, 0),
    enrolStaff: async (staffNo, name, pin) => rig.hall.app.staff.upsert({ staffNo, name }, pin),
    createAppointment: async (serviceCode) => {
      const now = Date.now();
      const res = await integration.post('/api/v1/appointments', {
        serviceCode,
        slotStart: new Date(now + 5 * 60_000).toISOString(),
        slotEnd: new Date(now + 35 * 60_000).toISOString(),
      });
      if (res.status !== 201) throw new Error(`appointment not created: ${JSON.stringify(res.body)}`);
      return res.body.code as string;
    },
    sendRaw: carrier.sendRaw,
    close: async () => {
      await carrier.closeCarrier?.();
      await rig.close();
    },
  };
}

export type { CardType, PrinterSimState };
