/**
 * An in-memory transport and the device end of it, for tests and in-process
 * simulators. The device end can unplug and re-plug, chop the host's reads
 * into arbitrary chunks, and records what the host wrote.
 */
import { EventEmitter } from 'node:events';
import { BaseTransport, type ReconnectOptions, type Transport, type TransportEvents } from './transport.ts';

export class FakeTransport extends BaseTransport {
  readonly kind = 'fake';
  readonly description: string;
  readonly device: FakeDevice;

  constructor(options: { name?: string; reconnect?: ReconnectOptions } = {}) {
    super(options.reconnect ?? { initialMs: 10, maxMs: 50 });
    this.description = options.name ?? 'fake';
    this.device = new FakeDevice(this);
  }

  protected async connect(): Promise<void> {
    if (!this.device.plugged) throw new Error(`${this.description}: no device`);
  }

  protected async disconnect(): Promise<void> {}

  protected async send(bytes: Uint8Array): Promise<void> {
    if (!this.device.plugged) throw new Error('device unplugged');
    this.device.fromHost(bytes.slice());
  }

  /** @internal */
  deliver(bytes: Uint8Array): void {
    if (this.isOpen) this.received(bytes);
  }

  /** @internal */
  unplugged(): void {
    this.lost('device unplugged');
  }
}

/**
 * The device side of a FakeTransport. It is itself a Transport, so a
 * simulator can sit on it exactly as it would sit on a serial port.
 */
export class FakeDevice extends EventEmitter<TransportEvents> implements Transport {
  readonly kind = 'fake-device';
  readonly description = 'fake device end';
  plugged = true;
  /** Everything the host wrote, in order. */
  readonly written: Uint8Array[] = [];
  /** Split what the device sends into chunks of at most this size (0 = as written). */
  chunkSize = 0;
  readonly #host: FakeTransport;

  constructor(host: FakeTransport) {
    super();
    this.#host = host;
  }

  get isOpen(): boolean {
    return this.plugged;
  }

  async open(): Promise<void> {}
  async close(): Promise<void> {}

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.plugged) return;
    const copy = bytes.slice();
    // Deliver asynchronously, as a real port would.
    await new Promise<void>((r) => setImmediate(r));
    if (this.chunkSize <= 0) this.#host.deliver(copy);
    else for (let i = 0; i < copy.length; i += this.chunkSize) this.#host.deliver(copy.subarray(i, i + this.chunkSize));
  }

  /** @internal */
  fromHost(bytes: Uint8Array): void {
    this.written.push(bytes);
    setImmediate(() => this.emit('data', bytes));
  }

  unplug(): void {
    this.plugged = false;
    this.#host.unplugged();
  }

  replug(): void {
    this.plugged = true;
  }
}
