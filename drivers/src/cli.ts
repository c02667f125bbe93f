/**
 * `hall-drivers`: the technicians' diagnostics CLI (see contract.md).
 * Results go to stdout as JSON; failures are one line on stderr and a
 * non-zero exit code (1: the device said no or is absent, 2: bad usage).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DriverError } from './errors.ts';
import { IdCardReader } from './idcard/reader.ts';
import { ReaderStatusError } from './idcard/status.ts';
import type { CardType, IdCard } from './idcard/types.ts';
import { stderrLogger, silentLogger } from './log.ts';
import { classifyPayload } from './scanner/classify.ts';
import { SerialLineScanner } from './scanner/scanner.ts';
import type { ScanEncoding } from './scanner/types.ts';
import { IdReaderSimulator, SIM_FAULTS, type SimFault } from './sim/idcard-sim.ts';
import { SAMPLE_SCANS, SerialScannerSimulator } from './sim/scanner-sim.ts';
import { createPtyPair, type PtyPair } from './sim/socat.ts';
import { SerialTransport } from './transport/serial.ts';

const USAGE = `usage:
  hall-drivers idcard read --port PATH [--baud N] [--timeout MS] [--fingerprint] [--photo FILE.wlt] [--verbose]
  hall-drivers scanner listen --port PATH [--baud N] [--terminator cr|lf|crlf] [--encoding utf-8|gb18030]
  hall-drivers ports [--json]
  hall-drivers simulate idcard [--port PATH] [--baud N] --card resident|foreign|foreign2023|hmt|none [--fault F]
  hall-drivers simulate scanner [--port PATH] [--baud N] [--interval MS] [--terminator cr|lf|crlf] [--encoding utf-8|gb18030]

simulate without --port creates a socat pty pair and prints the path to point the driver at.
faults: ${SIM_FAULTS.join(', ')}`;

class UsageError extends Error {}

const OPTIONS = {
  port: { type: 'string' },
  baud: { type: 'string' },
  timeout: { type: 'string' },
  card: { type: 'string' },
  fault: { type: 'string', multiple: true },
  interval: { type: 'string' },
  terminator: { type: 'string' },
  encoding: { type: 'string' },
  photo: { type: 'string' },
  fingerprint: { type: 'boolean' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM). */
  stopped: Promise<void>;
}

function defaultIo(): CliIo {
  return {
    out: (l) => process.stdout.write(l + '\n'),
    err: (l) => process.stderr.write(l + '\n'),
    stopped: new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    }),
  };
}

