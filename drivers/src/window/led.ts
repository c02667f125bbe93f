/**
 * LED window strips (窗口屏): the current number and a short message.
 *
 * Vendors' protocols differ; each family is an LedProtocol that turns "show
 * this" into bytes, and says whether the strip answers. Two are built in:
 * - `generic`: this project's framed protocol (frame.ts), acknowledged;
 * - `ascii-line`: a write-only ASCII line, `$A<addr>,<number>,<message>*<XOR>\r\n`
 *   in GB18030, in the style of the NMEA-like lines many low-cost
 *   controllers accept.
 * Adding a vendor means writing one more LedProtocol from its sheet and
 * registering it in LED_PROTOCOLS.
 */
import { DriverError } from '../errors.ts';
import iconv from 'iconv-lite';
import { checkAddress, type Rs485Bus } from './bus.ts';
import { CMD, field, gbBytes } from './codes.ts';
import { encodeBusFrame } from './frame.ts';

export interface LedContent {
  /** The ticket number being served, e.g. A012; empty to show only the message. */
  number: string;
  /** A short message, e.g. 请到5号窗口. */
  message: string;
  blink?: boolean;
}

export interface LedProtocol {
  readonly family: string;
  /** True when the strip answers each command (the driver then waits for it). */
  readonly acknowledged: boolean;
  show(address: number, content: LedContent): { cmd: number; data: Uint8Array } | Uint8Array;
  clear(address: number): { cmd: number; data: Uint8Array } | Uint8Array;
}

export const genericLedProtocol: LedProtocol = {
  family: 'generic',
  acknowledged: true,
  show(_address, c) {
    return { cmd: CMD.ledShow, data: Uint8Array.of(c.blink ? 1 : 0, ...field(c.number, 16), ...gbBytes(c.message, 120)) };
  },
  clear() {
    return { cmd: CMD.ledClear, data: new Uint8Array(0) };
  },
};

function asciiLine(address: number, body: string): Uint8Array {
  const payload = iconv.encode(`A${String(address).padStart(3, '0')},${body}`, 'gb18030');
  let x = 0;
  for (const b of payload) x ^= b;
  return Uint8Array.from([0x24, ...payload, 0x2a, ...Buffer.from(x.toString(16).toUpperCase().padStart(2, '0')), 0x0d, 0x0a]);
}

/** Text safe inside an ascii-line field: no separators, at most `max` GB18030 bytes, cut on a character boundary. */
function clean(s: string, max: number): string {
  let out = '';
  let n = 0;
  for (const ch of s.replace(/[,*$\x00-\x1f\x7f]/g, ' ')) {
    const w = iconv.encode(ch, 'gb18030').length;
    if (n + w > max) break;
    out += ch;
    n += w;
  }
  return out;
}

export const asciiLineLedProtocol: LedProtocol = {
  family: 'ascii-line',
  acknowledged: false,
  show(address, c) {
    return asciiLine(address, `${clean(c.number, 16)},${clean(c.message, 120)}${c.blink ? ',B' : ''}`);
  },
  clear(address) {
    return asciiLine(address, ',');
  },
};

export const LED_PROTOCOLS: Readonly<Record<string, LedProtocol>> = { generic: genericLedProtocol, 'ascii-line': asciiLineLedProtocol };

export function ledProtocol(family: string): LedProtocol {
  const p = LED_PROTOCOLS[family];
  if (!p) throw new TypeError(`unknown LED protocol family "${family}" (known: ${Object.keys(LED_PROTOCOLS).join(', ')})`);
  return p;
}

export class LedStrip {
  readonly #bus: Rs485Bus;
  readonly address: number;
  readonly protocol: LedProtocol;

  constructor(bus: Rs485Bus, options: { address: number; family?: string | LedProtocol }) {
    this.#bus = bus;
    this.address = checkAddress(options.address);
    this.protocol = typeof options.family === 'object' ? options.family : ledProtocol(options.family ?? 'generic');
  }

  show(content: LedContent): Promise<void> {
    return this.#send(this.protocol.show(this.address, content));
  }

  clear(): Promise<void> {
    return this.#send(this.protocol.clear(this.address));
  }

  async #send(out: { cmd: number; data: Uint8Array } | Uint8Array): Promise<void> {
    if (out instanceof Uint8Array) {
      await this.#bus.send(out);
      return;
    }
    if (!this.protocol.acknowledged) {
      await this.#bus.send(encodeBusFrame(this.address, out.cmd, out.data));
      return;
    }
    const answer = await this.#bus.request(this.address, out.cmd, out.data);
    if (answer.data.length > 0 && answer.data[0] !== 0)
      throw new DriverError('LED_REFUSED', `LED strip at address ${this.address} refused the command (code ${answer.data[0]})`);
  }
}
