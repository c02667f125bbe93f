/**
 * `hall-drivers`: the technicians' diagnostics CLI (see contract.md).
 * Results go to stdout as JSON; failures are one line on stderr and a
 * non-zero exit code (1: the device said no or is absent, 2: bad usage).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
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
import { FileTransport, describePort } from './transport/file.ts';
import { TcpTransport } from './transport/tcp.ts';
import type { Transport } from './transport/transport.ts';
import { PrinterStatusError } from './printer/errors.ts';
import { ticketDocument, validateTicket } from './printer/layouts.ts';
import { GENERIC_PRINTER_MODELS, genericModel } from './printer/options.ts';
import type { PrinterOptions } from './printer/types.ts';
import { EscPosPrinter, PrinterNoResponseError } from './printer/printer.ts';
import { EscPosPrinterSimulator, PRINTER_SIM_STATES, type PrinterSimState } from './sim/printer-sim.ts';
import { Rs485BusSimulator } from './sim/window-sim.ts';
import { Rs485Bus } from './window/bus.ts';
import type { KeypadKey } from './window/codes.ts';
import { Evaluator } from './window/evaluator.ts';
import { KeypadListener } from './window/keypad.ts';
import { LED_PROTOCOLS, LedStrip } from './window/led.ts';

const USAGE = `usage:
  hall-drivers idcard read --port PATH [--baud N] [--timeout MS] [--fingerprint] [--photo FILE.wlt] [--verbose]
  hall-drivers scanner listen --port PATH [--baud N] [--terminator cr|lf|crlf] [--encoding utf-8|gb18030]
  hall-drivers printer print-ticket --port PATH [--model ID] [--baud N] --ticket FILE.json [--timeout MS]
  hall-drivers printer status --port PATH [--model ID] [--baud N] [--timeout MS]
  hall-drivers led show --port PATH --address N [--number A012] --text TEXT [--family generic|ascii-line] [--blink] [--baud N]
  hall-drivers keypad listen --port PATH --address N [--address N]… [--baud N]
  hall-drivers evaluator ask --port PATH --address N --clerk NAME [--prompt TEXT] [--timeout MS] [--baud N]
  hall-drivers ports [--json]
  hall-drivers simulate idcard [--port PATH] [--baud N] --card resident|foreign|foreign2023|hmt|none [--fault F]
  hall-drivers simulate scanner [--port PATH] [--baud N] [--interval MS] [--terminator cr|lf|crlf] [--encoding utf-8|gb18030]
  hall-drivers simulate printer [--port PATH] [--baud N] [--state ok|near-end|paper-out|cover-open|offline] [--paper-lines N] [--silent]
  hall-drivers simulate led|keypad|evaluator [--port PATH] [--baud N] --address N [--address N]… [--interval MS] [--level 1-5] [--reason 1-6] [--babble MS]

RS-485 peripherals default to 9600 baud.
--port PATH: a serial device, /dev/usb/lpN (USB printer class), or tcp://HOST:PORT (e.g. port 9100).
printer models: ${Object.keys(GENERIC_PRINTER_MODELS).join(', ')} (default generic-escpos-80).
simulate without --port creates a socat pty pair and prints the path to point the driver at.
idcard faults: ${SIM_FAULTS.join(', ')}`;

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
  model: { type: 'string' },
  address: { type: 'string', multiple: true },
  number: { type: 'string' },
  text: { type: 'string' },
  family: { type: 'string' },
  blink: { type: 'boolean' },
  clerk: { type: 'string' },
  prompt: { type: 'string' },
  level: { type: 'string' },
  reason: { type: 'string' },
  babble: { type: 'string' },
  ticket: { type: 'string' },
  state: { type: 'string' },
  'paper-lines': { type: 'string' },
  silent: { type: 'boolean' },
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
      case 'printer print-ticket':
        return await printerPrintTicket(values, io);
      case 'printer status':
        return await printerStatus(values, io);
      case 'simulate printer':
        return await simulatePrinter(values, io);
      case 'led show':
        return await ledShow(values, io);
      case 'keypad listen':
        return await keypadListen(values, io);
      case 'evaluator ask':
        return await evaluatorAsk(values, io);
      case 'simulate led':
      case 'simulate keypad':
      case 'simulate evaluator':
        return await simulateWindow(values, io, positionals[1] as 'led' | 'keypad' | 'evaluator');
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
  if (err instanceof PrinterStatusError || err instanceof PrinterNoResponseError) return `${err.messageEn} (${err.messageZh})`;
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

/** A transport for `--port`: serial, /dev/usb/lpN as a file, or tcp://host:port. */
export function transportForPort(port: string, baudRate: number): Transport {
  const d = describePort(port);
  if (d.type === 'tcp') return new TcpTransport({ host: d.host, port: d.port, reconnect: { enabled: false } });
  if (d.type === 'file') return new FileTransport({ path: d.path, reconnect: { enabled: false } });
  return new SerialTransport({ path: d.path, baudRate, reconnect: { enabled: false } });
}

