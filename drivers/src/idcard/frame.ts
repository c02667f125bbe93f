/**
 * GA 467 serial frame codec (pure).
 *
 *   AA AA AA 96 69 | LEN (2 bytes, big-endian) | body | XOR
 *
 * LEN counts the body plus the checksum byte. The checksum is the XOR of
 * every byte after the preamble (the two LEN bytes and the body). A request
 * body is `CMD PARA data…`; a response body is `SW1 SW2 SW3 data…`, where
 * SW3 is the SAM's status code.
 */
import { DriverError, marked } from '../errors.ts';

export const PREAMBLE: Uint8Array = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69);
/** Preamble + LEN. */
export const HEADER_LENGTH = 7;
/** The largest legitimate response (text + photo + 1024-byte fingerprint) is 2321 bytes. */
export const DEFAULT_MAX_LEN = 4096;

export class FrameError extends marked(DriverError, 'badFrame') {}

export class ChecksumError extends marked(FrameError, 'badChecksum') {
  declare readonly expected: number;
  declare readonly actual: number;
  constructor(expected: number, actual: number) {
    super('GA467_BAD_CHECKSUM', `bad frame checksum: expected 0x${hex(expected)}, got 0x${hex(actual)}`, { details: { expected, actual } });
  }
}

export class FrameLengthError extends marked(FrameError, 'badLength') {
  declare readonly length: number;
  constructor(length: number, why: string) {
    super('GA467_BAD_LENGTH', `bad frame length ${length}: ${why}`, { details: { length } });
  }
}

/** Bytes that did not belong to any frame and were skipped while resynchronising. */
export class GarbageError extends marked(FrameError, 'garbage') {
  declare readonly skipped: number;
  /** All skipped bytes were 0x00: report padding (HID) rather than line noise. */
  declare readonly padding: boolean;
  constructor(skipped: number, padding: boolean) {
    super('GA467_GARBAGE', `skipped ${skipped} byte(s) that belong to no frame`, { details: { skipped, padding } });
  }
}

export function hex(n: number): string {
  return n.toString(16).padStart(2, '0').toUpperCase();
}

export function xor(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let x = 0;
  for (let i = start; i < end; i++) x ^= bytes[i]!;
  return x;
}

/** Wraps a body (request or response) into a complete frame. */
export function encodeFrame(body: Uint8Array): Uint8Array {
  const len = body.length + 1;
  if (len > 0xffff) throw new TypeError(`frame body too long: ${body.length} bytes`);
  const out = new Uint8Array(HEADER_LENGTH + len);
  out.set(PREAMBLE, 0);
  out[5] = len >> 8;
  out[6] = len & 0xff;
  out.set(body, HEADER_LENGTH);
  out[out.length - 1] = xor(out, 5, out.length - 1);
  return out;
}

export function encodeRequest(cmd: number, para: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const body = new Uint8Array(2 + data.length);
  body[0] = cmd;
  body[1] = para;
  body.set(data, 2);
  return encodeFrame(body);
}

export function encodeResponse(status: number, data: Uint8Array = new Uint8Array(0), sw1 = 0, sw2 = 0): Uint8Array {
  const body = new Uint8Array(3 + data.length);
  body[0] = sw1;
  body[1] = sw2;
  body[2] = status;
  body.set(data, 3);
  return encodeFrame(body);
}

export interface Request {
  cmd: number;
  para: number;
  data: Uint8Array;
}

export interface Response {
  sw1: number;
  sw2: number;
  /** SW3: the SAM's status code (0x90 success, 0x9F card found, …). */
  status: number;
  data: Uint8Array;
}

export function parseRequest(body: Uint8Array): Request {
  if (body.length < 2) throw new FrameLengthError(body.length + 1, 'a request needs CMD and PARA');
  return { cmd: body[0]!, para: body[1]!, data: body.subarray(2) };
}

export function parseResponse(body: Uint8Array): Response {
  if (body.length < 3) throw new FrameLengthError(body.length + 1, 'a response needs SW1 SW2 SW3');
  return { sw1: body[0]!, sw2: body[1]!, status: body[2]!, data: body.subarray(3) };
}

/**
 * Decodes exactly one complete frame (no leading or trailing bytes) and
 * returns its body. For streams use Ga467Framer.
 */
export function decodeFrame(bytes: Uint8Array, maxLen = DEFAULT_MAX_LEN): Uint8Array {
  if (bytes.length < HEADER_LENGTH + 3) throw new FrameLengthError(bytes.length, 'shorter than the smallest frame');
  for (let i = 0; i < PREAMBLE.length; i++) {
    if (bytes[i] !== PREAMBLE[i]) throw new GarbageError(bytes.length, false);
  }
  const len = (bytes[5]! << 8) | bytes[6]!;
  if (len < 3 || len > maxLen) throw new FrameLengthError(len, `outside 3..${maxLen}`);
  if (bytes.length !== HEADER_LENGTH + len) {
    throw new FrameLengthError(len, `header says ${HEADER_LENGTH + len} bytes, got ${bytes.length}`);
  }
  const expected = xor(bytes, 5, bytes.length - 1);
  const actual = bytes[bytes.length - 1]!;
  if (expected !== actual) throw new ChecksumError(expected, actual);
  return bytes.subarray(HEADER_LENGTH, bytes.length - 1);
}
