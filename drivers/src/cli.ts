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
import { IdReaderSimulator, SIM_FAULTS, type SimFault } from './sim/idcard-sim.ts';
import { SAMPLE_SCANS, SerialScannerSimulator } from './sim/scanner-sim.ts';
import { SerialTransport } from './transport/serial.ts';
import { GENERIC_PRINTER_MODELS } from './printer/options.ts';
import {
  type CliIo,
  describeError,
  encodingOption,
  intOption,
  needPort,
  OPTIONS,
  terminatorOption,
  UsageError,
  type Values,
  devicePort,
} from './cli/options.ts';
import { printerPrintTicket, printerStatus, simulatePrinter } from './cli/printer.ts';
import { evaluatorAsk, keypadListen, ledShow, simulateWindow } from './cli/window.ts';

export { type CliIo, transportForPort } from './cli/options.ts';

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

/** Each command, by the words that name it, in the order of the usage text. */
const COMMANDS = new Map<string, (values: Values, io: CliIo) => Promise<number>>([
  ['idcard read', idcardRead],
  ['scanner listen', scannerListen],
  ['printer print-ticket', printerPrintTicket],
  ['printer status', printerStatus],
  ['led show', ledShow],
  ['keypad listen', keypadListen],
  ['evaluator ask', evaluatorAsk],
  ['ports', ports],
  ['simulate idcard', simulateIdcard],
  ['simulate scanner', simulateScanner],
  ['simulate printer', simulatePrinter],
  ['simulate led', (values, io) => simulateWindow(values, io, 'led')],
  ['simulate keypad', (values, io) => simulateWindow(values, io, 'keypad')],
  ['simulate evaluator', (values, io) => simulateWindow(values, io, 'evaluator')],
]);

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
    const run = COMMANDS.get(command);
    if (!run) throw new UsageError(`unknown command "${command}"`);
    return await run(values, io);
  } catch (err) {
    if (err instanceof UsageError || err instanceof TypeError) {
      io.err(`hall-drivers: ${err.message}\n${USAGE}`);
      return 2;
    }
    io.err(`hall-drivers: ${describeError(err)}`);
    return 1;
  }
}

/** Only the contract's fields, in the contract's order. */
function contractJson(card: IdCard): string {
  const keys = [
    'cardType',
    'name',
    'englishName',
    'gender',
    'nation',
    'nationality',
    'birthDate',
    'address',
    'idNumber',
    'passNumber',
    'issuer',
    'validFrom',
    'validTo',
  ] as const;
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
      if (err instanceof ReaderStatusError && err.status === 0x80)
        throw new DriverError('NO_CARD', `no card on the reader at ${path} within ${timeoutMs} ms (找卡失败)`);
      if (err instanceof DriverError && 'timeout' in err)
        throw new DriverError('NO_READER', `no answer from a reader on ${path} at ${baudRate} baud: ${err.message}`);
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
  scanner.on('error', (err) => io.err(`hall-drivers: ${describeError(err)}`));
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
    io.err(
      "hall-drivers: udevadm not found: serial ports cannot be listed with their USB ids. Install the 'udev' package (apt-get install udev). Device nodes found in /dev:",
    );
    const nodes = readdirSync('/dev')
      .filter((n) => /^tty(USB|ACM|S|AMA)\d+$/.test(n))
      .map((n) => `/dev/${n}`);
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

async function simulateIdcard(values: Values, io: CliIo): Promise<number> {
  const card = values.card ?? 'resident';
  if (!['resident', 'foreign', 'foreign2023', 'hmt', 'none'].includes(card))
    throw new UsageError(`--card must be resident, foreign, foreign2023, hmt or none, got "${card}"`);
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
