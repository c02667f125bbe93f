/** Device drivers, transports and simulators for hall terminals. */
export { BilingualError, DriverError, DisconnectedError, NotOpenError, TimeoutError } from './errors.ts';
export { concatBytes } from './bytes.ts';
export { maskAddress, maskCard, maskIdNumber, maskName, silentLogger, stderrLogger, type Logger } from './log.ts';

export type { Transport, TransportEvents, ReconnectOptions } from './transport/transport.ts';
export { BaseTransport } from './transport/transport.ts';
export { backoffDelay, type BackoffOptions } from './transport/backoff.ts';
export { SerialTransport, type SerialOptions } from './transport/serial.ts';
export { HidTransport, toReports, type HidDevice, type HidOpener, type HidOptions } from './transport/hid.ts';
export { TcpTransport, type TcpOptions } from './transport/tcp.ts';
export { FakeTransport, FakeDevice } from './transport/fake.ts';

export * from './idcard/frame.ts';
export { Ga467Framer, type FramerEvent, type FramerOptions } from './idcard/framer.ts';
export * from './idcard/status.ts';
export * from './idcard/commands.ts';
export { decodeTextBlock, cardTypeOf, isoDate, TextBlockError } from './idcard/text-block.ts';
export { idNumberCheckDigit, isValidIdNumber } from './idcard/gb11643.ts';
export { NATIONS, nationName, nationCode } from './idcard/nations.ts';
export type { CardType, Gender, IdCard } from './idcard/types.ts';
export { IdCardReader, MIN_POLL_INTERVAL_MS, type CardRead, type IdCardReaderOptions, type ReaderEvents } from './idcard/reader.ts';

export type { Scan, ScanEncoding, ScanSource } from './scanner/types.ts';
export * from './scanner/hid-pos.ts';
export { LineSplitter, LineTooLongError, type LineEvent } from './scanner/line-splitter.ts';
export * from './scanner/wedge.ts';
export { classifyPayload, isValidUscc, type ClassifyOptions, type PayloadKind } from './scanner/classify.ts';
export { HidPosScanner, SerialLineScanner, type ScannerEvents, type SerialScannerOptions, type HidPosScannerOptions } from './scanner/scanner.ts';

export { IdReaderSimulator, SIM_FAULTS, type SimFault, type IdReaderSimOptions } from './sim/idcard-sim.ts';
export { SerialScannerSimulator, SAMPLE_SCANS } from './sim/scanner-sim.ts';
export { SAMPLE_CARDS, samplePhoto } from './sim/cards.ts';
export { encodeTextBlock } from './sim/text-block-encode.ts';
export { createPtyPair, SOCAT_MISSING, type PtyPair } from './sim/socat.ts';
export { TcpDeviceEnd, type TcpDeviceEndOptions } from './sim/tcp-device-end.ts';
export { openSimLine, type SimLine, type SimLineHostEnd, type SimLineKind } from './sim/line.ts';

export { FileTransport, describePort, type FileTransportOptions } from './transport/file.ts';

export type * from './printer/types.ts';
export * from './printer/commands.ts';
export { composeDocument, type ComposeOptions } from './printer/composer.ts';
export { placeholderGlyph, bitmapFromRows, blankBitmap, type GlyphRasterizer } from './printer/glyph.ts';
export { classifyChar, textColumns, wrapText, type CharClass } from './printer/text.ts';
export { GENERIC_PRINTER_MODELS, genericModel, resolvePrinterOptions } from './printer/options.ts';
export * from './printer/status.ts';
export { PrinterStatusError, PaperOutError, CoverOpenError, PrinterOfflineError, PrinterFaultError, statusProblem } from './printer/errors.ts';
export {
  EscPosPrinter,
  PrinterNoResponseError,
  StatusUnsupportedError,
  type EscPosPrinterOptions,
  type PrintResult,
  type PrintTiming,
  type PrinterEvents,
} from './printer/printer.ts';
export {
  ticketDocument,
  filingReceiptDocument,
  validateTicket,
  hallTime,
  type TicketPrint,
  type FilingReceiptPrint,
  type LayoutOptions,
} from './printer/layouts.ts';
export { EscPosParser, isPrintable, type EscPosOp } from './printer/parse.ts';

export * from './window/frame.ts';
export * from './window/codes.ts';
export { Rs485Bus, type Rs485BusOptions, type BusEvents } from './window/bus.ts';
export { LedStrip, LED_PROTOCOLS, ledProtocol, genericLedProtocol, asciiLineLedProtocol, type LedContent, type LedProtocol } from './window/led.ts';
export { KeypadListener, EventPoller, type KeyPress, type KeypadEvents, type KeypadListenerOptions } from './window/keypad.ts';
export { Evaluator, type AskOptions, type RatingResult } from './window/evaluator.ts';

export { EscPosPrinterSimulator, PRINTER_SIM_STATES, DRAWN_GLYPH, type PrintedItem, type PrinterSimState } from './sim/printer-sim.ts';
export { Rs485BusSimulator, SimLed, SimKeypad, SimEvaluator, type LedShown } from './sim/window-sim.ts';
export { SAMPLE_TICKET, SAMPLE_FILING } from './sim/tickets.ts';
