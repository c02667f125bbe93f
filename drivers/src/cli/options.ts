/** The CLI's options, their checks, and how a command opens the port it was given. */
import { ReaderStatusError } from '../idcard/status.ts';
import type { parseArgs, ParseArgsOptionDescriptor } from 'node:util';
import { DriverError } from '../errors.ts';
import type { ScanEncoding } from '../scanner/types.ts';
import { createPtyPair, type PtyPair } from '../sim/socat.ts';
import { SerialTransport } from '../transport/serial.ts';
import { FileTransport, describePort } from '../transport/file.ts';
import { TcpTransport } from '../transport/tcp.ts';
import type { Transport } from '../transport/transport.ts';

export class UsageError extends Error {}

/** The words of a space-separated list, as a type: `Words<'port baud'>` is `'port' | 'baud'`. */
type Words<S extends string> = S extends `${infer Word} ${infer Rest}` ? Word | Words<Rest> : S;

/** The same parseArgs settings for each of several options, named in one space-separated list. */
function alike<const S extends string, const C extends ParseArgsOptionDescriptor>(names: S, config: C): Record<Words<S>, C> {
  return Object.fromEntries(names.split(' ').map((name) => [name, config])) as Record<Words<S>, C>;
}

export const OPTIONS = {
  ...alike('port baud timeout card interval terminator encoding photo model number text family clerk prompt level reason babble ticket state paper-lines', {
    type: 'string',
  }),
  ...alike('fault address', { type: 'string', multiple: true }),
  ...alike('fingerprint json blink silent verbose', { type: 'boolean' }),
  help: { type: 'boolean', short: 'h' },
} as const;

export type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM). */
  stopped: Promise<void>;
}

export function needPort(values: Values): string {
  if (!values.port) throw new UsageError('--port PATH is required');
  return values.port;
}

export function intOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

export function terminatorOption(value: string | undefined): string {
  const map: Record<string, string> = { cr: '\r', lf: '\n', crlf: '\r\n' };
  if (value === undefined) return '\r\n';
  const t = map[value.toLowerCase()];
  if (!t) throw new UsageError(`--terminator must be cr, lf or crlf, got "${value}"`);
  return t;
}

export function encodingOption(value: string | undefined): ScanEncoding {
  if (value === undefined) return 'utf-8';
  if (value === 'utf-8' || value === 'gb18030') return value;
  throw new UsageError(`--encoding must be utf-8 or gb18030, got "${value}"`);
}

export async function devicePort(values: Values, io: CliIo, what: string): Promise<{ transport: SerialTransport; pair: PtyPair | undefined }> {
  let pair: PtyPair | undefined;
  let path = values.port;
  if (!path) {
    pair = await createPtyPair();
    path = pair.device;
  }
  const transport = new SerialTransport({ path, baudRate: intOption(values.baud, 'baud', 115200) });
  await transport.open();
  io.out(JSON.stringify({ ready: what, port: pair ? pair.host : path, device: path }));
  return { transport, pair };
}

/** A transport for `--port`: serial, /dev/usb/lpN as a file, or tcp://host:port. */
export function transportForPort(port: string, baudRate: number): Transport {
  const d = describePort(port);
  if (d.type === 'tcp') return new TcpTransport({ host: d.host, port: d.port, reconnect: { enabled: false } });
  if (d.type === 'file') return new FileTransport({ path: d.path, reconnect: { enabled: false } });
  return new SerialTransport({ path: d.path, baudRate, reconnect: { enabled: false } });
}

export async function openPort(values: Values, fallbackBaud: number): Promise<{ transport: Transport; baudRate: number }> {
  const path = needPort(values);
  const baudRate = intOption(values.baud, 'baud', fallbackBaud);
  const transport = transportForPort(path, baudRate);
  await transport.open().catch((err: Error) => {
    throw new DriverError('OPEN_FAILED', `cannot open ${path}: ${err.message}`);
  });
  return { transport, baudRate };
}

/** A failure as one line for stderr, with the device's own words where it gave them. */
export function describeError(err: unknown): string {
  if (err instanceof ReaderStatusError) return `${err.messageEn} (${err.messageZh}, SW3=0x${err.status.toString(16).toUpperCase()})`;
  if (err instanceof DriverError) return err.message;
  return (err as Error)?.message ?? String(err);
}
