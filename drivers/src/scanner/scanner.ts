/**
 * Scanner drivers over a transport: serial line mode (CDC) and HID POS.
 * Each emits `scan` (Scan) and `error` (DriverError), and forwards the
 * transport's `connected` / `disconnected`.
 */
import { EventEmitter } from 'node:events';
import type { DriverError } from '../errors.ts';
import type { Transport } from '../transport/transport.ts';
import { checkEncoding, decodeScanText } from './decode-text.ts';
import { HidPosAssembler, type HidPosLayout } from './hid-pos.ts';
import { LineSplitter } from './line-splitter.ts';
import type { Scan, ScanEncoding } from './types.ts';

export interface ScannerEvents {
  scan: [scan: Scan];
  error: [error: DriverError];
  connected: [];
  disconnected: [reason: string];
}

abstract class ScannerDriver extends EventEmitter<ScannerEvents> {
  readonly transport: Transport;

  constructor(transport: Transport) {
    super();
    this.transport = transport;
    transport.on('data', (chunk) => this.onData(chunk));
    transport.on('connected', () => this.emit('connected'));
    transport.on('disconnected', (reason) => this.emit('disconnected', reason));
  }

  protected abstract onData(chunk: Uint8Array): void;

  async start(): Promise<void> {
    if (!this.transport.isOpen) await this.transport.open();
  }

  async stop(): Promise<void> {
    await this.transport.close();
  }

  protected fail(error: DriverError): void {
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }
}

export interface SerialScannerOptions {
  terminator?: string | Uint8Array;
  encoding?: ScanEncoding;
  maxLength?: number;
}

export class SerialLineScanner extends ScannerDriver {
  readonly #splitter: LineSplitter;
  readonly #encoding: ScanEncoding;

  constructor(transport: Transport, options: SerialScannerOptions = {}) {
    super(transport);
    const splitterOptions: { terminator?: string | Uint8Array; maxLength?: number } = {};
    if (options.terminator !== undefined) splitterOptions.terminator = options.terminator;
    if (options.maxLength !== undefined) splitterOptions.maxLength = options.maxLength;
    this.#splitter = new LineSplitter(splitterOptions);
    this.#encoding = checkEncoding(options.encoding ?? 'utf-8');
  }

  protected onData(chunk: Uint8Array): void {
    for (const ev of this.#splitter.push(chunk)) {
      if (ev.kind === 'error') this.fail(ev.error);
      else if (ev.bytes.length > 0) this.emit('scan', { text: decodeScanText(ev.bytes, this.#encoding), source: 'serial' });
    }
  }
}

export interface HidPosScannerOptions {
  encoding?: ScanEncoding;
  layout?: HidPosLayout;
}

export class HidPosScanner extends ScannerDriver {
  readonly #assembler: HidPosAssembler;

  constructor(transport: Transport, options: HidPosScannerOptions = {}) {
    super(transport);
    this.#assembler = new HidPosAssembler(options);
  }

  protected onData(report: Uint8Array): void {
    try {
      const scan = this.#assembler.push(report);
      if (scan) this.emit('scan', scan);
    } catch (err) {
      this.fail(err as DriverError);
    }
  }
}
