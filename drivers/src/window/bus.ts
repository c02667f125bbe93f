/**
 * The host end of a shared RS-485 line: one request at a time, each answered
 * by the addressed device within a timeout, with a short turnaround gap
 * before the next request (half-duplex adapters need a moment to switch the
 * line back). Answers from other addresses, echoes of our own requests
 * (common with two-wire adapters), noise and collisions are skipped.
 */
import { serialQueue } from '@hall/common';
import { EventEmitter } from 'node:events';
import { awaitAnswer } from '../answer.ts';
import { DisconnectedError, DriverError, TimeoutError } from '../errors.ts';
import { silentLogger, type Logger } from '../log.ts';
import { listenTo, type Transport } from '../transport/transport.ts';
import { BusFramer, encodeBusFrame, type BusFrame, type BusFrameError } from './frame.ts';
import { ANSWER } from './codes.ts';

export interface Rs485BusOptions {
  /** Answer timeout, ms (default 200: at 9600 baud a 200-byte answer takes 210 ms, most are far shorter). */
  timeoutMs?: number;
  /** Quiet time after each exchange before the next request, ms (default 5). */
  turnaroundMs?: number;
  logger?: Logger;
}

export interface BusEvents {
  /** Noise, collisions, truncated frames: counted and reported, never fatal. */
  noise: [error: BusFrameError];
  connected: [];
  disconnected: [reason: string];
}

interface Pending {
  address: number;
  cmd: number;
  resolve: (f: BusFrame) => void;
  reject: (e: Error) => void;
}

export class Rs485Bus extends EventEmitter<BusEvents> {
  readonly #transport: Transport;
  readonly #framer = new BusFramer();
  readonly #timeoutMs: number;
  readonly #turnaroundMs: number;
  readonly #log: Logger;
  #pending: Pending | undefined;
  readonly #detach: () => void;
  /** One exchange at a time on the line: a second waits for the first, whatever became of it. */
  readonly #queue = serialQueue();
  noiseCount = 0;

  constructor(transport: Transport, options: Rs485BusOptions = {}) {
    super();
    this.#transport = transport;
    this.#timeoutMs = options.timeoutMs ?? 200;
    this.#turnaroundMs = options.turnaroundMs ?? 5;
    this.#log = options.logger ?? silentLogger;
    this.#detach = listenTo(transport, { data: this.#onData, connected: this.#onConnected, disconnected: this.#onDisconnected });
  }

  get transport(): Transport {
    return this.#transport;
  }

  dispose(): void {
    this.#detach();
    this.#pending?.reject(new DisconnectedError('bus disposed'));
  }

  /** Sends a request to `address` and resolves with its answer (CMD | 0x80), or rejects with TimeoutError. */
  request(address: number, cmd: number, data: ArrayLike<number> = [], timeoutMs = this.#timeoutMs): Promise<BusFrame> {
    const frame = encodeBusFrame(address, cmd, data);
    return this.#serial(async () => {
      try {
        return await this.#exchange(address, cmd, frame, timeoutMs);
      } finally {
        await sleep(this.#turnaroundMs);
      }
    });
  }

  /** Writes bytes no device answers (write-only protocols), in turn with the requests. */
  send(bytes: Uint8Array): Promise<void> {
    return this.#serial(async () => {
      if (!this.#transport.isOpen) throw new DisconnectedError(`${this.#transport.description} is not connected`);
      await this.#transport.write(bytes);
      await sleep(this.#turnaroundMs);
    });
  }

  #exchange(address: number, cmd: number, frame: Uint8Array, timeoutMs: number): Promise<BusFrame> {
    if (!this.#transport.isOpen) return Promise.reject(new DisconnectedError(`${this.#transport.description} is not connected`));
    this.#framer.reset();
    const answer = awaitAnswer<BusFrame>(
      timeoutMs,
      () => new TimeoutError(`no answer from bus address ${address} to command 0x${cmd.toString(16).padStart(2, '0')} within ${timeoutMs} ms`),
      () => {
        if (this.#pending === pending) this.#pending = undefined;
      },
    );
    const pending: Pending = { address, cmd, resolve: answer.resolve, reject: answer.reject };
    this.#pending = pending;
    this.#transport.write(frame).catch((err: Error) => pending.reject(err instanceof DriverError ? err : new DisconnectedError(err.message, { cause: err })));
    return answer.promise;
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    return this.#queue(fn);
  }

  readonly #onData = (chunk: Uint8Array): void => {
    for (const ev of this.#framer.push(chunk)) {
      if (ev.kind === 'error') {
        this.noiseCount++;
        if (this.listenerCount('noise') > 0) this.emit('noise', ev.error);
        continue;
      }
      const p = this.#pending;
      const f = ev.frame;
      if (p && f.address === p.address && f.cmd === (p.cmd | ANSWER)) p.resolve({ address: f.address, cmd: f.cmd, data: f.data.slice() });
      else this.#log.debug('ignored a bus frame nobody waits for', { address: f.address, cmd: f.cmd });
    }
  };

  readonly #onDisconnected = (reason: string): void => {
    this.#framer.reset();
    this.#pending?.reject(new DisconnectedError(`${this.#transport.description} disconnected: ${reason}`));
    this.emit('disconnected', reason);
  };

  readonly #onConnected = (): void => {
    this.#framer.reset();
    this.emit('connected');
  };
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}

export function checkAddress(address: number): number {
  if (!Number.isInteger(address) || address < 1 || address > 247) throw new TypeError(`bus address must be an integer in 1..247, got ${address}`);
  return address;
}
