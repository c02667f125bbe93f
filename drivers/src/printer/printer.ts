/**
 * ESC/POS receipt printer driver. Works over any transport (serial, the USB
 * printer class device as a file, TCP 9100) because it only sees bytes.
 *
 * print() asks for the real-time status (DLE EOT 1–4) first and refuses to
 * send anything when the cover is open, the paper is out, or the printer
 * reports a fault; then it sends the job followed by GS r 1, which the
 * printer answers only once everything before it is printed; then it asks for
 * the status again. Every wait has a timeout. Paper running out mid-job is a
 * PaperOutError with `duringPrint: true`, so the caller can flag the ticket
 * for reprint.
 */
import { serialQueue } from '@hall/common';
import { EventEmitter } from 'node:events';
import { awaitAnswer } from '../answer.ts';
import { BilingualError, DisconnectedError, DriverError, marked } from '../errors.ts';
import { silentLogger, type Logger } from '../log.ts';
import { listenTo, type Transport } from '../transport/transport.ts';
import { concatBytes } from '../bytes.ts';
import { automaticStatusBack, REALTIME_STATUS_QUERY, transmitPaperStatus } from './commands.ts';
import { composeDocument, type ComposeOptions } from './composer.ts';
import { statusProblem } from './errors.ts';
import { resolvePrinterOptions } from './options.ts';
import { decodeRealtimeSet, StatusReader } from './status.ts';
import type { PrintDocument, PrinterOptions, PrinterStatus, ResolvedPrinterOptions } from './types.ts';

export class PrinterNoResponseError extends marked(BilingualError, 'timeout', 'noResponse') {
  declare readonly duringPrint: boolean;
  constructor(en: string, zh: string, duringPrint: boolean) {
    super('PRINTER_NO_RESPONSE', zh, en, { details: { duringPrint } });
  }
}

export class StatusUnsupportedError extends marked(DriverError, 'unsupported') {
  constructor() {
    super('PRINTER_STATUS_UNSUPPORTED', 'this printer model does not answer DLE EOT status queries');
  }
}

export interface EscPosPrinterOptions {
  printer: PrinterOptions;
  /** Timeout of one status query, ms (default 1000). */
  statusTimeoutMs?: number;
  /**
   * How long to wait for the end-of-job answer (GS r 1), ms. Default: 5 s
   * plus twice the job's wire time at `baudRate`.
   */
  jobTimeoutMs?: number;
  /** How often the real-time status is checked while a job prints, ms (default 250). */
  watchMs?: number;
  /** Line speed used to estimate wire time (default 115200; irrelevant for USB and TCP). */
  baudRate?: number;
  compose?: ComposeOptions;
  logger?: Logger;
}

export interface PrintTiming {
  /** performance.now() when print() was called. */
  startedAt: number;
  /** When the pre-print status query was handed to the transport (undefined without status support). */
  statusAskedAt?: number;
  /** When its answer was complete. */
  statusAnsweredAt?: number;
  /** When the job's bytes were handed to the transport (not when they left the wire). */
  handedAt: number;
}

export interface PrintResult {
  /** Bytes of the job (without status queries). */
  bytes: number;
  before?: PrinterStatus;
  after?: PrinterStatus;
  /** The printer confirmed the end of the job (GS r 1 answered). */
  confirmed: boolean;
  /** The roll is nearly empty: printing still works, but someone should change it. */
  paperNearEnd: boolean;
  timing: PrintTiming;
}

export interface PrinterEvents {
  /** An automatic status back block (after enableAutomaticStatus()). */
  status: [status: PrinterStatus];
  error: [error: DriverError];
  connected: [];
  disconnected: [reason: string];
}

type Waiter = { want: 'realtime' | 'sequenced'; bytes: number[]; count: number; resolve: (b: number[]) => void; reject: (e: Error) => void };

export class EscPosPrinter extends EventEmitter<PrinterEvents> {
  readonly #transport: Transport;
  readonly #o: ResolvedPrinterOptions;
  readonly #options: EscPosPrinterOptions;
  readonly #log: Logger;
  readonly #detach: () => void;
  readonly #reader = new StatusReader();
  /** At most one waiter per kind of answer: a real-time query may run while the end of a job is awaited. */
  readonly #waiters = new Map<Waiter['want'], Waiter>();
  /** One exchange at a time on the line: a second waits for the first, whatever became of it. */
  readonly #queue = serialQueue();
  /** An earlier query timed out: its answer may still arrive and must not be taken for the next one. */
  #stale = false;

