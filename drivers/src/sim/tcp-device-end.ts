/**
 * The device end of a serial line put on the LAN, as a serial device server
 * in raw TCP mode does it: it listens, the driver connects with a
 * TcpTransport, and bytes pass both ways unchanged. Simulators hold this end
 * so a whole terminal runs over loopback on any machine Node runs on, with no
 * pty and no socat.
 *
 * Like such a server it serves one client: a new connection replaces the old
 * one (the driver reconnecting after a drop). Bytes a simulator writes while
 * no driver is connected are lost, as on a serial line with nothing at the
 * other end.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { BaseTransport } from '../transport/transport.ts';

export interface TcpDeviceEndOptions {
  /** Where to listen; loopback unless told. */
  host?: string;
  /** 0 (the default) picks a free port; read it from `port` after open(). */
  port?: number;
}

export class TcpDeviceEnd extends BaseTransport {
  readonly kind = 'tcp-device';
  readonly host: string;
  #port: number;
  #server: Server | undefined;
  #client: Socket | undefined;

  constructor(options: TcpDeviceEndOptions = {}) {
    super({ enabled: false });
    this.host = options.host ?? '127.0.0.1';
    this.#port = options.port ?? 0;
  }

  /** The port drivers connect to (the chosen one once open). */
  get port(): number {
    return this.#port;
  }

  get description(): string {
    return `${this.host}:${this.#port} (device end)`;
  }

  protected async connect(): Promise<void> {
    const server = createServer((socket) => this.#accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => this.report(err));
    this.#port = (server.address() as { port: number }).port;
    this.#server = server;
  }

  protected async disconnect(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    this.#client?.destroy();
    this.#client = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  protected async send(bytes: Uint8Array): Promise<void> {
    const client = this.#client;
    if (!client || client.destroyed) return;
    await new Promise<void>((resolve) => client.write(bytes, () => resolve()));
  }

  #accept(socket: Socket): void {
    this.#client?.destroy();
    this.#client = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.received(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)));
    // A driver that drops its connection is not an error of the line: it reconnects.
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      if (this.#client === socket) this.#client = undefined;
    });
  }
}
