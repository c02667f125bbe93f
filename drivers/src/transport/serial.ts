/**
 * Serial transport over node-serialport. USB-serial adapters vanish from
 * /dev when unplugged, and a pty vanishes when its peer dies; the port does
 * not always say so promptly, so a light watchdog also checks that the path
 * still exists.
 */
import { existsSync } from 'node:fs';
import { SerialPort } from 'serialport';
import { BaseTransport, type ReconnectOptions } from './transport.ts';

export interface SerialOptions {
  path: string;
  /** GA 467 readers: 115200 by default, 9600 on older units. */
  baudRate?: number;
  dataBits?: 5 | 6 | 7 | 8;
  stopBits?: 1 | 1.5 | 2;
  parity?: 'none' | 'even' | 'odd' | 'mark' | 'space';
  reconnect?: ReconnectOptions;
  /** How often to check that the device node still exists, ms. */
  watchdogMs?: number;
}

export class SerialTransport extends BaseTransport {
  readonly kind = 'serial';
  readonly description: string;
  readonly #options: Required<Omit<SerialOptions, 'reconnect'>>;
  #port: SerialPort | undefined;
  #watchdog: NodeJS.Timeout | undefined;

  constructor(options: SerialOptions) {
    super(options.reconnect);
    if (typeof options.path !== 'string' || options.path === '') throw new TypeError('serial transport needs a path');
    const baudRate = options.baudRate ?? 115200;
    if (!Number.isInteger(baudRate) || baudRate <= 0) throw new TypeError(`bad baud rate ${baudRate}`);
    this.#options = {
      path: options.path,
      baudRate,
      dataBits: options.dataBits ?? 8,
      stopBits: options.stopBits ?? 1,
      parity: options.parity ?? 'none',
      watchdogMs: options.watchdogMs ?? 250,
    };
    this.description = options.path;
  }

  get baudRate(): number {
    return this.#options.baudRate;
  }

  protected async connect(): Promise<void> {
    const { path, baudRate, dataBits, stopBits, parity } = this.#options;
    const port = new SerialPort({ path, baudRate, dataBits, stopBits, parity, autoOpen: false, lock: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    this.#port = port;
    port.on('data', (chunk: Buffer) => this.received(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)));
    port.on('close', (err?: Error & { disconnected?: boolean }) => {
      if (this.#port === port) this.lost(err?.message ?? 'port closed');
    });
    port.on('error', (err: Error) => {
      if (this.#port === port) this.lost(err.message);
    });
    this.#watchdog = setInterval(() => {
      if (this.#port === port && !existsSync(path)) this.lost(`${path} disappeared`);
    }, this.#options.watchdogMs);
    this.#watchdog.unref();
  }

  protected async disconnect(): Promise<void> {
    clearInterval(this.#watchdog);
    this.#watchdog = undefined;
    const port = this.#port;
    this.#port = undefined;
    if (!port?.isOpen) return;
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  protected async send(bytes: Uint8Array): Promise<void> {
    const port = this.#port;
    if (!port) throw new Error('port not open');
    await new Promise<void>((resolve, reject) => {
      port.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), (err) => {
        if (err) reject(err);
        else port.drain((e) => (e ? reject(e) : resolve()));
      });
    });
  }
}
