/**
 * GA 467 ID-card reader driver. Works over any transport (serial at 115200
 * or 9600, HID carrying the same frames, TCP) because it only sees bytes.
 *
 * start() polls find-card pollIntervalMs after the last answer (≥ 300 ms,
 * which is what readers tolerate), reads each card once per insertion (the
 * card must leave the field before it is read again) and emits:
 * - `card` (CardRead) with the decoded fields and the raw WLT photo;
 * - `removed` when a card that was read leaves the reader;
 * - `error` (DriverError subclass) for bad frames, failed reads, SAM faults;
 * - `connected` / `disconnected` (reason) forwarded from the transport.
 */
import { serialQueue } from '@hall/common';
import { EventEmitter } from 'node:events';
import { awaitAnswer } from '../answer.ts';
import { DisconnectedError, DriverError, TimeoutError } from '../errors.ts';
import { maskCard, silentLogger, type Logger } from '../log.ts';
import { listenTo, type Transport } from '../transport/transport.ts';
import { COMMANDS, REQUEST_FRAMES, decodeCardData, decodeNewestAddress, decodeSamId, type CommandName } from './commands.ts';
import { GarbageError, parseResponse, type FrameError, type Response } from './frame.ts';
import { Ga467Framer } from './framer.ts';
import { NoCardError, NoContentError, STATUS_CARD_FOUND, STATUS_NO_CONTENT, STATUS_OK, statusError } from './status.ts';
import { decodeTextBlock } from './text-block.ts';
import type { IdCard } from './types.ts';

export const MIN_POLL_INTERVAL_MS = 300;

export interface IdCardReaderOptions {
  /** Time between find-card polls, ms; at least 300. */
  pollIntervalMs?: number;
  /** Timeout of short commands (find, select, SAM), ms. */
  commandTimeoutMs?: number;
  /** Timeout of read commands, ms: 1295 bytes take 1.35 s at 9600 baud. */
  readTimeoutMs?: number;
  /** Also read fingerprint templates. */
  withFingerprint?: boolean;
  logger?: Logger;
}

export interface CardRead {
  card: IdCard;
  /** WLT-compressed photo exactly as stored; turning it into an image needs the vendor's decoder library. */
  photo: Uint8Array;
  fingerprint?: Uint8Array;
}

export interface ReaderEvents {
  card: [read: CardRead];
  removed: [];
  error: [error: DriverError];
  connected: [];
  disconnected: [reason: string];
}

interface Pending {
  name: CommandName;
  accept: (r: Response) => boolean;
  resolve: (r: Response) => void;
  reject: (e: Error) => void;
}

export class IdCardReader extends EventEmitter<ReaderEvents> {
  readonly #transport: Transport;
  readonly #framer = new Ga467Framer({ minLen: 4 });
  readonly #options: Required<Omit<IdCardReaderOptions, 'logger'>>;
  readonly #log: Logger;
  #pending: Pending | undefined;
  readonly #detach: () => void;
  /** One exchange at a time on the line: a second waits for the first, whatever became of it. */
  readonly #queue = serialQueue();
  #running = false;
  #loopDone: Promise<void> = Promise.resolve();
  #wake: (() => void) | undefined;
  #awaitingRemoval = false;

