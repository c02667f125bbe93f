/**
 * The devices a terminal set-up lists, opened through the drivers, each kept
 * alive by a Supervisor and described by a DeviceStatus. Emits:
 * - `devices` (DeviceStatus[]) whenever any status changes;
 * - `card` (CardRead) once per card insertion; `card-error` for a failed read;
 * - `scan` (Scan).
 * Devices of classes a kiosk does not host (LED, keypad, evaluator) are left alone.
 */
import { EventEmitter } from 'node:events';
import { CardReadError, HidPosScanner, IdCardReader, SamError, SerialLineScanner, TextBlockError, TimeoutError, type CardRead, type DriverError, type Scan, type Transport } from '@hall/drivers';
import type { ResolvedDevice, ResolvedTerminal } from '@hall/hardware-profiles';
import type { DeviceState, DeviceStatus, Localized } from '../../shared/kiosk-api.ts';
import { silentAgentLogger, type AgentLogger } from '../log.ts';
import { Supervisor, type Running } from './supervisor.ts';
import { canPrint, type PrinterCondition, type TicketPrinter } from './ticket-printer.ts';
import { openTransport, type TransportFactory } from './transports.ts';

export type PrinterFactory = (device: ResolvedDevice, transport: Transport, logger: AgentLogger) => TicketPrinter;

export type DeviceHubOptions = {
  transportFor?: TransportFactory;
  /** Builds the ticket printer over its transport; without it a listed printer stays `absent` (NO_DRIVER). */
  printerFor?: PrinterFactory;
  logger?: AgentLogger;
  now?: () => number;
  /** How often the printer's status is asked while idle, ms. */
  printerPollMs?: number;
  /** A reader that times out this many times in a row, each within 3 s of the last, is restarted. */
  readerDeadAfterTimeouts?: number;
};

export type DeviceHubEvents = {
  devices: [statuses: DeviceStatus[]];
  card: [read: CardRead];
  'card-error': [error: DriverError];
  scan: [scan: Scan];
};

const STATUS_TEXT: Record<string, Localized> = {
  DISCONNECTED: { 'zh-CN': '设备未连接', 'zh-TW': '設備未連接', en: 'not connected' },
  PAPER_LOW: { 'zh-CN': '打印纸即将用完', 'zh-TW': '列印紙即將用完', en: 'paper low' },
  PAPER_OUT: { 'zh-CN': '打印机缺纸', 'zh-TW': '印表機缺紙', en: 'out of paper' },
  COVER_OPEN: { 'zh-CN': '打印机上盖打开', 'zh-TW': '印表機上蓋打開', en: 'cover open' },
  OFFLINE: { 'zh-CN': '打印机离线', 'zh-TW': '印表機離線', en: 'offline' },
  FAULT: { 'zh-CN': '设备故障', 'zh-TW': '設備故障', en: 'device fault' },
  NO_RESPONSE: { 'zh-CN': '设备无应答', 'zh-TW': '設備無應答', en: 'not answering' },
  SAM_ERROR: { 'zh-CN': '读卡器安全模块故障', 'zh-TW': '讀卡器安全模組故障', en: 'reader security module fault' },
  NO_DRIVER: { 'zh-CN': '无可用驱动', 'zh-TW': '無可用驅動', en: 'no driver available' },
  RESTARTING: { 'zh-CN': '设备正在重启', 'zh-TW': '設備正在重啟', en: 'restarting' },
};

/** The device kinds the agent hosts, by model class. */
const HOSTED = new Set(['id-reader', 'scanner', 'printer']);

