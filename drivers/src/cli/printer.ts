/** The printer commands: print a ticket, read the status, and simulate a printer. */
import { readFileSync } from 'node:fs';
import { DriverError } from '../errors.ts';
import { stderrLogger, silentLogger } from '../log.ts';
import type { Transport } from '../transport/transport.ts';
import { ticketDocument, validateTicket } from '../printer/layouts.ts';
import { genericModel } from '../printer/options.ts';
import type { PrinterOptions } from '../printer/types.ts';
import { EscPosPrinter } from '../printer/printer.ts';
import { EscPosPrinterSimulator, PRINTER_SIM_STATES, type PrinterSimState } from '../sim/printer-sim.ts';
import { type CliIo, type Values, intOption, devicePort, openPort, needPort, UsageError } from './options.ts';

export function printerModel(values: Values): PrinterOptions {
  try {
    return genericModel(values.model ?? 'generic-escpos-80');
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export function printerFor(values: Values, printer: PrinterOptions, transport: Transport, baudRate: number): EscPosPrinter {
  const statusTimeoutMs = intOption(values.timeout, 'timeout', 1500);
  return new EscPosPrinter(transport, { printer, baudRate, statusTimeoutMs, logger: values.verbose ? stderrLogger('debug') : silentLogger });
}

export async function printerPrintTicket(values: Values, io: CliIo): Promise<number> {
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

export async function printerStatus(values: Values, io: CliIo): Promise<number> {
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

export async function simulatePrinter(values: Values, io: CliIo): Promise<number> {
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
