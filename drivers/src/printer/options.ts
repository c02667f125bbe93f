/**
 * Printer options with their defaults, and the built-in generic model ids
 * the CLI accepts. Real models live in hardware-profiles; this table only
 * covers what any ESC/POS printer of that width does.
 */
import type { PrinterOptions, ResolvedPrinterOptions } from './types.ts';

export const GENERIC_PRINTER_MODELS: Readonly<Record<string, PrinterOptions>> = {
  'generic-escpos-80': { paperWidthMm: 80, dotsPerLine: 576, charsPerLine: 48 },
  'generic-escpos-58': { paperWidthMm: 58, dotsPerLine: 384, charsPerLine: 32 },
};

export function resolvePrinterOptions(options: PrinterOptions): ResolvedPrinterOptions {
  if (options.paperWidthMm !== 58 && options.paperWidthMm !== 80) throw new TypeError(`paperWidthMm must be 58 or 80, got ${String(options.paperWidthMm)}`);
  const dotsPerLine = options.dotsPerLine ?? (options.paperWidthMm === 80 ? 576 : 384);
  if (!Number.isInteger(dotsPerLine) || dotsPerLine < 96 || dotsPerLine > 1024)
    throw new TypeError(`dotsPerLine must be an integer in 96..1024, got ${dotsPerLine}`);
  const charsPerLine = options.charsPerLine ?? Math.floor(dotsPerLine / 12);
  if (!Number.isInteger(charsPerLine) || charsPerLine < 8 || charsPerLine > 128)
    throw new TypeError(`charsPerLine must be an integer in 8..128, got ${charsPerLine}`);
  const feedBeforeCut = options.feedBeforeCut ?? 4;
  if (!Number.isInteger(feedBeforeCut) || feedBeforeCut < 0 || feedBeforeCut > 255)
    throw new TypeError(`feedBeforeCut must be an integer in 0..255, got ${feedBeforeCut}`);
  const encoding = options.encoding ?? 'gb18030';
  if (encoding !== 'gb18030' && encoding !== 'ascii') throw new TypeError(`encoding must be gb18030 or ascii, got ${String(encoding)}`);
  const fontCoverage = options.fontCoverage ?? 'gbk';
  if (fontCoverage !== 'gbk' && fontCoverage !== 'gb2312') throw new TypeError(`fontCoverage must be gbk or gb2312, got ${String(fontCoverage)}`);
  return {
    paperWidthMm: options.paperWidthMm,
    dotsPerLine,
    charsPerLine,
    encoding,
    fontCoverage,
    cutter: options.cutter ?? true,
    dleEot: options.dleEot ?? true,
    asb: options.asb ?? false,
    gsR: options.gsR ?? true,
    feedBeforeCut,
  };
}

/** Options for a generic model id; TypeError for an id this table does not know. */
export function genericModel(id: string): PrinterOptions {
  const model = GENERIC_PRINTER_MODELS[id];
  if (!model) throw new TypeError(`unknown printer model "${id}" (built in: ${Object.keys(GENERIC_PRINTER_MODELS).join(', ')})`);
  return model;
}
