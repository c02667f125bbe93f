/**
 * ESC/POS command builders, as the Epson ESC/POS reference defines them.
 * Each returns the exact bytes of one command; argument ranges are checked
 * (a value out of range is a TypeError, never a silently different command).
 */
import { concatBytes } from '../bytes.ts';
import type { Align, Bitmap } from './types.ts';

export const ESC = 0x1b;
export const GS = 0x1d;
export const FS = 0x1c;
export const DLE = 0x10;
export const EOT = 0x04;
export const LF = 0x0a;

function int(value: number, min: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new TypeError(`${what} must be an integer in ${min}..${max}, got ${value}`);
  return value;
}

/** ESC @: initialise the printer (clears the print buffer and modes). */
export const initialize = (): Uint8Array => Uint8Array.of(ESC, 0x40);

/** ESC a n: justification. */
export function align(a: Align): Uint8Array {
  return Uint8Array.of(ESC, 0x61, a === 'left' ? 0 : a === 'center' ? 1 : 2);
}

/** ESC E n: emphasised (bold) on or off. */
export const bold = (on: boolean): Uint8Array => Uint8Array.of(ESC, 0x45, on ? 1 : 0);

/** GS ! n: character size, width and height multipliers 1–8. */
export function characterSize(width: number, height: number): Uint8Array {
  return Uint8Array.of(GS, 0x21, ((int(width, 1, 8, 'width') - 1) << 4) | (int(height, 1, 8, 'height') - 1));
}

/** FS &: Chinese (Kanji) character mode on; FS .: off. */
export const chineseMode = (on: boolean): Uint8Array => (on ? Uint8Array.of(FS, 0x26) : Uint8Array.of(FS, 0x2e));

/** ESC d n: print and feed n lines. */
export const feedLines = (n: number): Uint8Array => Uint8Array.of(ESC, 0x64, int(n, 0, 255, 'lines'));

/** GS V m n (function B): feed to the cutting position plus n dots, then cut. */
export function cut(partial: boolean, feed = 0): Uint8Array {
  return Uint8Array.of(GS, 0x56, partial ? 66 : 65, int(feed, 0, 255, 'feed'));
}

/** DLE EOT n: transmit real-time status (1 printer, 2 offline cause, 3 error cause, 4 roll paper sensor). */
export function realtimeStatus(n: 1 | 2 | 3 | 4): Uint8Array {
  return Uint8Array.of(DLE, EOT, int(n, 1, 4, 'DLE EOT n'));
}

/** All four DLE EOT queries in one write; the printer answers four bytes in the same order. */
export const REALTIME_STATUS_QUERY: Uint8Array = Uint8Array.of(DLE, EOT, 1, DLE, EOT, 2, DLE, EOT, 3, DLE, EOT, 4);

/**
 * GS a n: automatic status back. Bits: 0 drawer, 1 online/offline, 2 error,
 * 3 roll paper sensor; 0 switches it off.
 */
export const automaticStatusBack = (n: number): Uint8Array => Uint8Array.of(GS, 0x61, int(n, 0, 255, 'GS a n'));

/** GS r 1: transmit the paper sensor status, in sequence (after everything sent before it is processed). */
export const transmitPaperStatus = (): Uint8Array => Uint8Array.of(GS, 0x72, 1);

// --- QR code: GS ( k, cn = 49 -----------------------------------------------

/** GS ( k <Function 165>: select the model (1 or 2). */
export const qrModel = (model: 1 | 2): Uint8Array => Uint8Array.of(GS, 0x28, 0x6b, 4, 0, 0x31, 0x41, model === 1 ? 49 : 50, 0);

/** GS ( k <Function 167>: module size in dots, 1–16. */
export const qrModuleSize = (dots: number): Uint8Array => Uint8Array.of(GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, int(dots, 1, 16, 'QR module size'));

/** GS ( k <Function 169>: error correction level, L/M/Q/H = 48–51. */
export function qrErrorCorrection(level: 'L' | 'M' | 'Q' | 'H'): Uint8Array {
  const n = { L: 48, M: 49, Q: 50, H: 51 }[level];
  if (n === undefined) throw new TypeError(`QR error correction must be L, M, Q or H, got ${String(level)}`);
  return Uint8Array.of(GS, 0x28, 0x6b, 3, 0, 0x31, 0x45, n);
}

/** Largest payload one store command carries: pL pH counts k + 3 and tops out at 7092 on Epson models. */
export const QR_MAX_BYTES = 7089;

/**
 * GS ( k <Function 180>: store the data. pL pH is the byte length of the
 * payload plus 3, over the bytes actually sent: a UTF-8 or GB18030 payload is
 * longer than its character count.
 */
