/**
 * Whether the ticket printer can print now, asked before anything is issued
 * or printed, so nothing is issued that cannot be printed.
 */
import type { AgentErrorCode } from '../../shared/kiosk-api.ts';
import type { AgentLogger } from '../log.ts';
import { kioskError } from '../messages.ts';
import type { DeviceHub } from './device-hub.ts';
import { canPrint, PrintError, type PrinterCondition } from './ticket-printer.ts';

/** Refuses with the printer's own reason (paper out, cover open …) when it cannot print a ticket now. */
export async function printerReady(devices: DeviceHub, log: AgentLogger): Promise<void> {
  const condition = await devices.checkPrinter();
  if (!condition) throw kioskError('PRINTER_ABSENT');
  if (canPrint(condition)) return;
  log.warn('issuing refused: printer not ready', { code: condition.code, state: condition.state });
  throw kioskError(refusalFor(condition), { printer: condition.code ?? condition.state });
}

/** The maintenance panel's test page (staff checked by the caller). */
export async function testPrint(devices: DeviceHub, log: AgentLogger): Promise<void> {
  await printerReady(devices, log);
  const printer = devices.printer;
  if (!printer) throw kioskError('PRINTER_ABSENT');
  try {
    const outcome = await printer.testPrint();
    if (outcome.paperLow) devices.notePrinter({ state: 'warning', code: 'PAPER_LOW' });
  } catch (err) {
    void devices.checkPrinter().catch(() => {});
    throw kioskError('PRINT_FAILED', { printer: err instanceof PrintError ? err.code : 'PRINT_FAILED' });
  }
}

function refusalFor(condition: PrinterCondition): AgentErrorCode {
  switch (condition.code) {
    case 'PAPER_OUT':
      return 'PRINTER_PAPER_OUT';
    case 'COVER_OPEN':
      return 'PRINTER_COVER_OPEN';
    default:
      return condition.state === 'absent' ? 'PRINTER_ABSENT' : 'PRINTER_OFFLINE';
  }
}
