/**
 * What the agent needs from a ticket printer, independent of the driver: its
 * condition (asked fresh before every ticket, so nothing is issued that
 * cannot be printed), printing the ticket layout, and a test page.
 */
import type { DeviceState } from '../../shared/kiosk-api.ts';
import type { TicketPrint } from '@hall/drivers';

/** The contract's ticket JSON (`hall-drivers printer print-ticket --ticket FILE.json`), as the drivers print it. */
export type TicketJson = TicketPrint;

export type PrinterCode = 'PAPER_LOW' | 'PAPER_OUT' | 'COVER_OPEN' | 'OFFLINE' | 'FAULT' | 'NO_RESPONSE' | 'DISCONNECTED';
export type PrinterCondition = { state: DeviceState; code?: PrinterCode };

export type PrintOutcome = { paperLow: boolean; bytes: number };

export interface TicketPrinter {
  readonly model: string;
  /** Asks the printer now. Never throws: a printer that does not answer is a condition too. */
  condition(): Promise<PrinterCondition>;
  /** Prints the ticket layout; throws PrintError when it cannot, saying whether anything was sent. */
  printTicket(ticket: TicketJson): Promise<PrintOutcome>;
  printReceipt?(receipt: unknown): Promise<PrintOutcome>;
  testPrint(): Promise<PrintOutcome>;
  /** The line to the printer came or went (unplugged, replugged). */
  onLink(listener: (connected: boolean, reason?: string) => void): void;
  readonly connected: boolean;
  close(): Promise<void>;
}

export class PrintError extends Error {
  readonly code: PrinterCode | 'PRINT_FAILED';
  /** The job was (partly) sent: the ticket may be half printed. */
  readonly duringPrint: boolean;
  constructor(code: PrinterCode | 'PRINT_FAILED', message: string, duringPrint: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PrintError';
    this.code = code;
    this.duringPrint = duringPrint;
  }
}

/** May a ticket be printed in this condition? Paper low still prints. */
export function canPrint(condition: PrinterCondition): boolean {
  return condition.state === 'ok' || (condition.state === 'warning' && condition.code === 'PAPER_LOW');
}
