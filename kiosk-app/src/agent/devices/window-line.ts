/**
 * One RS-485 line at a counter window: the LED strip above it, the clerk's
 * caller keypad and the visitor's evaluator, each at its own address on the
 * same pair (drivers' `Rs485Bus`), opened once whatever number of devices the
 * terminal set-up binds to it.
 *
 * The evaluator question is asked here rather than with the drivers'
 * `Evaluator.ask`, because a question must be abandoned the moment the next
 * visitor's service ends: two questions polling the same device at once
 * would hand one visitor's rating to the other.
 */
import {
  CMD,
  EventPoller,
  KeypadListener,
  LEVEL_NAMES,
  LedStrip,
  RATING_REASONS,
  Rs485Bus,
  TimeoutError,
  field,
  type KeyPress,
  type LedContent,
  type RatingResult,
  type Transport,
} from '@hall/drivers';
import type { ResolvedDevice } from '@hall/hardware-profiles';
import type { AgentLogger } from '../log.ts';

export type WindowDeviceRole = 'led' | 'keypad' | 'evaluator';

/** The drivers' LED family for a model's protocol name (`hall-window-bus` is the drivers' `generic`). */
export function ledFamily(device: ResolvedDevice): string | undefined {
  const protocol = (device.model as { led?: { protocol?: string } }).led?.protocol;
  if (protocol === undefined || protocol === 'hall-window-bus' || protocol === 'generic') return 'generic';
  if (protocol === 'ascii-line') return 'ascii-line';
  return undefined;
}

/** Window peripherals speak `hall-window-bus`; anything else has no driver here. */
export function speaksWindowBus(device: ResolvedDevice): boolean {
  const m = device.model as { keypad?: { protocol?: string }; evaluator?: { protocol?: string } };
  const protocol = m.keypad?.protocol ?? m.evaluator?.protocol;
  return protocol === undefined || protocol === 'hall-window-bus';
}

/** Devices sharing one physical line: the same serial path (or TCP endpoint). */
export function lineKey(device: ResolvedDevice): string {
  const t = device.transport;
  switch (t.type) {
    case 'serial':
    case 'usb-printer':
      return `${t.type}:${t.path}`;
    case 'tcp':
      return `tcp:${t.host}:${t.port}`;
    case 'hid':
      return `hid:${t.vendorId}:${t.productId}`;
    default:
      return device.name;
  }
}

export type RatingQuestion = { clerk: string; clerkId?: string; prompt?: string; timeoutMs: number; signal?: AbortSignal; intervalMs?: number };

export class RatingAbortedError extends Error {
  readonly aborted = true;
  constructor() {
    super('the rating question was withdrawn');
    this.name = 'RatingAbortedError';
  }
}

export type WindowLineOptions = {
  transport: Transport;
  led?: ResolvedDevice;
  keypad?: ResolvedDevice;
  evaluator?: ResolvedDevice;
  logger: AgentLogger;
  /** Keypad poll pause, ms. */
  keypadIntervalMs?: number;
  onKey: (press: KeyPress) => void;
  /** A device answered (true) or stopped answering (false). */
  onDevice: (role: WindowDeviceRole, answering: boolean, code?: string) => void;
  onLine: (connected: boolean, reason?: string) => void;
};

export class WindowLine {
  readonly bus: Rs485Bus;
  readonly #o: WindowLineOptions;
  readonly #led: LedStrip | undefined;
  readonly #keypad: KeypadListener | undefined;
  readonly #keypadAddress: number | undefined;
  readonly #evaluatorAddress: number | undefined;
  readonly #poller: EventPoller;

