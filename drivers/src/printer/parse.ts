/**
 * A streaming ESC/POS reader for the commands the composer uses (and the
 * common ones around them): it turns the byte stream a printer receives into
 * operations. The printer simulator prints from it, and tests use it to read
 * back what a composed document would print. Unknown commands are skipped by
 * their prefix; it never throws on input.
 */
import { concatBytes } from '../bytes.ts';

export type EscPosOp =
  | { op: 'text'; bytes: Uint8Array }
  | { op: 'lf' }
  | { op: 'feed'; lines: number }
  | { op: 'init' }
  | { op: 'chinese'; on: boolean }
  | { op: 'align'; n: number }
  | { op: 'bold'; on: boolean }
  | { op: 'size'; width: number; height: number }
  | { op: 'bit-image'; columns: number; data: Uint8Array }
  | { op: 'raster'; width: number; height: number; data: Uint8Array }
  | { op: 'qr-store'; data: Uint8Array }
  | { op: 'qr-print' }
  | { op: 'qr-setting'; fn: number; value: number }
  | { op: 'barcode'; system: number; data: Uint8Array }
  | { op: 'cut'; partial: boolean }
  | { op: 'realtime-status'; n: number }
  | { op: 'sequenced-status'; n: number }
  | { op: 'asb'; n: number }
  | { op: 'other'; bytes: Uint8Array };

/** Parameter counts of fixed-length commands, by prefix and command byte. */
const FIXED: Record<number, Record<number, number>> = {
  0x1b: {
    0x40: 0,
    0x61: 1,
    0x45: 1,
    0x64: 1,
    0x21: 1,
    0x4d: 1,
    0x2d: 1,
    0x32: 0,
    0x33: 1,
    0x74: 1,
    0x4a: 1,
    0x52: 1,
    0x47: 1,
    0x56: 1,
    0x7b: 1,
    0x20: 1,
    0x24: 2,
    0x5c: 2,
    0x70: 3,
    0x63: 2,
    0x3d: 1,
  },
  0x1d: { 0x21: 1, 0x68: 1, 0x77: 1, 0x48: 1, 0x66: 1, 0x61: 1, 0x72: 1, 0x4c: 2, 0x57: 2, 0x42: 1, 0x49: 1 },
  0x1c: { 0x26: 0, 0x2e: 0, 0x21: 1, 0x2d: 1, 0x43: 1, 0x53: 2, 0x57: 1 },
  0x10: { 0x04: 1, 0x05: 1, 0x14: 3 },
};

export class EscPosParser {
  #buf: Uint8Array = new Uint8Array(0);
  /** Refuse to hold more than this while waiting for the rest of a command. */
  readonly maxBuffer: number;

  constructor(options: { maxBuffer?: number } = {}) {
    this.maxBuffer = options.maxBuffer ?? 1 << 20;
  }

  get buffered(): number {
    return this.#buf.length;
  }

  reset(): void {
    this.#buf = new Uint8Array(0);
  }

  /** Adds bytes without parsing them (a stalled printer keeps receiving). */
  feed(chunk: Uint8Array): void {
    this.#buf = concatBytes([this.#buf, chunk]);
  }

