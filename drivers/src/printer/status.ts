/**
 * ESC/POS status bytes (pure): the four DLE EOT answers, the four-byte
 * automatic status back (GS a), and a splitter that tells them apart in the
 * byte stream coming back from the printer.
 *
 * Epson's identification rules: a DLE EOT answer is `0xx1xx10`, the first
 * byte of an ASB block is `0xx1xx00` (its other three bytes `0xx0xxxx`), a
 * GS r answer is `0xx0xxxx`; XON/XOFF (0x11/0x13) may appear in between.
 */
import { DriverError, marked } from '../errors.ts';
import type { PrinterStatus } from './types.ts';

export type RealtimeKind = 1 | 2 | 3 | 4;

export class StatusByteError extends marked(DriverError, 'badStatus') {
  declare readonly byte: number;
  constructor(byte: number, what: string) {
    super('ESCPOS_BAD_STATUS', `0x${byte.toString(16).padStart(2, '0')} is not a valid ${what}`, { details: { byte } });
  }
}

export const isRealtimeStatusByte = (b: number): boolean => (b & 0x93) === 0x12;
export const isAsbFirstByte = (b: number): boolean => (b & 0x93) === 0x10;
export const isFlowControl = (b: number): boolean => b === 0x11 || b === 0x13;

/** Every flag false: a healthy printer with paper. */
export function healthyStatus(): PrinterStatus {
  return {
    online: true,
    coverOpen: false,
    paperNearEnd: false,
    paperEnd: false,
    paperEndStop: false,
    feedButtonPressed: false,
    feeding: false,
    waitingOnlineRecovery: false,
    errorOccurred: false,
    mechanicalError: false,
    cutterError: false,
    unrecoverableError: false,
    autoRecoverableError: false,
    drawerHigh: false,
  };
}

/** Decodes one DLE EOT answer into the flags it carries. Throws StatusByteError for a byte of the wrong shape. */
export function decodeRealtime(n: RealtimeKind, byte: number): Partial<PrinterStatus> {
  if (!Number.isInteger(byte) || byte < 0 || byte > 255 || !isRealtimeStatusByte(byte)) throw new StatusByteError(byte & 0xff, `DLE EOT ${n} answer`);
  const bit = (i: number) => (byte & (1 << i)) !== 0;
  switch (n) {
    case 1:
      return { drawerHigh: bit(2), online: !bit(3), waitingOnlineRecovery: bit(5), feedButtonPressed: bit(6) };
    case 2:
      return { coverOpen: bit(2), feeding: bit(3), paperEndStop: bit(5), errorOccurred: bit(6) };
    case 3:
      return { mechanicalError: bit(2), cutterError: bit(3), unrecoverableError: bit(5), autoRecoverableError: bit(6) };
    case 4:
      // Each sensor is reported on two bits; either set means the condition.
      return { paperNearEnd: bit(2) || bit(3), paperEnd: bit(5) || bit(6) };
    default:
      throw new TypeError(`DLE EOT n must be 1..4, got ${String(n)}`);
  }
}

/** The four answers to DLE EOT 1, 2, 3, 4, in that order → one status. */
export function decodeRealtimeSet(bytes: ArrayLike<number>): PrinterStatus {
  if (bytes.length !== 4) throw new TypeError(`expected 4 status bytes, got ${bytes.length}`);
  return {
    ...healthyStatus(),
    ...decodeRealtime(1, bytes[0]!),
    ...decodeRealtime(2, bytes[1]!),
    ...decodeRealtime(3, bytes[2]!),
    ...decodeRealtime(4, bytes[3]!),
  };
}

/** The bytes a printer in `status` answers to DLE EOT 1..4 (for simulators and tests). */
export function encodeRealtime(n: RealtimeKind, s: PrinterStatus): number {
  const b = (on: boolean, i: number) => (on ? 1 << i : 0);
  switch (n) {
    case 1:
      return 0x12 | b(s.drawerHigh, 2) | b(!s.online, 3) | b(s.waitingOnlineRecovery, 5) | b(s.feedButtonPressed, 6);
    case 2:
      return 0x12 | b(s.coverOpen, 2) | b(s.feeding, 3) | b(s.paperEndStop, 5) | b(s.errorOccurred, 6);
    case 3:
      return 0x12 | b(s.mechanicalError, 2) | b(s.cutterError, 3) | b(s.unrecoverableError, 5) | b(s.autoRecoverableError, 6);
    case 4:
      return 0x12 | (s.paperNearEnd ? 0x0c : 0) | (s.paperEnd ? 0x60 : 0);
  }
}

