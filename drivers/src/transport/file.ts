/**
 * A character device opened as a file: the USB printer class device
 * (`/dev/usb/lp0`), which is not a tty and so not for node-serialport.
 * Opened non-blocking, read-write; it polls for what the printer sends back
 * (usblp answers status queries on the same node) and treats the node
 * vanishing or an I/O error as a disconnect.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { BaseTransport, type ReconnectOptions } from './transport.ts';

export interface FileTransportOptions {
  path: string;
  /** How often to poll for incoming bytes, ms (default 10). */
  pollMs?: number;
  /** Open write-only, for devices that cannot be read (no status back). */
  writeOnly?: boolean;
  reconnect?: ReconnectOptions;
}

export class FileTransport extends BaseTransport {
  readonly kind = 'file';
  readonly description: string;
  readonly #options: FileTransportOptions;
  #handle: FileHandle | undefined;
  #timer: NodeJS.Timeout | undefined;
  #reading = false;
  readonly #buf = Buffer.alloc(4096);

  constructor(options: FileTransportOptions) {
    super(options.reconnect);
    if (typeof options.path !== 'string' || options.path === '') throw new TypeError('file transport needs a path');
    this.#options = options;
    this.description = options.path;
  }

  protected async connect(): Promise<void> {
    const flags = (this.#options.writeOnly ? constants.O_WRONLY : constants.O_RDWR) | constants.O_NONBLOCK | constants.O_NOCTTY;
    const handle = await open(this.#options.path, flags);
    this.#handle = handle;
    if (!this.#options.writeOnly) {
      this.#timer = setInterval(() => void this.#poll(handle), this.#options.pollMs ?? 10);
      this.#timer.unref();
    }
  }

  async #poll(handle: FileHandle): Promise<void> {
    if (this.#reading || this.#handle !== handle) return;
    this.#reading = true;
    try {
      for (;;) {
        const { bytesRead } = await handle.read(this.#buf, 0, this.#buf.length, null);
        if (bytesRead <= 0) break;
        this.received(Uint8Array.from(this.#buf.subarray(0, bytesRead)));
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK' && this.#handle === handle) this.lost(`${this.description}: ${(err as Error).message}`);
    } finally {
      this.#reading = false;
    }
  }

  protected async disconnect(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.close().catch(() => {});
  }

  protected async send(bytes: Uint8Array): Promise<void> {
    const handle = this.#handle;
    if (!handle) throw new Error('file not open');
    let off = 0;
    let stalls = 0;
    while (off < bytes.length) {
      try {
        const { bytesWritten } = await handle.write(bytes, off, bytes.length - off, null);
        off += bytesWritten;
        stalls = 0;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // The device's buffer is full (a printer busy printing): wait, but not for ever.
        if ((code === 'EAGAIN' || code === 'EWOULDBLOCK') && ++stalls < 1000) {
          await new Promise((r) => setTimeout(r, 5));
          continue;
        }
        throw err;
      }
    }
  }
}

/**
 * The transport a `--port` argument names: `tcp://host:port` (or
 * `host:9100`) → TCP, `/dev/usb/lp*` → the printer class device as a file,
 * anything else → serial.
 */
export function describePort(port: string): { type: 'tcp'; host: string; port: number } | { type: 'file'; path: string } | { type: 'serial'; path: string } {
  const tcp = /^(?:tcp:\/\/)?([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(port);
  if (tcp && !port.startsWith('/')) return { type: 'tcp', host: tcp[1]!.replace(/^\[|\]$/g, ''), port: Number(tcp[2]) };
  if (/^\/dev\/usb\/lp\d+$/.test(port) || port.startsWith('file:')) return { type: 'file', path: port.replace(/^file:/, '') };
  return { type: 'serial', path: port };
}