export function qrStore(payload: Uint8Array): Uint8Array {
  if (payload.length === 0 || payload.length > QR_MAX_BYTES) throw new TypeError(`QR payload must be 1..${QR_MAX_BYTES} bytes, got ${payload.length}`);
  const len = payload.length + 3;
  const out = new Uint8Array(8 + payload.length);
  out.set([GS, 0x28, 0x6b, len & 0xff, len >> 8, 0x31, 0x50, 0x30], 0);
  out.set(payload, 8);
  return out;
}

/** GS ( k <Function 181>: print the stored symbol. */
export const qrPrint = (): Uint8Array => Uint8Array.of(GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30);

// --- barcodes ------------------------------------------------------------------

/** GS h n: bar height in dots. */
export const barcodeHeight = (dots: number): Uint8Array => Uint8Array.of(GS, 0x68, int(dots, 1, 255, 'barcode height'));
/** GS w n: narrow module width in dots. */
export const barcodeModuleWidth = (dots: number): Uint8Array => Uint8Array.of(GS, 0x77, int(dots, 2, 6, 'barcode module width'));
/** GS H n: where the human-readable interpretation goes. */
export function barcodeHri(position: 'none' | 'above' | 'below'): Uint8Array {
  return Uint8Array.of(GS, 0x48, position === 'none' ? 0 : position === 'above' ? 1 : 2);
}

/**
 * GS k m=73 n d…: CODE128 in code set B. The data starts with `{B`, and a
 * literal `{` is sent as `{{`; n counts all of it.
 */
export function code128(data: string): Uint8Array {
  if (data.length === 0) throw new TypeError('CODE128 data must not be empty');
  const bytes = [0x7b, 0x42];
  for (const ch of data) {
    const c = ch.charCodeAt(0);
    if (ch.length !== 1 || c < 0x20 || c > 0x7e) throw new TypeError(`CODE128 code set B takes printable ASCII only, got ${JSON.stringify(ch)}`);
    bytes.push(c);
    if (c === 0x7b) bytes.push(c);
  }
  if (bytes.length > 255) throw new TypeError(`CODE128 data too long (${bytes.length} bytes with escapes, at most 255)`);
  return Uint8Array.of(GS, 0x6b, 73, bytes.length, ...bytes);
}

// --- images --------------------------------------------------------------------

export function bytesPerRow(width: number): number {
  return (width + 7) >> 3;
}

/** Rows per GS v 0 band: small bands keep cheap printers' receive buffers from overflowing. */
export const RASTER_BAND_ROWS = 255;

/** GS v 0 m=0: a raster bit image, in bands of at most RASTER_BAND_ROWS rows. */
export function rasterImage(bitmap: Bitmap): Uint8Array {
  checkBitmap(bitmap);
  const xBytes = bytesPerRow(bitmap.width);
  const parts: Uint8Array[] = [];
  for (let y0 = 0; y0 < bitmap.height; y0 += RASTER_BAND_ROWS) {
    const rows = Math.min(RASTER_BAND_ROWS, bitmap.height - y0);
    const head = Uint8Array.of(GS, 0x76, 0x30, 0, xBytes & 0xff, xBytes >> 8, rows & 0xff, rows >> 8);
    parts.push(head, bitmap.data.subarray(y0 * xBytes, (y0 + rows) * xBytes));
  }
  return concatBytes(parts);
}

/**
 * ESC * m=33: a 24-dot double-density bit image placed in the line buffer,
 * so it prints inline with the text around it. Columns are 3 bytes, top dot
 * in the most significant bit. The bitmap is cut or padded to 24 rows.
 */
export function inlineBitImage24(bitmap: Bitmap): Uint8Array {
  checkBitmap(bitmap);
  const xBytes = bytesPerRow(bitmap.width);
  const n = bitmap.width;
  const out = new Uint8Array(5 + n * 3);
  out.set([ESC, 0x2a, 33, n & 0xff, n >> 8], 0);
  for (let x = 0; x < n; x++) {
    for (let y = 0; y < 24 && y < bitmap.height; y++) {
      if (bitmap.data[y * xBytes + (x >> 3)]! & (0x80 >> (x & 7))) out[5 + x * 3 + (y >> 3)]! |= 0x80 >> (y & 7);
    }
  }
  return out;
}

export function checkBitmap(bitmap: Bitmap): void {
  if (!Number.isInteger(bitmap.width) || bitmap.width < 1 || bitmap.width > 65535) throw new TypeError(`bitmap width must be 1..65535, got ${bitmap.width}`);
  if (!Number.isInteger(bitmap.height) || bitmap.height < 1 || bitmap.height > 65535)
    throw new TypeError(`bitmap height must be 1..65535, got ${bitmap.height}`);
  const need = bytesPerRow(bitmap.width) * bitmap.height;
  if (bitmap.data.length !== need) throw new TypeError(`bitmap of ${bitmap.width}×${bitmap.height} needs ${need} bytes, got ${bitmap.data.length}`);
}
