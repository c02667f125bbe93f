/**
 * The devices a terminal set-up lists, opened through the drivers, each kept
 * alive by a Supervisor and described by a DeviceStatus. Emits:
 * - `devices` (DeviceStatus[]) whenever any status changes;
 * - `card` (CardRead) once per card insertion; `card-error` for a failed read;
 * - `scan` (Scan).
 * - `key` (KeyPress) for a caller keypad's key (counter role only).
 * Window peripherals (LED strip, keypad, evaluator) are hosted only when
 * `windowPeripherals` is set (the counter role); a ticket kiosk leaves them alone.
 */
import { EventEmitter } from 'node:events';
import {
  CardReadError,
  DisconnectedError,
  HidPosScanner,
  IdCardReader,
  SamError,
  SerialLineScanner,
  TextBlockError,
  TimeoutError,
  type CardRead,
  type DriverError,
  type KeyPress,
  type LedContent,
  type RatingResult,
  type Scan,
  type Transport,
} from '@hall/drivers';
import type { ResolvedDevice, ResolvedTerminal } from '@hall/hardware-profiles';
import type { DeviceState, DeviceStatus, Localized } from '../../shared/kiosk-api.ts';
import { silentAgentLogger, type AgentLogger } from '../log.ts';
import { Supervisor, type Running } from './supervisor.ts';
import { canPrint, type PrinterCondition, type TicketPrinter } from './ticket-printer.ts';
import { openTransport, type TransportFactory } from './transports.ts';
import { ledFamily, lineKey, speaksWindowBus, WindowLine, type RatingQuestion, type WindowDeviceRole } from './window-line.ts';

/** A driver whose device comes and goes with its transport: the ID reader, a scanner. */
type LinkedDriver = { on(event: 'connected', listener: () => void): unknown; on(event: 'disconnected', listener: (reason: string) => void): unknown };

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
  /** Host the window's LED strip, caller keypad and evaluator (counter role). */
  windowPeripherals?: boolean;
  /** Caller keypad poll pause, ms (default 50). */
  keypadIntervalMs?: number;
};

/** The window's peripherals, whichever line they hang on and whether or not that line is up right now. */
export type WindowDevices = {
  readonly hasLed: boolean;
  readonly hasKeypad: boolean;
  readonly hasEvaluator: boolean;
  showLed(content: LedContent | null): Promise<void>;
  keypadDisplay(text: string): Promise<void>;
  askRating(question: RatingQuestion): Promise<RatingResult>;
};

export type DeviceHubEvents = {
  devices: [statuses: DeviceStatus[]];
  card: [read: CardRead];
  'card-error': [error: DriverError];
  scan: [scan: Scan];
  key: [press: KeyPress];
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
  NOT_ANSWERING: { 'zh-CN': '设备无应答', 'zh-TW': '設備無應答', en: 'not answering' },
  RESTARTING: { 'zh-CN': '设备正在重启', 'zh-TW': '設備正在重啟', en: 'restarting' },
};

