/**
 * The ESC/POS document composer: a PrintDocument (blocks of text, QR codes,
 * barcodes, images, cuts) → the exact bytes for one printer. Pure: the same
 * document and options always give the same bytes.
 *
 * Modes (justification, bold, size) are sent only when they change. Text is
 * wrapped to the paper's width; characters the printer's font lacks are
 * drawn inline as 24-dot bit images (ESC * 33), so a rare character in a
 * name stays in its place on the line instead of being dropped or replaced
 * by `?`.
 */
import {
  align as alignCmd,
  barcodeHeight,
  barcodeHri,
  barcodeModuleWidth,
  bold as boldCmd,
  characterSize,
  chineseMode,
  code128,
  cut,
  feedLines,
  initialize,
  inlineBitImage24,
  qrErrorCorrection,
  qrModel,
  qrModuleSize,
  qrPrint,
  qrStore,
  rasterImage,
  LF,
} from './commands.ts';
import { concatBytes } from '../bytes.ts';
import { fitCell, placeholderGlyph, stretchWidth, type GlyphRasterizer } from './glyph.ts';
import { resolvePrinterOptions } from './options.ts';
import { classifyChar, textColumns, wrapText } from './text.ts';
import iconv from 'iconv-lite';
import type { Align, PrintBlock, PrintDocument, PrinterOptions, ResolvedPrinterOptions } from './types.ts';

export interface ComposeOptions {
  /** Draws characters the printer cannot print from its font (default: the marked placeholder box). */
  glyph?: GlyphRasterizer;
  /** Encoding of QR payloads (default UTF-8, which phone scanners expect). */
  qrEncoding?: 'utf-8' | 'gb18030';
  /** Start with ESC @ (default true). */
  initialize?: boolean;
}

interface Modes {
  align: Align;
  bold: boolean;
  width: number;
  height: number;
}

class Composer {
  readonly parts: Uint8Array[] = [];
  readonly #o: ResolvedPrinterOptions;
  readonly #glyph: GlyphRasterizer;
  readonly #qrEncoding: 'utf-8' | 'gb18030';
  #modes: Modes = { align: 'left', bold: false, width: 1, height: 1 };
  #glyphCache = new Map<string, Uint8Array>();

  constructor(o: ResolvedPrinterOptions, options: ComposeOptions) {
    this.#o = o;
    this.#glyph = options.glyph ?? placeholderGlyph;
    this.#qrEncoding = options.qrEncoding ?? 'utf-8';
  }

  #set(next: Partial<Modes>): void {
    const m = this.#modes;
    if (next.align !== undefined && next.align !== m.align) this.parts.push(alignCmd(next.align));
    if (next.bold !== undefined && next.bold !== m.bold) this.parts.push(boldCmd(next.bold));
    const w = next.width ?? m.width;
    const h = next.height ?? m.height;
    if (w !== m.width || h !== m.height) this.parts.push(characterSize(w, h));
    this.#modes = { align: next.align ?? m.align, bold: next.bold ?? m.bold, width: w, height: h };
  }

  /** One line of text, already wrapped, followed by LF. */
  #line(text: string): void {
    const { encoding, fontCoverage } = this.#o;
    let run: number[] = [];
    for (const ch of text) {
      const c = classifyChar(ch, encoding, fontCoverage);
      if (c.kind === 'font') {
        for (const b of c.bytes) run.push(b);
        continue;
      }
      if (run.length) this.parts.push(Uint8Array.from(run));
      run = [];
      this.parts.push(this.#drawn(ch));
    }
    run.push(LF);
    this.parts.push(Uint8Array.from(run));
  }

  #drawn(ch: string): Uint8Array {
    const key = `${ch}/${this.#modes.width}`;
    let bytes = this.#glyphCache.get(key);
    if (!bytes) {
      const cell = fitCell(this.#glyph(ch, 24), 24);
      bytes = inlineBitImage24(stretchWidth(cell, this.#modes.width));
      this.#glyphCache.set(key, bytes);
    }
    return bytes;
  }

  block(b: PrintBlock): void {
    const o = this.#o;
    switch (b.type) {
      case 'text': {
        const width = b.width ?? 1;
        const height = b.height ?? 1;
        this.#set({ align: b.align ?? 'left', bold: b.bold ?? false, width, height });
        for (const line of wrapText(b.text, Math.max(2, Math.floor(o.charsPerLine / width)), o.encoding, o.fontCoverage)) this.#line(line);
        return;
      }
      case 'columns': {
        this.#set({ align: 'left', bold: b.bold ?? false, width: 1, height: 1 });
        const left = textColumns(b.left, o.encoding, o.fontCoverage);
        const right = textColumns(b.right, o.encoding, o.fontCoverage);
        if (left + 1 + right <= o.charsPerLine) {
          this.#line(b.left + ' '.repeat(o.charsPerLine - left - right) + b.right);
          return;
        }
        for (const line of wrapText(b.left, o.charsPerLine, o.encoding, o.fontCoverage)) this.#line(line);
        for (const line of wrapText(b.right, o.charsPerLine, o.encoding, o.fontCoverage)) {
          this.#line(' '.repeat(Math.max(0, o.charsPerLine - textColumns(line, o.encoding, o.fontCoverage))) + line);
        }
        return;
      }
      case 'rule': {
        const ch = [...(b.char ?? '-')][0] ?? '-';
        this.#set({ align: 'left', bold: false, width: 1, height: 1 });
        const w = classifyChar(ch, o.encoding, o.fontCoverage).columns;
        this.#line(ch.repeat(Math.floor(o.charsPerLine / w)));
        return;
      }
      case 'feed':
        this.parts.push(feedLines(b.lines));
        return;
      case 'qr': {
        this.#set({ align: b.align ?? 'center' });
        const payload = this.#qrEncoding === 'utf-8' ? new TextEncoder().encode(b.data) : new Uint8Array(iconv.encode(b.data, 'gb18030'));
        this.parts.push(qrModel(2), qrModuleSize(b.moduleSize ?? 6), qrErrorCorrection(b.errorCorrection ?? 'M'), qrStore(payload), qrPrint());
        return;
      }
      case 'barcode':
        this.#set({ align: b.align ?? 'center' });
        this.parts.push(barcodeHeight(b.height ?? 80), barcodeModuleWidth(b.moduleWidth ?? 2), barcodeHri(b.hri ?? 'below'), code128(b.data));
        return;
      case 'image':
        if (b.bitmap.width > o.dotsPerLine) throw new TypeError(`image is ${b.bitmap.width} dots wide; the paper takes ${o.dotsPerLine}`);
        this.#set({ align: b.align ?? 'center' });
        this.parts.push(rasterImage(b.bitmap));
        return;
      case 'cut':
        this.parts.push(o.cutter ? cut(b.partial ?? true, 0) : feedLines(o.feedBeforeCut));
        return;
      default:
        throw new TypeError(`unknown block type ${JSON.stringify((b as { type?: unknown }).type)}`);
    }
  }
}

/** The bytes that print `doc` on a printer described by `printer`. */
export function composeDocument(doc: PrintDocument, printer: PrinterOptions, options: ComposeOptions = {}): Uint8Array {
  const o = resolvePrinterOptions(printer);
  const c = new Composer(o, options);
  if (options.initialize ?? true) c.parts.push(initialize());
  if (o.encoding === 'gb18030') c.parts.push(chineseMode(true));
  for (const block of doc) c.block(block);
  return concatBytes(c.parts);
}
