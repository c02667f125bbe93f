/**
 * USB HID transport over node-hid. Reports are fixed-size; outgoing bytes
 * are cut into reports (report id first, zero padding last) and incoming
 * reports are passed on whole, padding included: the protocol layer on top
 * knows where its frames end (the GA 467 framer treats zero runs between
 * frames as padding; the HID POS parser reads the length byte).
 */
import { BaseTransport, type ReconnectOptions } from './transport.ts';

/** The part of node-hid's HIDAsync this transport uses; tests inject a fake. */
export interface HidDevice {
  on(event: 'data', listener: (report: Buffer) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  write(data: number[] | Buffer): Promise<number>;
  close(): Promise<void>;
}

export type HidOpener = (target: { path?: string; vendorId?: number; productId?: number }) => Promise<HidDevice>;

export interface HidOptions {
  path?: string;
  vendorId?: number;
  productId?: number;
  /** Output report size in bytes, without the report id. */
  reportSize?: number;
  /** Report id prefixed to every output report (0 when the device uses none). */
  reportId?: number;
  reconnect?: ReconnectOptions;
  /** Defaults to node-hid's HIDAsync. */
  opener?: HidOpener;
}

const nodeHidOpener: HidOpener = async (target) => {
  const hid = await import('node-hid');
  if (target.path) return (await hid.HIDAsync.open(target.path)) as unknown as HidDevice;
  return (await hid.HIDAsync.open(target.vendorId!, target.productId!)) as unknown as HidDevice;
};

export class HidTransport extends BaseTransport {
  readonly kind = 'hid';
  readonly description: string;
  readonly #options: HidOptions;
  readonly #reportSize: number;
  #device: HidDevice | undefined;

  constructor(options: HidOptions) {
    super(options.reconnect);
    if (!options.path && !(Number.isInteger(options.vendorId) && Number.isInteger(options.productId))) {
      throw new TypeError('hid transport needs a path or a vendorId and productId');
    }
    this.#reportSize = options.reportSize ?? 64;
    if (!Number.isInteger(this.#reportSize) || this.#reportSize < 1 || this.#reportSize > 1024) throw new TypeError(`bad report size ${options.reportSize}`);
    this.#options = options;
    this.description = options.path ?? `${hex4(options.vendorId!)}:${hex4(options.productId!)}`;
  }

  protected async connect(): Promise<void> {
    const opener = this.#options.opener ?? nodeHidOpener;
    const target: { path?: string; vendorId?: number; productId?: number } = {};
    if (this.#options.path !== undefined) target.path = this.#options.path;
    if (this.#options.vendorId !== undefined) target.vendorId = this.#options.vendorId;
    if (this.#options.productId !== undefined) target.productId = this.#options.productId;
    const device = await opener(target);
    this.#device = device;
    device.on('data', (report: Buffer) => {
      if (this.#device === device) this.received(new Uint8Array(report.buffer, report.byteOffset, report.length));
    });
    // node-hid reports an unplugged device as a read error.
    device.on('error', (err: Error) => {
      if (this.#device === device) this.lost(err.message);
    });
  }

  protected async disconnect(): Promise<void> {
    const device = this.#device;
    this.#device = undefined;
    await device?.close().catch(() => {});
  }

  protected async send(bytes: Uint8Array): Promise<void> {
    const device = this.#device;
    if (!device) throw new Error('device not open');
    for (const report of toReports(bytes, this.#reportSize, this.#options.reportId ?? 0)) await device.write(report);
  }
}

/** Cuts bytes into output reports: [reportId, up to reportSize bytes, zero padding]. */
export function toReports(bytes: Uint8Array, reportSize: number, reportId: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < Math.max(bytes.length, 1); i += reportSize) {
    const report = Buffer.alloc(reportSize + 1);
    report[0] = reportId;
    report.set(bytes.subarray(i, i + reportSize), 1);
    out.push(report);
  }
  return out;
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}
