/** TCP transport, for readers and scanners behind a serial-to-Ethernet server. */
import { Socket } from 'node:net';
import { BaseTransport, type ReconnectOptions } from './transport.ts';

export interface TcpOptions {
  host: string;
  port: number;
  /** Connect timeout, ms. */
  connectTimeoutMs?: number;
  reconnect?: ReconnectOptions;
}

export class TcpTransport extends BaseTransport {
  readonly kind = 'tcp';
  readonly description: string;
  readonly #options: TcpOptions;
  #socket: Socket | undefined;

  constructor(options: TcpOptions) {
    super(options.reconnect);
    if (typeof options.host !== 'string' || options.host === '') throw new TypeError('tcp transport needs a host');
    if (!Number.isInteger(options.port) || options.port <= 0 || options.port > 65535) throw new TypeError(`bad tcp port ${options.port}`);
    this.#options = options;
    this.description = `${options.host}:${options.port}`;
  }

  protected async connect(): Promise<void> {
    const socket = new Socket();
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to ${this.description} timed out`));
      }, this.#options.connectTimeoutMs ?? 3000);
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      socket.connect(this.#options.port, this.#options.host, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.#socket = socket;
    socket.on('data', (chunk) => this.received(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)));
    socket.on('error', (err) => this.report(err));
    socket.on('close', () => {
      if (this.#socket === socket) this.lost('connection closed');
    });
  }

  protected async disconnect(): Promise<void> {
    const socket = this.#socket;
    this.#socket = undefined;
    socket?.destroy();
  }

  protected async send(bytes: Uint8Array): Promise<void> {
    const socket = this.#socket;
    if (!socket) throw new Error('socket not open');
    await new Promise<void>((resolve, reject) => socket.write(bytes, (err) => (err ? reject(err) : resolve())));
  }
}
