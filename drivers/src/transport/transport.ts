/**
 * The one interface every driver talks through. A transport moves bytes and
 * reports its health; it knows nothing about the device's protocol.
 *
 * Events:
 * - `data` (chunk: Uint8Array)
 * - `connected` ()
 * - `disconnected` (reason: string): the device went away; a transport with
 *   reconnect on keeps trying with exponential backoff and emits `connected`
 *   again when the device is back.
 * - `error` (error: Error): something worth reporting that did not end the
 *   connection. Emitted only when someone listens, so an unobserved
 *   transport never crashes the process.
 */
import { EventEmitter } from 'node:events';
import { DisconnectedError, NotOpenError } from '../errors.ts';
import { backoffDelay, type BackoffOptions } from './backoff.ts';

export interface TransportEvents {
  data: [chunk: Uint8Array];
  connected: [];
  disconnected: [reason: string];
  error: [error: Error];
}

export interface Transport {
  readonly kind: string;
  /** Where it points, for logs: a path, host:port or vid:pid. */
  readonly description: string;
  readonly isOpen: boolean;
  open(): Promise<void>;
  close(): Promise<void>;
  write(bytes: Uint8Array): Promise<void>;
  on<E extends keyof TransportEvents>(event: E, listener: (...args: TransportEvents[E]) => void): this;
  off<E extends keyof TransportEvents>(event: E, listener: (...args: TransportEvents[E]) => void): this;
  once<E extends keyof TransportEvents>(event: E, listener: (...args: TransportEvents[E]) => void): this;
}

/** A driver's listeners for a transport's bytes and health. */
export type TransportListeners = { [E in 'data' | 'connected' | 'disconnected']: (...args: TransportEvents[E]) => void };

/** Attaches a driver to its transport; the function returned detaches it again (the driver's dispose). */
export function listenTo(transport: Transport, listeners: TransportListeners): () => void {
  const entries = Object.entries(listeners) as [keyof TransportListeners, (...args: unknown[]) => void][];
  for (const [event, listener] of entries) transport.on(event, listener);
  return () => {
    for (const [event, listener] of entries) transport.off(event, listener);
  };
}

export interface ReconnectOptions extends BackoffOptions {
  /** false: a lost device stays lost until open() is called again. Default true. */
  enabled?: boolean;
}

/**
 * Open/close bookkeeping and reconnection shared by the real transports.
 * Subclasses implement connect/disconnect/send and call lost() when the
 * device goes away underneath them.
 */
export abstract class BaseTransport extends EventEmitter<TransportEvents> implements Transport {
  abstract readonly kind: string;
  abstract readonly description: string;
  #wanted = false;
  #connected = false;
  #attempt = 0;
  #timer: NodeJS.Timeout | undefined;
  readonly #reconnect: ReconnectOptions;

  constructor(reconnect: ReconnectOptions = {}) {
    super();
    this.#reconnect = reconnect;
  }

  get isOpen(): boolean {
    return this.#connected;
  }

  protected abstract connect(): Promise<void>;
  protected abstract disconnect(): Promise<void>;
  protected abstract send(bytes: Uint8Array): Promise<void>;

  /**
   * Opens the device. If it is absent and reconnect is on, the first failure
   * is still thrown (so a CLI can say "no such port"), but the transport
   * keeps trying in the background until close().
   */
  async open(): Promise<void> {
    if (this.#wanted && this.#connected) return;
    this.#wanted = true;
    try {
      await this.connect();
    } catch (err) {
      this.#schedule();
      throw err;
    }
    this.#up();
  }

  async close(): Promise<void> {
    this.#wanted = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#connected) return;
    this.#connected = false;
    await this.disconnect().catch(() => {});
    this.emit('disconnected', 'closed');
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.#connected) throw new NotOpenError(`${this.kind} ${this.description} is not open`);
    try {
      await this.send(bytes);
    } catch (err) {
      throw new DisconnectedError(`write to ${this.description} failed: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Subclasses call this with incoming bytes. */
  protected received(chunk: Uint8Array): void {
    this.emit('data', chunk);
  }

  /** Subclasses call this when the device disappeared. Safe to call more than once. */
  protected lost(reason: string): void {
    if (!this.#connected) return;
    this.#connected = false;
    this.disconnect().catch(() => {});
    this.emit('disconnected', reason);
    this.#schedule();
  }

  protected report(error: Error): void {
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }

  #up(): void {
    this.#attempt = 0;
    this.#connected = true;
    this.emit('connected');
  }

  #schedule(): void {
    if (!this.#wanted || this.#reconnect.enabled === false || this.#timer) return;
    const delay = backoffDelay(Math.min(this.#attempt, 30), this.#reconnect);
    this.#attempt++;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (!this.#wanted || this.#connected) return;
      this.connect().then(
        () => {
          if (this.#wanted) this.#up();
          else this.disconnect().catch(() => {});
        },
        () => this.#schedule(),
      );
    }, delay);
    this.#timer.unref?.();
  }
}
