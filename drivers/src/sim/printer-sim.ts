/**
 * A byte-level ESC/POS receipt printer. It answers DLE EOT 1–4 the moment
 * the query arrives (as real printers do, whatever is in the buffer), answers
 * GS r 1 once everything before it is printed, sends automatic status back
 * when GS a asks for it, and records what it printed: text lines (decoded
 * from GB18030 in Chinese mode), QR payloads, barcodes, images and cuts.
 *
 * Its state can be changed under the driver: paper near end or out, cover
 * open, offline, run out of paper after N more lines (mid-ticket), or stop
 * answering altogether.
 */
import { EventEmitter } from 'node:events';
import iconv from 'iconv-lite';
import { EscPosParser, isPrintable, type EscPosOp } from '../printer/parse.ts';
import { encodeAsb, encodeRealtime, healthyStatus, type RealtimeKind } from '../printer/status.ts';
import type { PrinterStatus } from '../printer/types.ts';
import type { Transport } from '../transport/transport.ts';

export type PrintedItem =
  | { kind: 'line'; text: string; bold: boolean; width: number; height: number; align: number }
  | { kind: 'qr'; data: string }
  | { kind: 'barcode'; data: string }
  | { kind: 'image'; width: number; height: number }
  | { kind: 'feed'; lines: number }
  | { kind: 'cut'; partial: boolean };

export type PrinterSimState = 'ok' | 'near-end' | 'paper-out' | 'cover-open' | 'offline';
export const PRINTER_SIM_STATES: readonly PrinterSimState[] = ['ok', 'near-end', 'paper-out', 'cover-open', 'offline'];

export interface PrinterSimEvents {
  printed: [item: PrintedItem];
  /** Bytes the printer received that were not real-time queries. */
  job: [bytes: number];
  status: [status: PrinterStatus];
}

/** Glyphs drawn with ESC * appear in recorded text as this character. */
export const DRAWN_GLYPH = '□';

export class EscPosPrinterSimulator extends EventEmitter<PrinterSimEvents> {
  readonly #port: Transport;
  readonly #parser = new EscPosParser();
  #status: PrinterStatus = healthyStatus();
  #muted = false;
  #linesLeft = Infinity;
  #asb = 0;
  /** How many bytes of a possible DLE EOT prefix are held. */
  #rt = 0;
  #line: number[] = [];
  #modes = { bold: false, width: 1, height: 1, align: 0, chinese: false };
  #qr = '';
  /** Everything printed, in order. */
  readonly printed: PrintedItem[] = [];
  /** Count of received bytes that were not DLE EOT queries: 0 means nothing printable was ever sent. */
  jobBytes = 0;
  /** Number of DLE EOT queries answered. */
  statusQueries = 0;