  /**
   * Parses complete operations from the buffer. `until` may stop the run
   * after an operation (the printer ran out of paper); the rest stays buffered.
   */
  drain(until: (op: EscPosOp) => boolean = () => false): EscPosOp[] {
    const buf = this.#buf;
    const ops: EscPosOp[] = [];
    let pos = 0;
    while (pos < buf.length) {
      const r = parseOne(buf, pos);
      if (!r) break;
      pos = r.end;
      ops.push(r.op);
      if (until(r.op)) break;
    }
    this.#buf = buf.slice(pos);
    if (this.#buf.length > this.maxBuffer) this.#buf = new Uint8Array(0);
    return ops;
  }

  push(chunk: Uint8Array): EscPosOp[] {
    this.feed(chunk);
    return this.drain();
  }
}

function parseOne(b: Uint8Array, pos: number): { op: EscPosOp; end: number } | undefined {
  const c = b[pos]!;
  if (c === 0x0a) return { op: { op: 'lf' }, end: pos + 1 };
  if (c >= 0x20 || (c < 0x20 && !(c in FIXED))) {
    if (c < 0x20) return { op: { op: 'other', bytes: b.slice(pos, pos + 1) }, end: pos + 1 };
    let end = pos;
    while (end < b.length && b[end]! >= 0x20) end++;
    return { op: { op: 'text', bytes: b.slice(pos, end) }, end };
  }
  if (pos + 1 >= b.length) return undefined;
  const cmd = b[pos + 1]!;
  const at = (i: number) => (pos + i < b.length ? b[pos + i]! : -1);
  // Variable-length commands first.
  if (c === 0x1b && cmd === 0x2a) {
    if (at(4) < 0) return undefined;
    const m = at(2);
    const n = at(3) | (at(4) << 8);
    const len = m === 32 || m === 33 ? 3 * n : n;
    const end = pos + 5 + len;
    if (end > b.length) return undefined;
    return { op: { op: 'bit-image', columns: n, data: b.slice(pos + 5, end) }, end };
  }
  if (c === 0x1d && cmd === 0x76) {
    if (at(7) < 0) return undefined;
    const x = at(4) | (at(5) << 8);
    const y = at(6) | (at(7) << 8);
    const end = pos + 8 + x * y;
    if (end > b.length) return undefined;
    return { op: { op: 'raster', width: x * 8, height: y, data: b.slice(pos + 8, end) }, end };
  }
  if (c === 0x1d && cmd === 0x28) {
    if (at(4) < 0) return undefined;
    const len = at(3) | (at(4) << 8);
    const end = pos + 5 + len;
    if (end > b.length) return undefined;
    if (at(2) === 0x6b && len >= 3 && at(5) === 0x31) {
      const fn = at(6);
      if (fn === 0x50) return { op: { op: 'qr-store', data: b.slice(pos + 8, end) }, end };
      if (fn === 0x51) return { op: { op: 'qr-print' }, end };
      return { op: { op: 'qr-setting', fn, value: at(7) }, end };
    }
    return { op: { op: 'other', bytes: b.slice(pos, end) }, end };
  }
  if (c === 0x1d && cmd === 0x6b) {
    const m = at(2);
    if (m < 0) return undefined;
    if (m >= 65) {
      const n = at(3);
      if (n < 0 || pos + 4 + n > b.length) return undefined;
      return { op: { op: 'barcode', system: m, data: b.slice(pos + 4, pos + 4 + n) }, end: pos + 4 + n };
    }
    const nul = b.indexOf(0, pos + 3);
    if (nul < 0) return undefined;
    return { op: { op: 'barcode', system: m, data: b.slice(pos + 3, nul) }, end: nul + 1 };
  }
  if (c === 0x1d && cmd === 0x56) {
    const m = at(2);
    if (m < 0) return undefined;
    const withFeed = m === 65 || m === 66 || m === 97 || m === 98 || m === 103 || m === 104;
    if (withFeed && at(3) < 0) return undefined;
    const partial = m === 1 || m === 49 || m === 66 || m === 98 || m === 104;
    return { op: { op: 'cut', partial }, end: pos + (withFeed ? 4 : 3) };
  }
  const params = FIXED[c]![cmd];
  if (params === undefined) return { op: { op: 'other', bytes: b.slice(pos, pos + 2) }, end: pos + 2 };
  const end = pos + 2 + params;
  if (end > b.length) return undefined;
  const p = b[pos + 2] ?? 0;
  const key = (c << 8) | cmd;
  switch (key) {
    case 0x1b40:
      return { op: { op: 'init' }, end };
    case 0x1b61:
      return { op: { op: 'align', n: p % 48 }, end };
    case 0x1b45:
      return { op: { op: 'bold', on: (p & 1) === 1 }, end };
    case 0x1b64:
      return { op: { op: 'feed', lines: p }, end };
    case 0x1d21:
      return { op: { op: 'size', width: (p >> 4) + 1, height: (p & 0x0f) + 1 }, end };
    case 0x1c26:
      return { op: { op: 'chinese', on: true }, end };
    case 0x1c2e:
      return { op: { op: 'chinese', on: false }, end };
    case 0x1004:
      return { op: { op: 'realtime-status', n: p }, end };
    case 0x1d72:
      return { op: { op: 'sequenced-status', n: p }, end };
    case 0x1d61:
      return { op: { op: 'asb', n: p }, end };
    default:
      return { op: { op: 'other', bytes: b.slice(pos, end) }, end };
  }
}

/** True for operations that put ink (or paper movement) on the roll. */
export function isPrintable(op: EscPosOp): boolean {
  return (
    op.op === 'text' ||
    op.op === 'lf' ||
    op.op === 'feed' ||
    op.op === 'bit-image' ||
    op.op === 'raster' ||
    op.op === 'qr-print' ||
    op.op === 'barcode' ||
    op.op === 'cut'
  );
}