async function openPort(values: Values, fallbackBaud: number): Promise<{ transport: Transport; baudRate: number }> {
  const path = needPort(values);
  const baudRate = intOption(values.baud, 'baud', fallbackBaud);
  const transport = transportForPort(path, baudRate);
  await transport.open().catch((err: Error) => {
    throw new DriverError('OPEN_FAILED', `cannot open ${path}: ${err.message}`);
  });
  return { transport, baudRate };
}

function printerModel(values: Values): PrinterOptions {
  try {
    return genericModel(values.model ?? 'generic-escpos-80');
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function printerFor(values: Values, printer: PrinterOptions, transport: Transport, baudRate: number): EscPosPrinter {
  const statusTimeoutMs = intOption(values.timeout, 'timeout', 1500);
  return new EscPosPrinter(transport, { printer, baudRate, statusTimeoutMs, logger: values.verbose ? stderrLogger('debug') : silentLogger });
}

async function printerPrintTicket(values: Values, io: CliIo): Promise<number> {
  needPort(values);
  if (!values.ticket) throw new UsageError('--ticket FILE.json is required');
  let ticket;
  try {
    ticket = validateTicket(JSON.parse(readFileSync(values.ticket, 'utf8')));
  } catch (err) {
    throw new DriverError('BAD_TICKET', `cannot use ticket file ${values.ticket}: ${(err as Error).message}`);
  }
  const model = printerModel(values);
  const { transport, baudRate } = await openPort(values, 115200);
  const printer = printerFor(values, model, transport, baudRate);
  try {
    const result = await printer.print(ticketDocument(ticket, printer.options));
    io.out(JSON.stringify({ printed: true, number: ticket.number, bytes: result.bytes, confirmed: result.confirmed, paperNearEnd: result.paperNearEnd }));
    if (result.paperNearEnd) io.err('hall-drivers: the paper roll is nearly empty (纸将尽)');
    return 0;
  } finally {
    printer.dispose();
    await transport.close();
  }
}

async function printerStatus(values: Values, io: CliIo): Promise<number> {
  const model = printerModel(values);
  const { transport, baudRate } = await openPort(values, 115200);
  const printer = printerFor(values, model, transport, baudRate);
  try {
    io.out(JSON.stringify(await printer.status()));
    return 0;
  } finally {
    printer.dispose();
    await transport.close();
  }
}

async function simulatePrinter(values: Values, io: CliIo): Promise<number> {
  const state = (values.state ?? 'ok') as PrinterSimState;
  if (!PRINTER_SIM_STATES.includes(state)) throw new UsageError(`--state must be one of ${PRINTER_SIM_STATES.join(', ')}, got "${values.state}"`);
  const paperLines = values['paper-lines'] === undefined ? undefined : intOption(values['paper-lines'], 'paper-lines', 1);
  const { transport, pair } = await devicePort(values, io, 'printer');
  const sim = new EscPosPrinterSimulator(transport, { state });
  if (paperLines !== undefined) sim.paperRunsOutAfter(paperLines);
  if (values.silent) sim.mute();
  // One JSON line per event, so a technician (or a test) sees exactly what reached the paper.
  sim.on('job', (bytes) => io.out(JSON.stringify({ job: bytes })));
  sim.on('printed', (item) => io.out(JSON.stringify({ printed: item })));
  await io.stopped;
  sim.detach();
  await transport.close();
  await pair?.close();
  return 0;
}

function addresses(values: Values): number[] {
  const list = (values.address ?? []).flatMap((a) => a.split(','));
  if (list.length === 0) throw new UsageError('--address N is required');
  return list.map((a) => {
    const n = Number(a);
    if (!Number.isInteger(n) || n < 1 || n > 247) throw new UsageError(`--address must be an integer in 1..247, got "${a}"`);
    return n;
  });
}

async function withBus<T>(values: Values, fn: (bus: Rs485Bus) => Promise<T>): Promise<T> {
  const { transport } = await openPort(values, 9600);
  const bus = new Rs485Bus(transport, { logger: values.verbose ? stderrLogger('debug') : silentLogger });
  try {
    return await fn(bus);
  } finally {
    bus.dispose();
    await transport.close();
  }
}

async function ledShow(values: Values, io: CliIo): Promise<number> {
  needPort(values);
  const [address] = addresses(values);
  if (values.text === undefined) throw new UsageError('--text TEXT is required');
  const family = values.family ?? 'generic';
  if (!(family in LED_PROTOCOLS)) throw new UsageError(`--family must be one of ${Object.keys(LED_PROTOCOLS).join(', ')}, got "${family}"`);
  return withBus(values, async (bus) => {
    const led = new LedStrip(bus, { address: address!, family });
    await led.show({ number: values.number ?? '', message: values.text!, blink: values.blink ?? false });
    io.out(JSON.stringify({ shown: true, address, family, acknowledged: led.protocol.acknowledged }));
    return 0;
  });
}

async function keypadListen(values: Values, io: CliIo): Promise<number> {
  needPort(values);
  const list = addresses(values);
  return withBus(values, async (bus) => {
    const listener = new KeypadListener(bus, { addresses: list });
    listener.on('key', (press) => io.out(JSON.stringify(press)));
    listener.on('error', (err) => io.err(`hall-drivers: ${describe(err)}`));
    listener.on('back', (address) => io.err(`hall-drivers: keypad at address ${address} answers again`));
    listener.start();
    await io.stopped;
    await listener.stop();
    return 0;
  });
}

async function evaluatorAsk(values: Values, io: CliIo): Promise<number> {
  needPort(values);
  const [address] = addresses(values);
  if (!values.clerk) throw new UsageError('--clerk NAME is required');
  const timeoutMs = intOption(values.timeout, 'timeout', 30_000);
  return withBus(values, async (bus) => {
    const options: { clerk: string; timeoutMs: number; prompt?: string } = { clerk: values.clerk!, timeoutMs };
    if (values.prompt) options.prompt = values.prompt;
    const result = await new Evaluator(bus, { address: address! }).ask(options);
    io.out(JSON.stringify(result));
    return 0;
  });
}

const DEMO_KEYS: readonly KeypadKey[] = ['call-next', 'recall', 'pause', 'resume', 'call-next', 'no-show', 'call-next', 'transfer', 'call-next', 'finish'];

async function simulateWindow(values: Values, io: CliIo, kind: 'led' | 'keypad' | 'evaluator'): Promise<number> {
  const list = addresses(values);
  const intervalMs = intOption(values.interval, 'interval', 2000);
  const level = values.level === undefined ? 5 : intOption(values.level, 'level', 5);
  if (level > 5) throw new UsageError(`--level must be 1..5, got ${level}`);
  const reason = values.reason === undefined ? (level <= 2 ? 1 : undefined) : intOption(values.reason, 'reason', 1);
  const babble = values.babble === undefined ? 0 : intOption(values.babble, 'babble', 100);
  const { transport, pair } = await devicePort({ ...values, baud: values.baud ?? '9600' }, io, kind);
  const sim = new Rs485BusSimulator(transport);
  const timers: NodeJS.Timeout[] = [];
  for (const address of list) {
    if (kind === 'led') {
      const led = sim.led(address);
      let last = 'null';
      timers.push(setInterval(() => {
        const now = JSON.stringify(led.shown ?? null);
        if (now !== last) io.out(JSON.stringify({ address, shown: led.shown ?? null }));
        last = now;
      }, 20));
    } else if (kind === 'keypad') {
      const keypad = sim.keypad(address);
      let i = 0;
      timers.push(setInterval(() => {
        const key = DEMO_KEYS[i++ % DEMO_KEYS.length]!;
        keypad.press(key, key === 'transfer' ? '8' : undefined);
      }, intervalMs));
    } else {
      const evaluator = sim.evaluator(address);
      let answering = false;
      // A visitor who answers a moment after the question appears.
      timers.push(setInterval(() => {
        if (!evaluator.asked || answering) return;
        answering = true;
        io.out(JSON.stringify({ address, asked: evaluator.asked }));
        setTimeout(() => {
          evaluator.rate(level, level <= 2 ? reason : undefined);
          answering = false;
        }, Math.min(intervalMs, 300));
      }, 20));
    }
  }
  for (const t of timers) t.unref();
  if (babble > 0) sim.babble(babble);
  await io.stopped;
  for (const t of timers) clearInterval(t);
  sim.detach();
  await transport.close();
  await pair?.close();
  return 0;
}
