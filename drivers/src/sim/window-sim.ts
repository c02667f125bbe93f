/**
 * A shared RS-485 line with window peripherals on it, byte for byte: LED
 * strips (generic and ascii-line families), caller keypads and evaluators,
 * each at its own address. Only the addressed device answers, after a short
 * turnaround; frames for absent addresses go unanswered; noise and broken
 * frames are ignored, as real devices ignore them. A device can be told to
 * babble garbage onto the line or to stop answering.
 */
import { EventEmitter } from 'node:events';
import iconv from 'iconv-lite';
import { ANSWER, CMD, encodeEvent, gbText, readFields, type DeviceEvent, type KeypadKey } from '../window/codes.ts';
import { BusFramer, encodeBusFrame, type BusFrame } from '../window/frame.ts';
import type { Transport } from '../transport/transport.ts';

abstract class SimBusDevice {
  readonly address: number;
  /** Stops answering (switched off, cable cut). */
  silent = false;
  constructor(address: number) {
    this.address = address;
  }
  /** The answer's data, or undefined for no answer. */
  abstract handle(frame: BusFrame): Uint8Array | undefined;
}

export interface LedShown {
  number: string;
  message: string;
  blink: boolean;
}

export class SimLed extends SimBusDevice {
  readonly type = 'led';
  shown: LedShown | undefined;
  readonly history: (LedShown | undefined)[] = [];

  handle(f: BusFrame): Uint8Array | undefined {
    if (f.cmd === CMD.ledShow) {
      const blink = f.data[0] === 1;
      const { fields, rest } = readFields(f.data.subarray(1), 1);
      this.#show({ number: fields[0]!, message: gbText(rest), blink });
      return Uint8Array.of(0);
    }
    if (f.cmd === CMD.ledClear) {
      this.#show(undefined);
      return Uint8Array.of(0);
    }
    if (f.cmd === CMD.ping) return Uint8Array.of(1);
    return undefined;
  }

  /** @internal an ascii-line command for this address */
  asciiLine(fields: string[]): void {
    const [number = '', message = '', flag] = fields;
    this.#show(number === '' && message === '' ? undefined : { number, message, blink: flag === 'B' });
  }

  #show(s: LedShown | undefined): void {
    this.shown = s;
    this.history.push(s);
  }
}

class EventQueue {
  #seq = 0;
  readonly #events: DeviceEvent[] = [];
  push(make: (seq: number) => DeviceEvent): void {
    // Sequence numbers run 1..255 and never 0, which the host uses for "nothing seen yet".
    this.#seq = (this.#seq % 255) + 1;
    this.#events.push(make(this.#seq));
  }
  answer(lastSeen: number): Uint8Array {
    const i = this.#events.findIndex((e) => e.seq === lastSeen);
    if (i >= 0) this.#events.splice(0, i + 1);
    const next = this.#events[0];
    return next ? encodeEvent(next) : new Uint8Array(0);
  }
  get length(): number {
    return this.#events.length;
  }
}

export class SimKeypad extends SimBusDevice {
  readonly type = 'keypad';
  display = '';
  readonly #queue = new EventQueue();

  /** A clerk presses a key. */
  press(key: KeypadKey, target?: string): void {
    this.#queue.push((seq) => (key === 'transfer' ? { type: 'key', seq, key, target: target ?? '1' } : { type: 'key', seq, key }));
  }

  get unsent(): number {
    return this.#queue.length;
  }

  handle(f: BusFrame): Uint8Array | undefined {
    if (f.cmd === CMD.poll) return this.#queue.answer(f.data[0] ?? 0);
    if (f.cmd === CMD.keypadDisplay) {
      this.display = gbText(f.data);
      return new Uint8Array(0);
    }
    if (f.cmd === CMD.ping) return Uint8Array.of(2);
    return undefined;
  }
}

export class SimEvaluator extends SimBusDevice {
  readonly type = 'evaluator';
  asked: { clerk: string; clerkId: string; prompt: string } | undefined;
  readonly #queue = new EventQueue();

  /** The visitor taps a level (and a reason for 1–2). Ignored unless a question is showing. */
  rate(level: number, reasonCode?: number): boolean {
    if (!this.asked) return false;
    this.#queue.push((seq) => (reasonCode !== undefined ? { type: 'rating', seq, level, reasonCode } : { type: 'rating', seq, level }));
    this.asked = undefined;
    return true;
  }

