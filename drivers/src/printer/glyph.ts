/**
 * Bit images for characters the printer's font does not hold (rare name
 * characters such as 𠮷, outside two-byte GB18030).
 *
 * Plain Node has no font renderer, and shipping a CJK font with Extension B
 * coverage plus an outline rasteriser is out of proportion for a handful of
 * characters a day. So the built-in rasteriser draws a clearly marked
 * placeholder instead: a box holding the character's code point in hex,
 * the way "last resort" fonts show unsupported characters. A clerk can read
 * U+20BB7 off the slip and nothing is silently lost. Hosts that can render
 * text (the kiosk's Electron renderer, a canvas) inject a real
 * GlyphRasterizer through the composer's options.
 */
import { bytesPerRow } from './commands.ts';
import type { Bitmap } from './types.ts';

/** Draws one character `height` dots tall; returns a bitmap of any width. */
export type GlyphRasterizer = (char: string, height: number) => Bitmap;

/** A blank bitmap. */
export function blankBitmap(width: number, height: number): Bitmap {
  return { width, height, data: new Uint8Array(bytesPerRow(width) * height) };
}

export function setDot(b: Bitmap, x: number, y: number): void {
  if (x < 0 || y < 0 || x >= b.width || y >= b.height) return;
  b.data[y * bytesPerRow(b.width) + (x >> 3)]! |= 0x80 >> (x & 7);
}

export function getDot(b: Bitmap, x: number, y: number): boolean {
  return (b.data[y * bytesPerRow(b.width) + (x >> 3)]! & (0x80 >> (x & 7))) !== 0;
}

/** A bitmap from rows of text, `#` (or any non-space, non-dot) for black: handy for logos and tests. */
export function bitmapFromRows(rows: readonly string[]): Bitmap {
  const width = Math.max(1, ...rows.map((r) => r.length));
  const b = blankBitmap(width, Math.max(1, rows.length));
  rows.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) if (row[x] !== ' ' && row[x] !== '.') setDot(b, x, y);
  });
  return b;
}

// 3×5 hex digits, one row per string, bit 2 = leftmost column.
const HEX_FONT: Record<string, readonly number[]> = {
  '0': [7, 5, 5, 5, 7],
  '1': [2, 6, 2, 2, 7],
  '2': [7, 1, 7, 4, 7],
  '3': [7, 1, 7, 1, 7],
  '4': [5, 5, 7, 1, 1],
  '5': [7, 4, 7, 1, 7],
  '6': [7, 4, 7, 5, 7],
  '7': [7, 1, 2, 2, 2],
  '8': [7, 5, 7, 5, 7],
  '9': [7, 5, 7, 1, 7],
  A: [7, 5, 7, 5, 5],
  B: [6, 5, 6, 5, 6],
  C: [7, 4, 4, 4, 7],
  D: [6, 5, 5, 5, 6],
  E: [7, 4, 7, 4, 7],
  F: [7, 4, 7, 4, 4],
};

/**
 * The built-in placeholder: a `height`-dot square box (24 by default) with
 * the code point's hex digits in two rows inside, e.g. `20B` over `B7` for
 * U+20BB7.
 */
export const placeholderGlyph: GlyphRasterizer = (char, height = 24) => {
  const size = Math.max(12, height);
  const b = blankBitmap(size, size);
  for (let i = 0; i < size; i++) {
    setDot(b, i, 0);
    setDot(b, i, size - 1);
    setDot(b, 0, i);
    setDot(b, size - 1, i);
  }
  const hex = (char.codePointAt(0) ?? 0xfffd).toString(16).toUpperCase();
  const rows = hex.length <= 3 ? [hex] : [hex.slice(0, Math.ceil(hex.length / 2)), hex.slice(Math.ceil(hex.length / 2))];
  // Scale the 3×5 digits to fill the box: two rows of up to 3 digits.
  const scale = Math.max(1, Math.floor((size - 4) / 11));
  const rowHeight = 5 * scale;
  const top = Math.floor((size - rows.length * rowHeight - (rows.length - 1) * scale) / 2);
  rows.forEach((text, r) => {
    const w = text.length * 4 * scale - scale;
    const left = Math.floor((size - w) / 2);
    for (let i = 0; i < text.length; i++) {
      const glyph = HEX_FONT[text[i]!] ?? HEX_FONT.F!;
      for (let gy = 0; gy < 5; gy++) {
        for (let gx = 0; gx < 3; gx++) {
          if (!(glyph[gy]! & (4 >> gx))) continue;
          for (let sy = 0; sy < scale; sy++) {
            for (let sx = 0; sx < scale; sx++) setDot(b, left + (i * 4 + gx) * scale + sx, top + r * (rowHeight + scale) + gy * scale + sy);
          }
        }
      }
    }
  });
  return b;
};

/** Widens a bitmap by repeating each column `factor` times (for double-width text). */
export function stretchWidth(b: Bitmap, factor: number): Bitmap {
  if (factor === 1) return b;
  const out = blankBitmap(b.width * factor, b.height);
  for (let y = 0; y < b.height; y++) for (let x = 0; x < b.width; x++) if (getDot(b, x, y)) for (let f = 0; f < factor; f++) setDot(out, x * factor + f, y);
  return out;
}

/** Places a bitmap into a 24-dot-tall, `width`-dot-wide cell, centred, cropping what overflows. */
export function fitCell(b: Bitmap, width: number, height = 24): Bitmap {
  if (b.width === width && b.height === height) return b;
  const out = blankBitmap(width, height);
  const dx = Math.floor((width - b.width) / 2);
  const dy = Math.floor((height - b.height) / 2);
  for (let y = 0; y < b.height; y++) for (let x = 0; x < b.width; x++) if (getDot(b, x, y)) setDot(out, x + dx, y + dy);
  return out;
}