/** The device kinds the agent hosts, by model class. */
const HOSTED = new Set(['id-reader', 'scanner', 'printer']);
const WINDOW = new Set(['led', 'keypad', 'evaluator']);

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
  /** Running window lines, by line key, and which line each window role lives on. */
  readonly #lines = new Map<string, WindowLine>();
  readonly #windowRoles = new Map<WindowDeviceRole, { key: string; device: ResolvedDevice }>();

  constructor(terminal: ResolvedTerminal, options: DeviceHubOptions = {}) {
    super();
    this.#terminal = terminal;
    const roles = this.#windowRoles;
    this.window = {
      get hasLed() {
        return roles.has('led');
      },
      get hasKeypad() {
        return roles.has('keypad');
      },
      get hasEvaluator() {
        return roles.has('evaluator');
      },
      showLed: (content) => this.#onLine('led', (line) => line.showLed(content)),
      keypadDisplay: (text) => this.#onLine('keypad', (line) => line.keypadDisplay(text)),
      askRating: (question) => this.#onLine('evaluator', (line) => line.askRating(question), true),
    };
    this.#o = options;
    this.#log = options.logger ?? silentAgentLogger;
  }

  get #now(): () => number {
    return this.#o.now ?? Date.now;
  }

  /** The devices this hub hosts (by their name in the set-up). */
  get hosted(): ResolvedDevice[] {
    return Object.values(this.#terminal.devices).filter((d) => this.#hosts(d));
  }

  #hosts(device: ResolvedDevice): boolean {
    return HOSTED.has(device.model.class) || (!!this.#o.windowPeripherals && WINDOW.has(device.model.class));
  }

  /** The window's LED strip, keypad and evaluator (counter role). Calls on a device that is not there do nothing, or reject while its line is down. */
  readonly window: WindowDevices;

  async #onLine<T>(role: WindowDeviceRole, fn: (line: WindowLine) => Promise<T>, required = false): Promise<T> {
    const at = this.#windowRoles.get(role);
    const line = at ? this.#lines.get(at.key) : undefined;
    if (!line) {
      if (required || at) throw new DisconnectedError(`the ${role} is not connected`);
      return undefined as T;
    }
    return fn(line);
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
    if (this.#o.windowPeripherals) this.#superviseWindowLines();
    for (const device of Object.values(this.#terminal.devices)) {
      if (WINDOW.has(device.model.class) && this.#o.windowPeripherals) continue;
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

  /** One supervisor per RS-485 line, however many window peripherals share it. */
  #superviseWindowLines(): void {
    const groups = new Map<string, Partial<Record<WindowDeviceRole, ResolvedDevice>>>();
    for (const device of Object.values(this.#terminal.devices)) {
      if (!WINDOW.has(device.model.class)) continue;
      const role = device.model.class as WindowDeviceRole;
      const supported = role === 'led' ? ledFamily(device) !== undefined : speaksWindowBus(device);
      if (!supported || this.#windowRoles.has(role)) {
        this.#set(device, 'absent', 'NO_DRIVER', false);
        this.#log.warn('window peripheral not hosted', {
          device: device.name,
          model: device.model.id,
          reason: supported ? 'a second one of its kind' : 'protocol without a driver',
        });
        continue;
      }
      const key = lineKey(device);
      this.#windowRoles.set(role, { key, device });
      let group = groups.get(key);
      if (!group) groups.set(key, (group = {}));
      group[role] = device;
      this.#set(device, 'absent', 'DISCONNECTED', false);
    }
    for (const [key, group] of groups) {
      const members = Object.values(group) as ResolvedDevice[];
      const supervisor = new Supervisor({
        name: `line ${key}`,
        logger: this.#log,
        now: this.#now,
        start: () => this.#startWindowLine(key, group),
        onState: (state, reason) => {
          if (state === 'restarting') for (const d of members) this.#set(d, 'error', 'RESTARTING');
          if (reason) this.#log.warn('window line restarting', { line: key, reason });
        },
      });
      this.#supervisors.set(`line:${key}`, supervisor);
    }
  }

  async #startWindowLine(key: string, group: Partial<Record<WindowDeviceRole, ResolvedDevice>>): Promise<Running> {
    const members = Object.values(group) as ResolvedDevice[];
    const first = members[0]!;
    const transportFor = this.#o.transportFor ?? openTransport;
    const transport = transportFor(first);
    const log = this.#log.child({ line: key });
    transport.on('error', (err) => log.warn('transport error', { error: err }));
    const setAll = (state: DeviceState, code?: string) => members.forEach((d) => this.#set(d, state, code));
    const line = new WindowLine({
      transport,
      ...group,
      logger: log,
      ...(this.#o.keypadIntervalMs !== undefined ? { keypadIntervalMs: this.#o.keypadIntervalMs } : {}),
      onKey: (press) => this.emit('key', press),
      onDevice: (role, answering, code) => {
        const d = group[role];
        if (d) this.#set(d, answering ? 'ok' : transport.isOpen ? 'error' : 'absent', answering ? undefined : code);
      },
      onLine: (connected, reason) => {
        if (connected) {
          log.info('window line connected');
          setAll('ok');
        } else {
          log.warn('window line disconnected', { reason });
          setAll('absent', 'DISCONNECTED');
        }
      },
    });
    await transport.open().catch((err: Error) => log.warn('window line not available yet', { error: err }));
    this.#lines.set(key, line);
    if (transport.isOpen) setAll('ok');
    line.start();
    return {
      stop: async () => {
        if (this.#lines.get(key) === line) this.#lines.delete(key);
        await line.stop();
      },
    };
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
    /** A reader's or a scanner's link: logged, and the device working or absent with it. */
    const follow = (driver: LinkedDriver) => {
      driver.on('connected', () => {
        link(true);
        this.#set(device, 'ok');
      });
      driver.on('disconnected', (reason: string) => {
        link(false, reason);
        this.#set(device, 'absent', 'DISCONNECTED');
      });
    };
    switch (device.model.class) {
      case 'id-reader':
        return this.#startReader(device, transport, die, follow);
      case 'scanner':
        return this.#startScanner(device, transport, follow);
      default:
        return this.#startPrinter(device, transport, link);
    }
  }

  async #startReader(device: ResolvedDevice, transport: Transport, die: (reason: string) => void, follow: (driver: LinkedDriver) => void): Promise<Running> {
    const reader = new IdCardReader(transport, { logger: this.#log.child({ device: device.name }) });
    const deadAfter = this.#o.readerDeadAfterTimeouts ?? 5;
    let timeouts = 0;
    let lastTimeout = 0;
    follow(reader);
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

  async #startScanner(device: ResolvedDevice, transport: Transport, follow: (driver: LinkedDriver) => void): Promise<Running> {
    const scanner = device.transport.type === 'hid' ? new HidPosScanner(transport) : new SerialLineScanner(transport);
    follow(scanner);
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