export async function main(argv: readonly string[], io: CliIo = defaultIo()): Promise<number> {
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true }));
  } catch (err) {
    io.err(`hall-drivers: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help || positionals.length === 0) {
    io.err(USAGE);
    return values.help ? 0 : 2;
  }
  const command = positionals.join(' ');
  try {
    switch (command) {
      case 'idcard read':
        return await idcardRead(values, io);
      case 'scanner listen':
        return await scannerListen(values, io);
      case 'ports':
        return await ports(values, io);
      case 'simulate idcard':
        return await simulateIdcard(values, io);
      case 'simulate scanner':
        return await simulateScanner(values, io);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof UsageError || err instanceof TypeError) {
      io.err(`hall-drivers: ${err.message}\n${USAGE}`);
      return 2;
    }
    io.err(`hall-drivers: ${describe(err)}`);
    return 1;
  }
}

function describe(err: unknown): string {
  if (err instanceof ReaderStatusError) return `${err.messageEn} (${err.messageZh}, SW3=0x${err.status.toString(16).toUpperCase()})`;
  if (err instanceof DriverError) return err.message;
  return (err as Error)?.message ?? String(err);
}

function needPort(values: Values): string {
  if (!values.port) throw new UsageError('--port PATH is required');
  return values.port;
}

function intOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

function terminatorOption(value: string | undefined): string {
  const map: Record<string, string> = { cr: '\r', lf: '\n', crlf: '\r\n' };
  if (value === undefined) return '\r\n';
  const t = map[value.toLowerCase()];
  if (!t) throw new UsageError(`--terminator must be cr, lf or crlf, got "${value}"`);
  return t;
}

function encodingOption(value: string | undefined): ScanEncoding {
  if (value === undefined) return 'utf-8';
  if (value === 'utf-8' || value === 'gb18030') return value;
  throw new UsageError(`--encoding must be utf-8 or gb18030, got "${value}"`);
}

/** Only the contract's fields, in the contract's order. */
function contractJson(card: IdCard): string {
  const keys = ['cardType', 'name', 'englishName', 'gender', 'nation', 'nationality', 'birthDate', 'address', 'idNumber', 'passNumber', 'issuer', 'validFrom', 'validTo'] as const;
  const out: Record<string, string> = {};
  for (const k of keys) if (card[k] !== undefined) out[k] = card[k];
  return JSON.stringify(out);
}

async function idcardRead(values: Values, io: CliIo): Promise<number> {
  const path = needPort(values);
  const baudRate = intOption(values.baud, 'baud', 115200);
  const timeoutMs = intOption(values.timeout, 'timeout', 5000);
  const transport = new SerialTransport({ path, baudRate, reconnect: { enabled: false } });
  const reader = new IdCardReader(transport, { logger: values.verbose ? stderrLogger('debug') : silentLogger, withFingerprint: values.fingerprint ?? false });
  try {
    await transport.open().catch((err: Error) => {
      throw new DriverError('OPEN_FAILED', `cannot open ${path}: ${err.message}`);
    });
    const read = await reader.readOnce({ timeoutMs }).catch((err: unknown) => {
      if (err instanceof ReaderStatusError && err.status === 0x80) throw new DriverError('NO_CARD', `no card on the reader at ${path} within ${timeoutMs} ms (找卡失败)`);
      if (err instanceof DriverError && 'timeout' in err) throw new DriverError('NO_READER', `no answer from a reader on ${path} at ${baudRate} baud: ${err.message}`);
      throw err;
    });
    if (values.photo) writeFileSync(values.photo, read.photo);
    io.out(contractJson(read.card));
    return 0;
  } finally {
    reader.dispose();
    await transport.close();
  }
}

async function scannerListen(values: Values, io: CliIo): Promise<number> {
  const path = needPort(values);
  const transport = new SerialTransport({ path, baudRate: intOption(values.baud, 'baud', 9600) });
  const scanner = new SerialLineScanner(transport, { terminator: terminatorOption(values.terminator), encoding: encodingOption(values.encoding) });
  scanner.on('scan', (scan) => io.out(JSON.stringify({ text: scan.text, kind: classifyPayload(scan.text), source: scan.source })));
  scanner.on('error', (err) => io.err(`hall-drivers: ${describe(err)}`));
  scanner.on('disconnected', (reason) => io.err(`hall-drivers: scanner disconnected (${reason}); waiting for it to return`));
  await transport.open().catch((err: Error) => {
    throw new DriverError('OPEN_FAILED', `cannot open ${path}: ${err.message}`);
  });
  await io.stopped;
  await scanner.stop();
  return 0;
}

async function ports(values: Values, io: CliIo): Promise<number> {
  const udevadm = spawnSync('udevadm', ['--version'], { stdio: 'ignore' });
  if (udevadm.error || udevadm.status !== 0) {
    io.err("hall-drivers: udevadm not found: serial ports cannot be listed with their USB ids. Install the 'udev' package (apt-get install udev). Device nodes found in /dev:");
    const nodes = readdirSync('/dev').filter((n) => /^tty(USB|ACM|S|AMA)\d+$/.test(n)).map((n) => `/dev/${n}`);
    for (const path of nodes) io.out(values.json ? JSON.stringify({ path }) : path);
    return 0;
  }
  const { SerialPort } = await import('serialport');
  const list = await SerialPort.list();
  for (const p of list) {
    if (values.json) io.out(JSON.stringify(p));
    else io.out([p.path, p.vendorId && p.productId ? `${p.vendorId}:${p.productId}` : '-', p.manufacturer ?? ''].join('\t').trimEnd());
  }
  if (list.length === 0) io.err('hall-drivers: no serial ports found');
  return 0;
}

async function devicePort(values: Values, io: CliIo, what: string): Promise<{ transport: SerialTransport; pair: PtyPair | undefined }> {
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

async function simulateIdcard(values: Values, io: CliIo): Promise<number> {
  const card = values.card ?? 'resident';
  if (!['resident', 'foreign', 'foreign2023', 'hmt', 'none'].includes(card)) throw new UsageError(`--card must be resident, foreign, foreign2023, hmt or none, got "${card}"`);
  for (const f of values.fault ?? []) if (!SIM_FAULTS.includes(f as SimFault)) throw new UsageError(`unknown fault "${f}"`);
  const { transport, pair } = await devicePort(values, io, 'idcard');
  const sim = new IdReaderSimulator(transport, { card: card === 'none' ? null : (card as CardType) });
  for (const f of values.fault ?? []) sim.fault(f as SimFault);
  if (values.verbose) sim.on('request', (name) => io.err(`request ${name}`));
  await io.stopped;
  sim.detach();
  await transport.close();
  await pair?.close();
  return 0;
}

async function simulateScanner(values: Values, io: CliIo): Promise<number> {
  const intervalMs = intOption(values.interval, 'interval', 2000);
  const { transport, pair } = await devicePort(values, io, 'scanner');
  const sim = new SerialScannerSimulator(transport, { terminator: terminatorOption(values.terminator), encoding: encodingOption(values.encoding) });
  let i = 0;
  const timer = setInterval(() => void sim.scan(SAMPLE_SCANS[i++ % SAMPLE_SCANS.length]!).catch(() => {}), intervalMs);
  await io.stopped;
  clearInterval(timer);
  await transport.close();
  await pair?.close();
  return 0;
}