  constructor(transport: Transport, options: EscPosPrinterOptions) {
    super();
    this.#transport = transport;
    this.#o = resolvePrinterOptions(options.printer);
    this.#options = options;
    this.#log = options.logger ?? silentLogger;
    this.#detach = listenTo(transport, { data: this.#onData, connected: this.#onConnected, disconnected: this.#onDisconnected });
  }

  get transport(): Transport {
    return this.#transport;
  }

  get options(): ResolvedPrinterOptions {
    return this.#o;
  }

  /** Detaches from the transport without closing it. */
  dispose(): void {
    this.#detach();
    for (const w of [...this.#waiters.values()]) w.reject(new DisconnectedError('printer driver disposed'));
  }

  /** The real-time status (DLE EOT 1–4). */
  status(): Promise<PrinterStatus> {
    return this.#serial(() => this.#status(false).then((r) => r.status));
  }

  /** Switches automatic status back on (`status` events on every change) or off. */
  async enableAutomaticStatus(on = true): Promise<void> {
    if (!this.#o.asb) throw new TypeError('this printer model does not support automatic status back (GS a)');
    await this.#serial(() => this.#write(automaticStatusBack(on ? 0x0f : 0)));
  }

  /** Composes (if needed) and prints a document, with status checks before and after. */
  print(job: PrintDocument | Uint8Array): Promise<PrintResult> {
    const startedAt = performance.now();
    return this.#serial(() => this.#print(job, startedAt));
  }

  async #print(job: PrintDocument | Uint8Array, startedAt: number): Promise<PrintResult> {
    const bytes = job instanceof Uint8Array ? job : composeDocument(job, this.#o, this.#options.compose);
    const timing: PrintTiming = { startedAt, handedAt: 0 };
    let before: PrinterStatus | undefined;
    if (this.#o.dleEot) {
      const r = await this.#status(false);
      before = r.status;
      timing.statusAskedAt = r.askedAt;
      timing.statusAnsweredAt = r.answeredAt;
      const problem = statusProblem(before, false);
      if (problem) {
        this.#log.warn('print refused', { code: problem.code, transport: this.#transport.description });
        throw problem;
      }
    }
    const sync = this.#o.gsR;
    const out = sync ? concatBytes([bytes, transmitPaperStatus()]) : bytes;
    const confirm = sync ? this.#expect('sequenced', 1, this.#jobTimeout(out.length)) : undefined;
    confirm?.catch(() => {});
    // #write hands the bytes to the transport before its first await: that moment is the end of our work.
    const written = this.#write(out);
    timing.handedAt = performance.now();
    await written;
    let confirmed = false;
    if (confirm) {
      let done = false;
      const settled = confirm.then(
        () => {
          confirmed = true;
          done = true;
        },
        (err: unknown) => {
          done = true;
          if (err instanceof DisconnectedError) throw err;
          // No confirmation: the status below says why (paper out mid-job, cover opened), or the model lacks GS r.
        },
      );
      // While the job prints, look at the real-time status now and then, so paper
      // running out is reported at once rather than when the confirmation times out.
      while (!done) {
        let timer: NodeJS.Timeout | undefined;
        const tick = new Promise((r) => (timer = setTimeout(r, this.#options.watchMs ?? 250)));
        await Promise.race([settled.catch(() => {}), tick]);
        clearTimeout(timer);
        if (done || !this.#o.dleEot) continue;
        const s = await this.#status(true).catch(() => undefined);
        if (s && statusProblem(s.status, true)) {
          this.#waiters.get('sequenced')?.reject(new DriverError('TIMEOUT', 'abandoned: the printer stopped'));
          break;
        }
      }
      await settled;
    }
    let after: PrinterStatus | undefined;
    if (this.#o.dleEot) {
      after = (await this.#status(true)).status;
      const problem = statusProblem(after, true);
      if (problem) {
        this.#log.warn('print interrupted', { code: problem.code, transport: this.#transport.description });
        throw problem;
      }
    }
    if (sync && !confirmed) this.#log.warn('the printer did not confirm the end of the job (GS r 1)', { transport: this.#transport.description });
    const result: PrintResult = { bytes: bytes.length, confirmed, paperNearEnd: (after ?? before)?.paperNearEnd ?? false, timing };
    if (before) result.before = before;
    if (after) result.after = after;
    return result;
  }

  #jobTimeout(bytes: number): number {
    if (this.#options.jobTimeoutMs !== undefined) return this.#options.jobTimeoutMs;
    return 5000 + Math.ceil((2 * bytes * 10 * 1000) / (this.#options.baudRate ?? 115200));
  }

  async #status(duringPrint: boolean): Promise<{ status: PrinterStatus; askedAt: number; answeredAt: number }> {
    if (!this.#o.dleEot) throw new StatusUnsupportedError();
    if (this.#stale) {
      // Let a late answer to the abandoned query arrive and be dropped.
      await new Promise((r) => setTimeout(r, 50));
      this.#reader.reset();
      this.#stale = false;
    }
    const timeoutMs = this.#options.statusTimeoutMs ?? 1000;
    const answer = this.#expect('realtime', 4, timeoutMs);
    answer.catch(() => {});
    const askedAt = performance.now();
    await this.#write(REALTIME_STATUS_QUERY);
    try {
      const bytes = await answer;
      return { status: decodeRealtimeSet(bytes), askedAt, answeredAt: performance.now() };
    } catch (err) {
      if (err instanceof DisconnectedError) throw err;
      this.#stale = true;
      throw new PrinterNoResponseError(
        `no status answer from the printer on ${this.#transport.description} within ${timeoutMs} ms${duringPrint ? ' after the job was sent; it may not have printed' : '; nothing was printed'}`,
        duringPrint ? `打印机在 ${timeoutMs} 毫秒内无状态应答，票据可能未打印` : `打印机在 ${timeoutMs} 毫秒内无应答，未打印任何内容`,
        duringPrint,
      );
    }
  }

  #expect(want: Waiter['want'], count: number, timeoutMs: number): Promise<number[]> {
    const answer = awaitAnswer<number[]>(
      timeoutMs,
      () => new DriverError('TIMEOUT', `no ${want} status within ${timeoutMs} ms`),
      () => {
        if (this.#waiters.get(want) === waiter) this.#waiters.delete(want);
      },
    );
    const waiter: Waiter = { want, bytes: [], count, resolve: answer.resolve, reject: answer.reject };
    this.#waiters.get(want)?.reject(new DriverError('TIMEOUT', 'superseded'));
    this.#waiters.set(want, waiter);
    return answer.promise;
  }

  async #write(bytes: Uint8Array): Promise<void> {
    if (!this.#transport.isOpen) throw new DisconnectedError(`${this.#transport.description} is not connected`);
    try {
      await this.#transport.write(bytes);
    } catch (err) {
      for (const w of [...this.#waiters.values()]) w.reject(err as Error);
      throw err instanceof DriverError ? err : new DisconnectedError((err as Error).message, { cause: err });
    }
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    return this.#queue(fn);
  }

  readonly #onData = (chunk: Uint8Array): void => {
    for (const ev of this.#reader.push(chunk)) {
      if (ev.kind === 'asb') {
        this.emit('status', ev.status);
        continue;
      }
      if (ev.kind === 'realtime' || ev.kind === 'sequenced') {
        const w = this.#waiters.get(ev.kind);
        if (w) {
          w.bytes.push(ev.byte);
          if (w.bytes.length === w.count) w.resolve(w.bytes);
        } else this.#log.debug('ignored a status byte nobody waits for', { byte: ev.byte });
        continue;
      }
      if (ev.kind === 'garbage') this.#log.debug('noise from the printer', { byte: ev.byte });
    }
  };

  readonly #onDisconnected = (reason: string): void => {
    this.#reader.reset();
    for (const w of [...this.#waiters.values()]) w.reject(new DisconnectedError(`${this.#transport.description} disconnected: ${reason}`));
    this.emit('disconnected', reason);
  };

  readonly #onConnected = (): void => {
    this.#reader.reset();
    this.emit('connected');
  };
}