  constructor(port: Transport, options: { state?: PrinterSimState } = {}) {
    super();
    this.#port = port;
    this.setState(options.state ?? 'ok');
    port.on('data', this.#onData);
  }

  get status(): PrinterStatus {
    return { ...this.#status };
  }

  /** Text lines printed so far. */
  get lines(): string[] {
    return this.printed.flatMap((p) => (p.kind === 'line' ? [p.text] : []));
  }

  /** Bytes received but not yet printed (the printer stalled on paper out or an open cover). */
  get pending(): number {
    return this.#parser.buffered;
  }

  setState(state: PrinterSimState): void {
    if (!PRINTER_SIM_STATES.includes(state)) throw new TypeError(`unknown printer state ${String(state)}`);
    const s = healthyStatus();
    if (state === 'near-end') s.paperNearEnd = true;
    if (state === 'paper-out') Object.assign(s, { paperNearEnd: true, paperEnd: true, paperEndStop: true, online: false });
    if (state === 'cover-open') Object.assign(s, { coverOpen: true, online: false });
    if (state === 'offline') s.online = false;
    // Refilling the roll drops the rest of an interrupted job, as printers set to cancel on paper end do.
    if (state === 'ok' || state === 'near-end') {
      if (this.#status.paperEnd) this.#parser.reset();
      this.#linesLeft = Infinity;
    }
    this.#status = s;
    this.emit('status', this.status);
    this.#sendAsb();
    this.#run();
  }

  /** Lets `lines` more lines print, then runs out of paper (mid-ticket). */
  paperRunsOutAfter(lines: number): void {
    this.#linesLeft = lines;
  }

  /** Stops answering anything (a printer that hangs or was switched off), or resumes. */
  mute(on = true): void {
    this.#muted = on;
  }

  detach(): void {
    this.#port.off('data', this.#onData);
  }

  readonly #onData = (chunk: Uint8Array): void => {
    let job = 0;
    for (const b of chunk) {
      // Real-time commands are recognised on arrival, even mid-job, and are not part of the job.
      if (this.#rt === 2) {
        this.#rt = 0;
        if (b >= 1 && b <= 4) {
          this.statusQueries++;
          this.#answer([encodeRealtime(b as RealtimeKind, this.#status)]);
          continue;
        }
        job += 2;
      } else if (this.#rt === 1) {
        this.#rt = 0;
        if (b === 0x04) {
          this.#rt = 2;
          continue;
        }
        job += 1;
      }
      if (b === 0x10) this.#rt = 1;
      else job++;
    }
    if (job > 0) {
      this.jobBytes += job;
      this.emit('job', job);
    }
    this.#parser.feed(chunk);
    this.#run();
  };

  get #canPrint(): boolean {
    const s = this.#status;
    return s.online && !s.paperEnd && !s.coverOpen;
  }

  #run(): void {
    if (!this.#canPrint) return;
    this.#parser.drain((op) => {
      this.#apply(op);
      return !this.#canPrint;
    });
  }

  #apply(op: EscPosOp): void {
    const m = this.#modes;
    switch (op.op) {
      case 'init':
        this.#modes = { bold: false, width: 1, height: 1, align: 0, chinese: false };
        return;
      case 'chinese':
      case 'bold':
        m[op.op] = op.on;
        return;
      case 'size':
        m.width = op.width;
        m.height = op.height;
        return;
      case 'align':
        m.align = op.n;
        return;
      case 'text':
        for (const b of op.bytes) this.#line.push(b);
        return;
      case 'bit-image':
        this.#line.push(0x00);
        return;
      case 'lf':
        this.#endLine();
        return;
      case 'feed':
        if (this.#line.length) this.#endLine();
        this.#print({ kind: 'feed', lines: op.lines });
        return;
      case 'raster':
        this.#print({ kind: 'image', width: op.width, height: op.height });
        return;
      case 'qr-store':
        this.#qr = new TextDecoder().decode(op.data);
        return;
      case 'qr-print':
        this.#print({ kind: 'qr', data: this.#qr });
        return;
      case 'barcode': {
        const data = String.fromCharCode(...op.data);
        this.#print({ kind: 'barcode', data: data.startsWith('{B') ? data.slice(2).replaceAll('{{', '{') : data });
        return;
      }
      case 'cut':
        this.#print({ kind: 'cut', partial: op.partial });
        return;
      case 'sequenced-status':
        if (op.n === 1 || op.n === 49) this.#answer([(this.#status.paperNearEnd ? 0x03 : 0) | (this.#status.paperEnd ? 0x0c : 0)]);
        return;
      case 'asb':
        this.#asb = op.n;
        this.#sendAsb();
        return;
      default:
        if (!isPrintable(op)) return;
    }
  }

  #endLine(): void {
    const m = this.#modes;
    const bytes = Buffer.from(this.#line);
    let text = m.chinese ? iconv.decode(bytes, 'gb18030') : bytes.toString('latin1');
    text = text.replaceAll('\u0000', DRAWN_GLYPH);
    this.#line = [];
    this.#print({ kind: 'line', text, bold: m.bold, width: m.width, height: m.height, align: m.align });
    if (--this.#linesLeft <= 0) {
      this.#linesLeft = Infinity;
      Object.assign(this.#status, { paperNearEnd: true, paperEnd: true, paperEndStop: true, online: false });
      this.emit('status', this.status);
      this.#sendAsb();
    }
  }

  #print(item: PrintedItem): void {
    this.printed.push(item);
    this.emit('printed', item);
  }

  #sendAsb(): void {
    if (this.#asb !== 0) this.#answer(encodeAsb(this.#status));
  }

  #answer(bytes: ArrayLike<number>): void {
    if (this.#muted || !this.#port.isOpen) return;
    this.#port.write(Uint8Array.from(bytes)).catch(() => {});
  }
}
