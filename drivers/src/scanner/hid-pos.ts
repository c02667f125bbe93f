/**
 * HID POS barcode scanners (usage page 0x8C) send each scan in one or more
 * "scanned data" input reports: a length byte, the AIM symbology identifier,
 * up to N bytes of decoded data, and a flag saying more reports follow.
 * Parsing is pure; offsets are options because vendors differ in the detail.
 */
import { DriverError, marked } from '../errors.ts';
import { checkEncoding, decodeScanText } from './decode-text.ts';
import type { Scan, ScanEncoding } from './types.ts';

export const HID_POS_USAGE_PAGE = 0x8c;

export interface HidPosLayout {
  /** Expected first byte (the report id), or null when reports carry none. */
  reportId: number | null;
  lengthOffset: number;
  aimOffset: number;
  aimLength: number;
  dataOffset: number;
  dataCapacity: number;
  flagsOffset: number;
  continuationMask: number;
}

/** The common 64-byte layout: id 0x02, length, 3-byte AIM id, 56 data bytes, flags in the last byte. */
export const DEFAULT_HID_POS_LAYOUT: HidPosLayout = {
  reportId: 0x02,
  lengthOffset: 1,
  aimOffset: 2,
  aimLength: 3,
  dataOffset: 5,
  dataCapacity: 56,
  flagsOffset: 63,
  continuationMask: 0x01,
};

export class HidPosReportError extends marked(DriverError, 'badReport') {
  constructor(message: string) {
    super('HIDPOS_BAD_REPORT', message);
  }
}

export interface HidPosReport {
  /** e.g. `]Q1`; undefined when the scanner leaves the field empty. */
  symbology: string | undefined;
  data: Uint8Array;
  /** More reports of the same scan follow. */
  continued: boolean;
}

export function parseHidPosReport(report: Uint8Array, layout: HidPosLayout = DEFAULT_HID_POS_LAYOUT): HidPosReport {
  const needed = Math.max(layout.dataOffset + layout.dataCapacity, layout.flagsOffset + 1, layout.aimOffset + layout.aimLength, layout.lengthOffset + 1);
  if (report.length < needed) throw new HidPosReportError(`report is ${report.length} bytes, layout needs ${needed}`);
  if (layout.reportId !== null && report[0] !== layout.reportId) {
    throw new HidPosReportError(`report id 0x${report[0]!.toString(16)} is not the scanned-data report 0x${layout.reportId.toString(16)}`);
  }
  const length = report[layout.lengthOffset]!;
  if (length > layout.dataCapacity) throw new HidPosReportError(`data length ${length} exceeds the report's ${layout.dataCapacity} bytes`);
  let symbology: string | undefined;
  const aim = report.subarray(layout.aimOffset, layout.aimOffset + layout.aimLength);
  if (aim[0] === 0x5d /* ] */) {
    symbology = String.fromCharCode(...aim.filter((b) => b >= 0x20 && b < 0x7f));
  }
  return {
    symbology,
    data: report.slice(layout.dataOffset, layout.dataOffset + length),
    continued: (report[layout.flagsOffset]! & layout.continuationMask) !== 0,
  };
}

export interface HidPosAssemblerOptions {
  encoding?: ScanEncoding;
  layout?: HidPosLayout;
  /** A scan longer than this is dropped as broken, bytes. */
  maxLength?: number;
}

/** Joins continued reports into whole scans. */
export class HidPosAssembler {
  readonly #encoding: ScanEncoding;
  readonly #layout: HidPosLayout;
  readonly #maxLength: number;
  #parts: Uint8Array[] = [];
  #size = 0;
  #symbology: string | undefined;

  constructor(options: HidPosAssemblerOptions = {}) {
    this.#encoding = checkEncoding(options.encoding ?? 'utf-8');
    this.#layout = options.layout ?? DEFAULT_HID_POS_LAYOUT;
    this.#maxLength = options.maxLength ?? 8192;
  }

  /** Returns the finished scan, or undefined while more reports are due. Throws HidPosReportError. */
  push(report: Uint8Array): Scan | undefined {
    let parsed: HidPosReport;
    try {
      parsed = parseHidPosReport(report, this.#layout);
    } catch (err) {
      this.reset();
      throw err;
    }
    this.#symbology ??= parsed.symbology;
    this.#parts.push(parsed.data);
    this.#size += parsed.data.length;
    if (this.#size > this.#maxLength) {
      this.reset();
      throw new HidPosReportError(`scan longer than ${this.#maxLength} bytes`);
    }
    if (parsed.continued) return undefined;
    const all = new Uint8Array(this.#size);
    let o = 0;
    for (const p of this.#parts) {
      all.set(p, o);
      o += p.length;
    }
    const scan: Scan = { text: decodeScanText(all, this.#encoding), source: 'hid-pos' };
    if (this.#symbology) scan.symbology = this.#symbology;
    this.reset();
    return scan;
  }

  reset(): void {
    this.#parts = [];
    this.#size = 0;
    this.#symbology = undefined;
  }
}

/** Builds scanned-data reports for a payload (simulators and tests). */
export function encodeHidPosReports(data: Uint8Array, symbology = ']Q1', layout: HidPosLayout = DEFAULT_HID_POS_LAYOUT): Uint8Array[] {
  const size = Math.max(layout.dataOffset + layout.dataCapacity, layout.flagsOffset + 1);
  const out: Uint8Array[] = [];
  for (let i = 0; i === 0 || i < data.length; i += layout.dataCapacity) {
    const chunk = data.subarray(i, i + layout.dataCapacity);
    const r = new Uint8Array(size);
    if (layout.reportId !== null) r[0] = layout.reportId;
    r[layout.lengthOffset] = chunk.length;
    for (let j = 0; j < Math.min(symbology.length, layout.aimLength); j++) r[layout.aimOffset + j] = symbology.charCodeAt(j);
    r.set(chunk, layout.dataOffset);
    if (i + layout.dataCapacity < data.length) r[layout.flagsOffset]! |= layout.continuationMask;
    out.push(r);
  }
  return out;
}
