/**
 * The generic window-peripheral frame on a shared RS-485 line (pure):
 *
 *   STX 02 | ADDR | CMD | LEN | DATA (LEN bytes) | CRC16 lo hi | ETX 03
 *
 * ADDR is the device's bus address (1–247) in both directions; an answer
 * carries the request's CMD with bit 7 set. The CRC is CRC-16/MODBUS
 * (poly 0xA001 reflected, init 0xFFFF) over ADDR, CMD, LEN and DATA, low
 * byte first, as on Modbus RTU lines, so the same RS-485 adapters and
 * analysers work. LEN ≤ 200.
 */
import { afterHeld } from '../bytes.ts';
import { DriverError, marked } from '../errors.ts';

export const STX = 0x02;
export const ETX = 0x03;
export const MAX_DATA = 200;
export const FRAME_OVERHEAD = 7;

export interface BusFrame {
  address: number;
  cmd: number;
  data: Uint8Array;
}

export function crc16Modbus(bytes: ArrayLike<number>, start = 0, end = bytes.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) {
    crc ^= bytes[i]!;
    for (let b = 0; b < 8; b++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

export function encodeBusFrame(address: number, cmd: number, data: ArrayLike<number> = []): Uint8Array {
  if (!Number.isInteger(address) || address < 0 || address > 255) throw new TypeError(`bus address must be 0..255, got ${address}`);
  if (!Number.isInteger(cmd) || cmd < 0 || cmd > 255) throw new TypeError(`command must be 0..255, got ${cmd}`);
  if (data.length > MAX_DATA) throw new TypeError(`frame data is at most ${MAX_DATA} bytes, got ${data.length}`);
  const out = new Uint8Array(FRAME_OVERHEAD + data.length);
  out[0] = STX;
  out[1] = address;
  out[2] = cmd;
  out[3] = data.length;
  out.set(Array.from(data), 4);
  const crc = crc16Modbus(out, 1, 4 + data.length);
  out[4 + data.length] = crc & 0xff;
  out[5 + data.length] = crc >> 8;
  out[6 + data.length] = ETX;
  return out;
}

export class BusFrameError extends marked(DriverError, 'busFrame') {
  declare readonly kind: 'garbage' | 'length' | 'crc' | 'etx';
  declare readonly bytes: number;
  constructor(kind: 'garbage' | 'length' | 'crc' | 'etx', bytes: number, message: string) {
    super(`BUS_${kind.toUpperCase()}`, message, { details: { kind, bytes } });
  }
}

export type BusFramerEvent = { kind: 'frame'; frame: BusFrame; raw: Uint8Array } | { kind: 'error'; error: BusFrameError };

/**
 * Streaming frame splitter: chunks of any size in, frames and typed errors
 * out. Noise, collisions (bad CRC) and truncated frames are reported and
 * skipped; after a bad frame it resumes one byte after the bad STX, so a
 * good frame hiding behind it is still found. Never throws on input; holds
 * at most one frame's worth of bytes.
 */
export class BusFramer {
  #buf: Uint8Array = new Uint8Array(0);

  get buffered(): number {
    return this.#buf.length;
  }

  reset(): void {
    this.#buf = new Uint8Array(0);
  }

  push(chunk: Uint8Array): BusFramerEvent[] {
    const events: BusFramerEvent[] = [];
    const buf = afterHeld(this.#buf, chunk);
    let pos = 0;
    let garbage = 0;
    const flush = () => {
      if (garbage > 0) events.push({ kind: 'error', error: new BusFrameError('garbage', garbage, `${garbage} stray byte(s) on the bus`) });
      garbage = 0;
    };
    while (pos < buf.length) {
      if (buf[pos] !== STX) {
        garbage++;
        pos++;
        continue;
      }
      if (buf.length - pos < 4) break;
      const len = buf[pos + 3]!;
      if (len > MAX_DATA) {
        flush();
        events.push({ kind: 'error', error: new BusFrameError('length', 1, `frame length ${len} exceeds ${MAX_DATA}`) });
        pos++;
        continue;
      }
      const end = pos + FRAME_OVERHEAD + len;
      if (buf.length < end) {
        // This STX may be a stray byte whose "length" swallows a good frame
        // already here: if one is complete further on, this was noise.
        const next = nextCompleteFrame(buf, pos + 1);
        if (next < 0) break;
        garbage += next - pos;
        pos = next;
        continue;
      }
      if (!validAt(buf, pos)) {
        const crc = crc16Modbus(buf, pos + 1, pos + 4 + len);
        const got = buf[pos + 4 + len]! | (buf[pos + 5 + len]! << 8);
        flush();
        const kind = crc !== got ? 'crc' : 'etx';
        events.push({ kind: 'error', error: new BusFrameError(kind, 1, kind === 'crc' ? 'frame with a bad CRC (noise or a collision)' : 'frame without ETX') });
        pos++;
        continue;
      }
      flush();
      const raw = buf.slice(pos, end);
      events.push({ kind: 'frame', frame: { address: raw[1]!, cmd: raw[2]!, data: raw.subarray(4, 4 + len) }, raw });
      pos = end;
    }
    flush();
    this.#buf = pos >= buf.length ? new Uint8Array(0) : buf.slice(pos);
    return events;
  }
}

/** A complete frame with a good CRC and ETX starts at `pos`. */
function validAt(buf: Uint8Array, pos: number): boolean {
  if (buf[pos] !== STX || buf.length - pos < FRAME_OVERHEAD) return false;
  const len = buf[pos + 3]!;
  const end = pos + FRAME_OVERHEAD + len;
  if (len > MAX_DATA || end > buf.length || buf[end - 1] !== ETX) return false;
  return crc16Modbus(buf, pos + 1, pos + 4 + len) === (buf[pos + 4 + len]! | (buf[pos + 5 + len]! << 8));
}

function nextCompleteFrame(buf: Uint8Array, from: number): number {
  for (let i = buf.indexOf(STX, from); i >= 0; i = buf.indexOf(STX, i + 1)) if (validAt(buf, i)) return i;
  return -1;
}