  constructor(options: WindowLineOptions) {
    this.#o = options;
    this.bus = new Rs485Bus(options.transport, { logger: options.logger });
    this.#poller = new EventPoller(this.bus);
    this.bus.on('noise', (err) => options.logger.debug('bus noise', { error: err }));
    this.bus.on('connected', () => options.onLine(true));
    this.bus.on('disconnected', (reason) => options.onLine(false, reason));
    const family = options.led ? ledFamily(options.led) : undefined;
    if (options.led && family) this.#led = new LedStrip(this.bus, { address: options.led.address ?? 1, family });
    if (options.keypad) {
      this.#keypadAddress = options.keypad.address ?? 1;
      this.#keypad = new KeypadListener(this.bus, { addresses: [this.#keypadAddress], intervalMs: options.keypadIntervalMs ?? 50 }, this.#poller);
      this.#keypad.on('key', (press) => options.onKey(press));
      this.#keypad.on('error', (err) => {
        if (err.code === 'KEYPAD_SILENT') options.onDevice('keypad', false, 'NO_RESPONSE');
        else options.logger.debug('keypad noise', { error: err });
      });
      this.#keypad.on('back', () => options.onDevice('keypad', true));
    }
    if (options.evaluator) this.#evaluatorAddress = options.evaluator.address ?? 1;
  }

  get hasLed(): boolean {
    return this.#led !== undefined;
  }
  get hasKeypad(): boolean {
    return this.#keypad !== undefined;
  }
  get hasEvaluator(): boolean {
    return this.#evaluatorAddress !== undefined;
  }

  start(): void {
    this.#keypad?.start();
  }

  async stop(): Promise<void> {
    await this.#keypad?.stop();
    this.bus.dispose();
    await this.#o.transport.close().catch(() => {});
  }

  async showLed(content: LedContent | null): Promise<void> {
    if (!this.#led) return;
    try {
      if (content) await this.#led.show(content);
      else await this.#led.clear();
      this.#o.onDevice('led', true);
    } catch (err) {
      this.#o.onDevice('led', false, err instanceof TimeoutError ? 'NO_RESPONSE' : 'DISCONNECTED');
      throw err;
    }
  }

  async keypadDisplay(text: string): Promise<void> {
    if (!this.#keypad || this.#keypadAddress === undefined) return;
    await this.#keypad.display(this.#keypadAddress, text);
  }

  /**
   * Shows the clerk and the prompt on the evaluator and waits for the
   * visitor's level (with a reason for 1–2). Rejects with TimeoutError when
   * nobody chooses in time, RatingAbortedError when `signal` aborts; either
   * way the evaluator is sent back to idle.
   */
  async askRating(q: RatingQuestion): Promise<RatingResult> {
    const address = this.#evaluatorAddress;
    if (address === undefined) throw new Error('no evaluator on this line');
    // Anything rated before this question belongs to an earlier visitor.
    for (let i = 0; i < 20 && (await this.#poller.poll(address).catch(() => undefined)); i++);
    if (q.signal?.aborted) throw new RatingAbortedError();
    const prompt = q.prompt ?? '请对本次服务进行评价';
    try {
      await this.bus.request(address, CMD.evaluatorAsk, [...field(q.clerk, 30), ...field(q.clerkId ?? '', 16), ...field(prompt, 80)]);
      this.#o.onDevice('evaluator', true);
    } catch (err) {
      this.#o.onDevice('evaluator', false, err instanceof TimeoutError ? 'NO_RESPONSE' : 'DISCONNECTED');
      throw err;
    }
    const deadline = Date.now() + q.timeoutMs;
    try {
      while (Date.now() < deadline) {
        if (q.signal?.aborted) throw new RatingAbortedError();
        const ev = await this.#poller.poll(address).catch(() => undefined);
        if (ev?.type === 'rating') {
          const result: RatingResult = { level: ev.level, levelName: LEVEL_NAMES[ev.level] ?? String(ev.level) };
          if (ev.reasonCode !== undefined) {
            result.reasonCode = ev.reasonCode;
            result.reason = RATING_REASONS[ev.reasonCode]?.zh ?? '其他';
          }
          return result;
        }
        await abortableSleep(q.intervalMs ?? 100, q.signal);
      }
    } catch (err) {
      await this.bus.request(address, CMD.evaluatorCancel).catch(() => {});
      throw err;
    }
    await this.bus.request(address, CMD.evaluatorCancel).catch(() => {});
    throw new TimeoutError(`no rating on the evaluator at address ${address} within ${q.timeoutMs} ms`);
  }
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