  handle(f: BusFrame): Uint8Array | undefined {
    if (f.cmd === CMD.poll) return this.#queue.answer(f.data[0] ?? 0);
    if (f.cmd === CMD.evaluatorAsk) {
      const { fields } = readFields(f.data, 3);
      this.asked = { clerk: fields[0]!, clerkId: fields[1]!, prompt: fields[2]! };
      return new Uint8Array(0);
    }
    if (f.cmd === CMD.evaluatorCancel) {
      this.asked = undefined;
      return new Uint8Array(0);
    }
    if (f.cmd === CMD.ping) return Uint8Array.of(3);
    return undefined;
  }
}

export type SimWindowDevice = SimLed | SimKeypad | SimEvaluator;

export interface BusSimEvents {
  request: [frame: BusFrame];
}

export class Rs485BusSimulator extends EventEmitter<BusSimEvents> {
  readonly #port: Transport;
  readonly #framer = new BusFramer();
  readonly #devices = new Map<number, SimWindowDevice>();
  readonly #turnaroundMs: number;
  #ascii: number[] = [];
  #babble: NodeJS.Timeout | undefined;

  constructor(port: Transport, options: { turnaroundMs?: number } = {}) {
    super();
    this.#port = port;
    this.#turnaroundMs = options.turnaroundMs ?? 1;
    port.on('data', this.#onData);
  }

  add<D extends SimWindowDevice>(device: D): D {
    if (this.#devices.has(device.address)) throw new TypeError(`address ${device.address} is already taken on this bus`);
    this.#devices.set(device.address, device);
    return device;
  }

  led(address: number): SimLed {
    return this.add(new SimLed(address));
  }

  keypad(address: number): SimKeypad {
    return this.add(new SimKeypad(address));
  }

  evaluator(address: number): SimEvaluator {
    return this.add(new SimEvaluator(address));
  }

  /** Sprays random bytes onto the line every `everyMs` (a faulty device), until stopped with babble(0). */
  babble(everyMs: number, bytes = 12): void {
    clearInterval(this.#babble);
    this.#babble = undefined;
    if (everyMs <= 0) return;
    this.#babble = setInterval(() => {
      const noise = Uint8Array.from({ length: bytes }, () => Math.floor(Math.random() * 256));
      if (this.#port.isOpen) this.#port.write(noise).catch(() => {});
    }, everyMs);
    this.#babble.unref();
  }

  detach(): void {
    this.babble(0);
    this.#port.off('data', this.#onData);
  }

  readonly #onData = (chunk: Uint8Array): void => {
    this.#scanAscii(chunk);
    for (const ev of this.#framer.push(chunk)) {
      if (ev.kind !== 'frame' || ev.frame.cmd & ANSWER) continue;
      const frame = { ...ev.frame, data: ev.frame.data.slice() };
      this.emit('request', frame);
      const device = this.#devices.get(frame.address);
      if (!device || device.silent) continue;
      const data = device.handle(frame);
      if (data === undefined) continue;
      const answer = encodeBusFrame(device.address, frame.cmd | ANSWER, data);
      setTimeout(() => {
        if (this.#port.isOpen) this.#port.write(answer).catch(() => {});
      }, this.#turnaroundMs);
    }
  };

  /** ascii-line LED commands: `$A001,number,message*XX\r\n`. */
  #scanAscii(chunk: Uint8Array): void {
    for (const b of chunk) {
      if (b === 0x24) this.#ascii = [];
      this.#ascii.push(b);
      if (this.#ascii.length > 300) this.#ascii = [];
      if (b !== 0x0a || this.#ascii[0] !== 0x24) continue;
      const line = this.#ascii;
      this.#ascii = [];
      const star = line.lastIndexOf(0x2a);
      if (star < 0 || line.length < star + 5) continue;
      const payload = line.slice(1, star);
      let x = 0;
      for (const p of payload) x ^= p;
      if (String.fromCharCode(line[star + 1]!, line[star + 2]!) !== x.toString(16).toUpperCase().padStart(2, '0')) continue;
      const text = iconv.decode(Buffer.from(payload), 'gb18030');
      const m = /^A(\d{3}),(.*)$/s.exec(text);
      if (!m) continue;
      const device = this.#devices.get(Number(m[1]));
      if (device instanceof SimLed && !device.silent) device.asciiLine(m[2]!.split(','));
    }
  }
}
