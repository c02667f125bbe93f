/**
 * TicketPrinter over the drivers' ESC/POS printer: printer options from the
 * device model in the hardware profile, the ticket layout from the drivers,
 * and the drivers' typed errors turned into the agent's printer codes.
 */
import {
  DisconnectedError,
  EscPosPrinter,
  NotOpenError,
  PrinterNoResponseError,
  PrinterStatusError,
  filingReceiptDocument,
  statusProblem,
  ticketDocument,
  type FilingReceiptPrint,
  type PrintDocument,
  type PrinterOptions,
  type Transport,
} from '@hall/drivers';
import type { ResolvedDevice } from '@hall/hardware-profiles';
import { silentAgentLogger, type AgentLogger } from '../log.ts';
import { PrintError, type PrintOutcome, type PrinterCode, type PrinterCondition, type TicketJson, type TicketPrinter } from './ticket-printer.ts';

/** What the composer needs, from the model's figures (generic defaults where the model is silent). */
export function printerOptionsFor(device: ResolvedDevice): PrinterOptions {
  const figures = device.model.class === 'printer' ? device.model.printer : undefined;
  const width = figures?.paperWidthMm ?? 80;
  const area = figures?.printAreas?.find((a) => a.paperWidthMm === width);
  const options: PrinterOptions = { paperWidthMm: width };
  if (area?.dotsPerLine) options.dotsPerLine = area.dotsPerLine;
  if (area?.charsPerLine?.fontA) options.charsPerLine = area.charsPerLine.fontA;
  if (figures?.status?.dleEot === false) options.dleEot = false;
  if (figures?.cutter === 'none') options.cutter = false;
  const enc = figures?.chineseEncodings;
  if (enc && !enc.includes('gb18030') && !enc.includes('gbk')) options.fontCoverage = 'gb2312';
  return options;
}

function codeOf(err: unknown): PrinterCode | 'PRINT_FAILED' {
  if (err instanceof PrinterStatusError) {
    if (err.code === 'PRINTER_PAPER_OUT') return 'PAPER_OUT';
    if (err.code === 'PRINTER_COVER_OPEN') return 'COVER_OPEN';
    if (err.code === 'PRINTER_OFFLINE') return 'OFFLINE';
    return 'FAULT';
  }
  if (err instanceof PrinterNoResponseError) return 'NO_RESPONSE';
  if (err instanceof DisconnectedError || err instanceof NotOpenError) return 'DISCONNECTED';
  return 'PRINT_FAILED';
}

export type EscPosTicketPrinterOptions = {
  logger?: AgentLogger;
  terminalName?: string;
  now?: () => number;
  statusTimeoutMs?: number;
};

export class EscPosTicketPrinter implements TicketPrinter {
  readonly model: string;
  readonly #printer: EscPosPrinter;
  readonly #transport: Transport;
  readonly #options: PrinterOptions;
  readonly #o: EscPosTicketPrinterOptions;

  constructor(device: ResolvedDevice, transport: Transport, options: EscPosTicketPrinterOptions = {}) {
    this.model = device.model.id;
    this.#transport = transport;
    this.#options = printerOptionsFor(device);
    this.#o = options;
    const baudRate = device.transport.type === 'serial' ? device.transport.baudRate : undefined;
    this.#printer = new EscPosPrinter(transport, {
      printer: this.#options,
      ...(baudRate ? { baudRate } : {}),
      statusTimeoutMs: options.statusTimeoutMs ?? 1000,
      logger: options.logger ?? silentAgentLogger,
    });
    this.#printer.on('error', (err) => (options.logger ?? silentAgentLogger).warn('printer error', { error: err }));
  }

  get connected(): boolean {
    return this.#transport.isOpen;
  }

  onLink(listener: (connected: boolean, reason?: string) => void): void {
    this.#printer.on('connected', () => listener(true));
    this.#printer.on('disconnected', (reason) => listener(false, reason));
  }

  async condition(): Promise<PrinterCondition> {
    if (!this.#transport.isOpen) return { state: 'absent', code: 'DISCONNECTED' };
    if (this.#options.dleEot === false) return { state: 'ok' };
    try {
      const status = await this.#printer.status();
      const problem = statusProblem(status, false);
      if (problem) {
        const code = codeOf(problem);
        return { state: 'error', code: code === 'PRINT_FAILED' ? 'FAULT' : code };
      }
      return status.paperNearEnd ? { state: 'warning', code: 'PAPER_LOW' } : { state: 'ok' };
    } catch (err) {
      const code = codeOf(err);
      if (code === 'DISCONNECTED') return { state: 'absent', code };
      return { state: 'error', code: code === 'PRINT_FAILED' ? 'NO_RESPONSE' : code };
    }
  }

  printTicket(ticket: TicketJson): Promise<PrintOutcome> {
    return this.#print(ticketDocument(ticket, this.#options));
  }

  printReceipt(receipt: unknown): Promise<PrintOutcome> {
    return this.#print(filingReceiptDocument(receipt as FilingReceiptPrint, this.#options));
  }

  testPrint(): Promise<PrintOutcome> {
    const at = new Date((this.#o.now ?? Date.now)()).toISOString().replace('T', ' ').slice(0, 19);
    const doc: PrintDocument = [
      { type: 'text', text: '打印测试 Test print', align: 'center', bold: true, height: 2 },
      { type: 'rule' },
      { type: 'columns', left: '终端 Terminal', right: this.#o.terminalName ?? '-' },
      { type: 'columns', left: '型号 Model', right: this.model },
      { type: 'columns', left: '时间 Time (UTC)', right: at },
      { type: 'text', text: '中文字符：政务服务中心 自助取号', align: 'left' },
      { type: 'qr', data: 'TEST-PRINT', moduleSize: 4, align: 'center' },
      { type: 'cut' },
    ];
    return this.#print(doc);
  }

  async #print(doc: PrintDocument): Promise<PrintOutcome> {
    try {
      const result = await this.#printer.print(doc);
      return { paperLow: result.paperNearEnd, bytes: result.bytes };
    } catch (err) {
      const duringPrint = (err as { duringPrint?: boolean }).duringPrint ?? true;
      throw new PrintError(codeOf(err), (err as Error).message, duringPrint, { cause: err });
    }
  }

  async close(): Promise<void> {
    this.#printer.dispose();
    await this.#transport.close();
  }
}