/** Decodes a four-byte automatic status back block. */
export function decodeAsb(bytes: ArrayLike<number>): PrinterStatus {
  if (bytes.length !== 4) throw new TypeError(`an ASB block is 4 bytes, got ${bytes.length}`);
  const [b1, b2, b3, b4] = [bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!];
  if (!isAsbFirstByte(b1)) throw new StatusByteError(b1, 'first ASB byte');
  for (const b of [b2, b3, b4]) if ((b & 0x90) !== 0) throw new StatusByteError(b, 'ASB byte');
  const bit = (b: number, i: number) => (b & (1 << i)) !== 0;
  return {
    ...healthyStatus(),
    drawerHigh: bit(b1, 2),
    online: !bit(b1, 3),
    coverOpen: bit(b1, 5),
    feeding: bit(b1, 6),
    waitingOnlineRecovery: bit(b2, 0),
    mechanicalError: bit(b2, 2),
    cutterError: bit(b2, 3),
    unrecoverableError: bit(b2, 5),
    autoRecoverableError: bit(b2, 6),
    errorOccurred: bit(b2, 2) || bit(b2, 3) || bit(b2, 5) || bit(b2, 6),
    paperNearEnd: bit(b3, 0) || bit(b3, 1),
    paperEnd: bit(b3, 2) || bit(b3, 3),
    paperEndStop: bit(b3, 2) || bit(b3, 3),
  };
}

/** The ASB block a printer in `s` sends (for simulators and tests). */
export function encodeAsb(s: PrinterStatus): Uint8Array {
  const b = (on: boolean, i: number) => (on ? 1 << i : 0);
  return Uint8Array.of(
    0x10 | b(s.drawerHigh, 2) | b(!s.online, 3) | b(s.coverOpen, 5) | b(s.feeding, 6),
    b(s.waitingOnlineRecovery, 0) | b(s.mechanicalError, 2) | b(s.cutterError, 3) | b(s.unrecoverableError, 5) | b(s.autoRecoverableError, 6),
    (s.paperNearEnd ? 0x03 : 0) | (s.paperEnd ? 0x0c : 0),
    0x00,
  );
}

/** A GS r 1 answer: paper sensor status processed in sequence. */
export function decodePaperSensor(byte: number): { paperNearEnd: boolean; paperEnd: boolean } {
  if ((byte & 0x90) !== 0) throw new StatusByteError(byte, 'GS r 1 answer');
  return { paperNearEnd: (byte & 0x03) !== 0, paperEnd: (byte & 0x0c) !== 0 };
}

export type StatusEvent =
  | { kind: 'realtime'; byte: number }
  | { kind: 'asb'; bytes: Uint8Array; status: PrinterStatus }
  | { kind: 'sequenced'; byte: number }
  | { kind: 'flow'; byte: number }
  | { kind: 'garbage'; byte: number };

/**
 * Splits what the printer sends back into status events. Stateful only
 * across an ASB block; it never throws on input and holds at most 3 bytes.
 * A byte that fits no pattern (line noise) is reported as garbage; a
 * broken ASB block gives way to whatever follows it.
 */
export class StatusReader {
  #asb: number[] = [];

  get buffered(): number {
    return this.#asb.length;
  }

  reset(): void {
    this.#asb = [];
  }

  push(chunk: ArrayLike<number>): StatusEvent[] {
    const out: StatusEvent[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]! & 0xff;
      if (this.#asb.length > 0) {
        if ((b & 0x90) === 0) {
          this.#asb.push(b);
          if (this.#asb.length === 4) {
            const bytes = Uint8Array.from(this.#asb);
            this.#asb = [];
            out.push({ kind: 'asb', bytes, status: decodeAsb(bytes) });
          }
          continue;
        }
        for (const g of this.#asb) out.push({ kind: 'garbage', byte: g });
        this.#asb = [];
      }
      if (isRealtimeStatusByte(b)) out.push({ kind: 'realtime', byte: b });
      else if (isAsbFirstByte(b)) this.#asb.push(b);
      else if (isFlowControl(b)) out.push({ kind: 'flow', byte: b });
      else if ((b & 0x90) === 0) out.push({ kind: 'sequenced', byte: b });
      else out.push({ kind: 'garbage', byte: b });
    }
    return out;
  }
}