  constructor(transport: Transport, options: IdCardReaderOptions = {}) {
    super();
    const pollIntervalMs = options.pollIntervalMs ?? MIN_POLL_INTERVAL_MS;
    if (!(pollIntervalMs >= MIN_POLL_INTERVAL_MS)) throw new TypeError(`pollIntervalMs must be at least ${MIN_POLL_INTERVAL_MS}, got ${pollIntervalMs}`);
    this.#options = {
      pollIntervalMs,
      commandTimeoutMs: options.commandTimeoutMs ?? 1000,
      readTimeoutMs: options.readTimeoutMs ?? 3000,
      withFingerprint: options.withFingerprint ?? false,
    };
    this.#log = options.logger ?? silentLogger;
    this.#transport = transport;
    this.#detach = listenTo(transport, { data: this.#onData, connected: this.#onConnected, disconnected: this.#onDisconnected });
  }

  get transport(): Transport {
    return this.#transport;
  }

  /** Opens the transport (if needed) and starts polling. A missing device is reported, then retried. */
  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    if (!this.#transport.isOpen) {
      await this.#transport
        .open()
        .catch((err: Error) => this.#fail(new DisconnectedError(`cannot open ${this.#transport.description}: ${err.message}`, { cause: err })));
    }
    this.#loopDone = this.#loop();
  }

  /** Stops polling and closes the transport. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loopDone;
    await this.#transport.close();
  }

  /** Detaches from the transport without closing it. */
  dispose(): void {
    this.#running = false;
    this.#wake?.();
    this.#detach();
  }

  // --- single commands -------------------------------------------------

  async resetSam(): Promise<void> {
    await this.#command('resetSam', [STATUS_OK]);
  }

  async samStatus(): Promise<void> {
    await this.#command('samStatus', [STATUS_OK]);
  }

  async samId(): Promise<string> {
    return decodeSamId((await this.#command('samId', [STATUS_OK], (r) => r.data.length >= 16)).data);
  }

  /** True when a card is in the field; false on 0x80 (no card, or already read). */
  async findCard(): Promise<boolean> {
    try {
      await this.#command('findCard', [STATUS_CARD_FOUND]);
      return true;
    } catch (err) {
      if (err instanceof NoCardError) return false;
      throw err;
    }
  }

  async selectCard(): Promise<void> {
    await this.#command('selectCard', [STATUS_OK], (r) => r.data.length === 8 || r.data.length === 0);
  }

  /** Reads and decodes the card selected last. Emits `card` as well as returning it. */
  async readCard(withFingerprint = this.#options.withFingerprint): Promise<CardRead> {
    const name = withFingerprint ? 'readWithFingerprint' : 'readText';
    const r = await this.#command(name, [STATUS_OK], (res) => res.data.length > 260, this.#options.readTimeoutMs);
    const parts = decodeCardData(r.data, withFingerprint);
    const card = decodeTextBlock(parts.text);
    const read: CardRead = { card, photo: parts.photo };
    if (parts.fingerprint) read.fingerprint = parts.fingerprint;
    this.#log.info('card read', { card: maskCard(card), transport: this.#transport.description });
    this.emit('card', read);
    return read;
  }

  /** The address written to the card after issue, or undefined when there is none (0x91). */
  async readNewestAddress(): Promise<string | undefined> {
    try {
      const r = await this.#command('readNewestAddress', [STATUS_OK, STATUS_NO_CONTENT], (res) => res.status !== STATUS_OK || res.data.length === 70);
      return r.status === STATUS_NO_CONTENT ? undefined : decodeNewestAddress(r.data);
    } catch (err) {
      if (err instanceof NoContentError) return undefined;
      throw err;
    }
  }

  /**
   * Waits for a card (polling at the usual pace), reads it and returns it:
   * what `hall-drivers idcard read` does. Rejects with NoCardError when no
   * card turns up in time, or with the last read error.
   */
  async readOnce(options: { timeoutMs?: number } = {}): Promise<CardRead> {
    const deadline = Date.now() + (options.timeoutMs ?? 5000);
    let lastError: Error | undefined;
    for (;;) {
      try {
        if (await this.findCard()) {
          await this.selectCard();
          return await this.readCard();
        }
      } catch (err) {
        if (err instanceof DisconnectedError) throw err;
        lastError = err as Error;
      }
      // From the end of the attempt, as the polling loop does.
      const wait = this.#options.pollIntervalMs;
      if (Date.now() + wait >= deadline) break;
      await sleep(wait);
    }
    if (lastError && !(lastError instanceof NoCardError)) throw lastError;
    throw statusError(0x80);
  }

  // --- polling -------------------------------------------------------------

  async #loop(): Promise<void> {
    while (this.#running) {
      if (this.#transport.isOpen) {
        try {
          await this.#poll();
        } catch (err) {
          // The transport's own `disconnected` event already told everyone.
          if (!(err instanceof DisconnectedError)) this.#fail(err as Error);
        }
      }
      if (!this.#running) break;
      // Counted from the end of the poll, not its start: the reader then never sees two find-card
      // commands closer than the interval, however late a busy machine delivered the previous one.
      const wait = this.#options.pollIntervalMs;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, wait);
        this.#wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }

  async #poll(): Promise<void> {
    if (!(await this.findCard())) {
      if (this.#awaitingRemoval) {
        this.#awaitingRemoval = false;
        this.#log.debug('card removed');
        this.emit('removed');
      }
      return;
    }
    if (this.#awaitingRemoval) return;
    try {
      await this.selectCard();
    } catch (err) {
      // The card left between find and select: not worth an error event.
      if (err instanceof NoCardError) return;
      throw err;
    }
    await this.readCard();
    this.#awaitingRemoval = true;
  }

  // --- command plumbing ----------------------------------------------------

  #command(
    name: CommandName,
    success: readonly number[],
    fits: (r: Response) => boolean = () => true,
    timeoutMs = this.#options.commandTimeoutMs,
  ): Promise<Response> {
    const run = async () => {
      const response = await this.#exchange(name, success, fits, timeoutMs);
      if (!success.includes(response.status)) throw statusError(response.status);
      return response;
    };
    return this.#queue(run);
  }

  async #exchange(name: CommandName, success: readonly number[], fits: (r: Response) => boolean, timeoutMs: number): Promise<Response> {
    if (!this.#transport.isOpen) throw new DisconnectedError(`${this.#transport.description} is not connected`);
    // Whatever is still buffered belongs to an earlier, abandoned exchange.
    this.#framer.reset();
    const { cmd, para } = COMMANDS[name];
    const answer = awaitAnswer<Response>(
      timeoutMs,
      () => {
        this.#framer.reset();
        return new TimeoutError(`no answer to ${name} (0x${cmd.toString(16)} 0x${para.toString(16)}) within ${timeoutMs} ms`);
      },
      () => {
        if (this.#pending === pending) this.#pending = undefined;
      },
    );
    const pending: Pending = {
      name,
      // A late answer to an earlier command must not be taken for this one:
      // accept error statuses, and success statuses only with the right shape.
      accept: (r) => (success.includes(r.status) ? fits(r) : r.status !== STATUS_OK && r.status !== STATUS_CARD_FOUND),
      resolve: answer.resolve,
      reject: answer.reject,
    };
    this.#pending = pending;
    this.#transport.write(REQUEST_FRAMES[name]).catch((err: Error) => {
      if (this.#pending === pending) pending.reject(err instanceof DriverError ? err : new DisconnectedError(err.message, { cause: err }));
    });
    return answer.promise;
  }

  readonly #onData = (chunk: Uint8Array): void => {
    for (const ev of this.#framer.push(chunk)) {
      if (ev.kind === 'error') {
        this.#frameError(ev.error);
        continue;
      }
      const pending = this.#pending;
      let response: Response;
      try {
        response = parseResponse(ev.body);
      } catch (err) {
        this.#frameError(err as FrameError);
        continue;
      }
      if (!pending?.accept(response)) {
        this.#log.debug('ignored a frame nobody waits for', { status: response.status, bytes: ev.frame.length });
        continue;
      }
      pending.resolve(response);
    }
  };

  #frameError(error: FrameError): void {
    if (error instanceof GarbageError) {
      // Padding between HID reports is expected; noise is reported but does not fail the command.
      if (!error.padding) this.#fail(error);
      return;
    }
    if (this.#pending) this.#pending.reject(error);
    else this.#fail(error);
  }

  readonly #onDisconnected = (reason: string): void => {
    this.#framer.reset();
    this.#pending?.reject(new DisconnectedError(`${this.#transport.description} disconnected: ${reason}`));
    this.#log.warn('reader disconnected', { transport: this.#transport.description, reason });
    this.emit('disconnected', reason);
  };

  readonly #onConnected = (): void => {
    this.#framer.reset();
    this.#log.info('reader connected', { transport: this.#transport.description });
    this.emit('connected');
  };

  #fail(error: Error): void {
    const err = error instanceof DriverError ? error : new DriverError('INTERNAL', error.message, { cause: error });
    this.#log.warn('reader error', { code: err.code, message: err.message });
    if (this.listenerCount('error') > 0) this.emit('error', err);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