export class DeviceHub extends EventEmitter<DeviceHubEvents> {
  readonly #terminal: ResolvedTerminal;
  readonly #o: DeviceHubOptions;
  readonly #log: AgentLogger;
  readonly #status = new Map<string, DeviceStatus>();
  readonly #supervisors = new Map<string, Supervisor>();
  #printer: TicketPrinter | undefined;
  #printerDevice: ResolvedDevice | undefined;
  #pollTimer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(terminal: ResolvedTerminal, options: DeviceHubOptions = {}) {
    super();
    this.#terminal = terminal;
    this.#o = options;
    this.#log = options.logger ?? silentAgentLogger;
  }

  get #now(): () => number {
    return this.#o.now ?? Date.now;
  }

  /** The devices this hub hosts (by their name in the set-up). */
  get hosted(): ResolvedDevice[] {
    return Object.values(this.#terminal.devices).filter((d) => HOSTED.has(d.model.class));
  }

  statuses(): DeviceStatus[] {
    return [...this.#status.values()].map((s) => ({ ...s }));
  }

  status(name: string): DeviceStatus | undefined {
    const s = this.#status.get(name);
    return s && { ...s };
  }

  /** The ticket printer, if the set-up lists one and its driver is up. */
  get printer(): TicketPrinter | undefined {
    return this.#printer;
  }

  get printerDevice(): ResolvedDevice | undefined {
    return this.#printerDevice;
  }

  async start(): Promise<void> {
    for (const device of Object.values(this.#terminal.devices)) {
      if (!HOSTED.has(device.model.class)) {
        this.#log.info('device not hosted by the kiosk agent', { device: device.name, model: device.model.id });
        continue;
      }
      this.#set(device, 'absent', 'DISCONNECTED', false);
      const supervisor = new Supervisor({
        name: device.name,
        logger: this.#log,
        now: this.#now,
        start: (die) => this.#startDriver(device, die),
        onState: (state, reason) => {
          if (state === 'restarting') this.#set(device, 'error', 'RESTARTING');
          if (reason) this.#log.warn('device restarting', { device: device.name, reason });
        },
      });
      this.#supervisors.set(device.name, supervisor);
    }
    this.emit('devices', this.statuses());
    await Promise.all([...this.#supervisors.values()].map((s) => s.start()));
    const pollMs = this.#o.printerPollMs ?? 3000;
    if (this.#printerDevice && pollMs > 0) {
      this.#pollTimer = setInterval(() => void this.checkPrinter().catch(() => {}), pollMs);
      this.#pollTimer.unref?.();
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#pollTimer);
    await Promise.all([...this.#supervisors.values()].map((s) => s.stop()));
  }

  /** Asks the printer now and updates its status. Undefined when the set-up lists no printer. */
  async checkPrinter(): Promise<PrinterCondition | undefined> {
    const device = this.#printerDevice;
    if (!device) return undefined;
    const printer = this.#printer;
    if (!printer) {
      const s = this.#status.get(device.name);
      return { state: s?.state === 'ok' ? 'error' : (s?.state ?? 'absent'), code: (s?.code as PrinterCondition['code']) ?? 'DISCONNECTED' };
    }
    const condition = printer.connected ? await printer.condition() : { state: 'absent' as const, code: 'DISCONNECTED' as const };
    if (!this.#closed) this.#set(device, condition.state, condition.code);
    return condition;
  }

  /** Records what a print revealed (paper running low) without waiting for the next poll. */
  notePrinter(condition: PrinterCondition): void {
    if (this.#printerDevice) this.#set(this.#printerDevice, condition.state, condition.code);
  }

  #set(device: ResolvedDevice, state: DeviceState, code?: string, emit = true): void {
    const prev = this.#status.get(device.name);
    if (prev && prev.state === state && prev.code === code) return;
    const status: DeviceStatus = { device: device.name, model: device.model.id, state, since: new Date(this.#now()).toISOString() };
    if (code) {
      status.code = code;
      const text = STATUS_TEXT[code];
      if (text) status.message = text;
    }
    this.#status.set(device.name, status);
    if (emit && !this.#closed) this.emit('devices', this.statuses());
  }

  async #startDriver(device: ResolvedDevice, die: (reason: string) => void): Promise<Running> {
    const transportFor = this.#o.transportFor ?? openTransport;
    const transport = transportFor(device);
    const log = this.#log.child({ device: device.name });
    transport.on('error', (err) => log.warn('transport error', { error: err }));
    const link = (connected: boolean, reason?: string) => {
      if (!connected) log.warn('device disconnected', { reason });
      else log.info('device connected');
    };
    switch (device.model.class) {
      case 'id-reader':
        return this.#startReader(device, transport, die, link);
      case 'scanner':
        return this.#startScanner(device, transport, link);
      default:
        return this.#startPrinter(device, transport, link);
    }
  }

  async #startReader(device: ResolvedDevice, transport: Transport, die: (reason: string) => void, link: (c: boolean, r?: string) => void): Promise<Running> {
    const reader = new IdCardReader(transport, { logger: this.#log.child({ device: device.name }) });
    const deadAfter = this.#o.readerDeadAfterTimeouts ?? 5;
    let timeouts = 0;
    let lastTimeout = 0;
    reader.on('connected', () => {
      link(true);
      this.#set(device, 'ok');
    });
    reader.on('disconnected', (reason) => {
      link(false, reason);
      this.#set(device, 'absent', 'DISCONNECTED');
    });
    reader.on('card', (read) => {
      timeouts = 0;
      this.#set(device, 'ok');
      this.emit('card', read);
    });
    reader.on('removed', () => (timeouts = 0));
    reader.on('error', (err) => {
      if (err instanceof TimeoutError) {
        const now = this.#now();
        timeouts = now - lastTimeout < 3000 ? timeouts + 1 : 1;
        lastTimeout = now;
        if (timeouts >= deadAfter) {
          this.#set(device, 'error', 'NO_RESPONSE');
          die(`no answer to ${timeouts} commands in a row`);
        }
        return;
      }
      if (err instanceof SamError) {
        this.#set(device, 'error', 'SAM_ERROR');
        return;
      }
      // A card that cannot be read or decoded (a bad check digit included) is the visitor's problem to hear about.
      if (err instanceof CardReadError || err instanceof TextBlockError) this.emit('card-error', err);
      else this.#log.debug('reader noise', { device: device.name, error: err });
    });
    await reader.start();
    if (transport.isOpen) this.#set(device, 'ok');
    return { stop: () => reader.stop() };
  }

  async #startScanner(device: ResolvedDevice, transport: Transport, link: (c: boolean, r?: string) => void): Promise<Running> {
    const scanner = device.transport.type === 'hid' ? new HidPosScanner(transport) : new SerialLineScanner(transport);
    scanner.on('connected', () => {
      link(true);
      this.#set(device, 'ok');
    });
    scanner.on('disconnected', (reason) => {
      link(false, reason);
      this.#set(device, 'absent', 'DISCONNECTED');
    });
    scanner.on('scan', (scan) => this.emit('scan', scan));
    scanner.on('error', (err) => this.#log.debug('scanner error', { device: device.name, error: err }));
    // An absent scanner is not fatal: the transport keeps trying to open it by itself.
    await scanner.start().catch((err: Error) => this.#log.warn('scanner not available yet', { device: device.name, error: err }));
    if (transport.isOpen) this.#set(device, 'ok');
    return { stop: () => scanner.stop() };
  }

  async #startPrinter(device: ResolvedDevice, transport: Transport, link: (c: boolean, r?: string) => void): Promise<Running> {
    this.#printerDevice = device;
    if (!this.#o.printerFor) {
      this.#set(device, 'absent', 'NO_DRIVER');
      return { stop: async () => {} };
    }
    const printer = this.#o.printerFor(device, transport, this.#log.child({ device: device.name }));
    printer.onLink((connected, reason) => {
      link(connected, reason);
      if (connected) void this.checkPrinter().catch(() => {});
      else this.#set(device, 'absent', 'DISCONNECTED');
    });
    await transport.open().catch((err: Error) => this.#log.warn('printer not available yet', { device: device.name, error: err }));
    this.#printer = printer;
    await this.checkPrinter();
    return {
      stop: async () => {
        if (this.#printer === printer) this.#printer = undefined;
        await printer.close();
      },
    };
  }
}

export { canPrint };
