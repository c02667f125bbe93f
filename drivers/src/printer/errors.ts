/**
 * What can stop a print, as typed errors with markers (`err.paperOut`,
 * `err.coverOpen`, …) and a message in Chinese and English for the kiosk
 * screen and the technician. `duringPrint` says whether the job was already
 * sent: false means nothing printable reached the printer.
 */
import { BilingualError, marked } from '../errors.ts';
import type { PrinterStatus } from './types.ts';

export class PrinterStatusError extends marked(BilingualError, 'printerStatus') {
  declare readonly status: PrinterStatus;
  declare readonly duringPrint: boolean;
  constructor(code: string, zh: string, en: string, status: PrinterStatus, duringPrint: boolean) {
    super(code, zh, en, { details: { status, duringPrint } });
  }
}

export class PaperOutError extends marked(PrinterStatusError, 'paperOut') {}
export class CoverOpenError extends marked(PrinterStatusError, 'coverOpen') {}
export class PrinterOfflineError extends marked(PrinterStatusError, 'offline') {}
export class PrinterFaultError extends marked(PrinterStatusError, 'fault') {}

/**
 * The error a status stands for, or undefined when the printer can print.
 * Cover open is named before paper out: closing the cover is the first thing
 * to do, and an open cover often makes the paper sensor read empty too.
 */
export function statusProblem(status: PrinterStatus, duringPrint: boolean): PrinterStatusError | undefined {
  const when = duringPrint ? { zh: '打印过程中', en: 'during printing' } : { zh: '', en: '' };
  const en = (s: string) => (duringPrint ? `${s} ${when.en}; the ticket may be incomplete` : `${s}; nothing was printed`);
  const zh = (s: string) => (duringPrint ? `${when.zh}${s}，票据可能不完整` : `${s}，未打印任何内容`);
  if (status.coverOpen) return new CoverOpenError('PRINTER_COVER_OPEN', zh('打印机上盖打开'), en('the printer cover is open'), status, duringPrint);
  if (status.paperEnd || status.paperEndStop)
    return new PaperOutError('PRINTER_PAPER_OUT', zh('打印机缺纸'), en('the printer is out of paper'), status, duringPrint);
  if (status.cutterError) return new PrinterFaultError('PRINTER_CUTTER_ERROR', zh('切刀故障'), en('the autocutter is jammed or failed'), status, duringPrint);
  if (status.unrecoverableError)
    return new PrinterFaultError(
      'PRINTER_UNRECOVERABLE',
      zh('打印机发生不可恢复的错误，请断电检修'),
      en('the printer reports an unrecoverable error; switch it off and call a technician'),
      status,
      duringPrint,
    );
  if (status.mechanicalError || status.autoRecoverableError || status.errorOccurred) {
    return new PrinterFaultError(
      'PRINTER_ERROR',
      zh('打印机故障（如打印头过热）'),
      en('the printer reports an error (e.g. print head overheated)'),
      status,
      duringPrint,
    );
  }
  if (!status.online) return new PrinterOfflineError('PRINTER_OFFLINE', zh('打印机离线'), en('the printer is offline'), status, duringPrint);
  return undefined;
}
