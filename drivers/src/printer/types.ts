/** The shapes the ESC/POS composer, status codec and printer driver share. */

/** A 1-bit image: rows top to bottom, each `ceil(width / 8)` bytes, most significant bit leftmost, 1 = black. */
export interface Bitmap {
  width: number;
  height: number;
  data: Uint8Array;
}

export type Align = 'left' | 'center' | 'right';

export interface TextBlock {
  type: 'text';
  text: string;
  align?: Align;
  /** Character width multiplier, 1–8. */
  width?: number;
  /** Character height multiplier, 1–8. */
  height?: number;
  bold?: boolean;
}

/** A label on the left and a value on the right of one line (wrapped when they do not fit). */
export interface ColumnsBlock {
  type: 'columns';
  left: string;
  right: string;
  bold?: boolean;
}

/** A full-width line of one character, `-` by default. */
export interface RuleBlock {
  type: 'rule';
  char?: string;
}

export interface FeedBlock {
  type: 'feed';
  lines: number;
}

export interface QrBlock {
  type: 'qr';
  data: string;
  /** Module size in dots, 1–16 (default 6). */
  moduleSize?: number;
  /** Error correction level (default M). */
  errorCorrection?: 'L' | 'M' | 'Q' | 'H';
  align?: Align;
}

export interface BarcodeBlock {
  type: 'barcode';
  /** CODE128 data: printable ASCII. */
  data: string;
  /** Bar height in dots, 1–255 (default 80). */
  height?: number;
  /** Narrow module width in dots, 2–6 (default 2). */
  moduleWidth?: number;
  /** Where the human-readable text goes (default below). */
  hri?: 'none' | 'above' | 'below';
  align?: Align;
}

export interface ImageBlock {
  type: 'image';
  bitmap: Bitmap;
  align?: Align;
}

export interface CutBlock {
  type: 'cut';
  /** Partial cut (a hinge left in the middle) rather than full; default true. */
  partial?: boolean;
}

export type PrintBlock = TextBlock | ColumnsBlock | RuleBlock | FeedBlock | QrBlock | BarcodeBlock | ImageBlock | CutBlock;
export type PrintDocument = readonly PrintBlock[];

/**
 * What the composer and driver need to know about a printer; the hardware
 * profile's printer model maps onto this.
 */
export interface PrinterOptions {
  paperWidthMm: 58 | 80;
  /** Printable dots per line (default 576 for 80 mm, 384 for 58 mm). */
  dotsPerLine?: number;
  /** Font A characters per line (default dotsPerLine / 12: 48 or 32). */
  charsPerLine?: number;
  /**
   * Text encoding. `gb18030`: Chinese mode (FS &), two-byte GB18030/GBK
   * characters printed from the printer's font. `ascii`: a printer without a
   * Chinese font; everything outside ASCII is drawn as a bit image.
   */
  encoding?: 'gb18030' | 'ascii';
  /**
   * Which two-byte characters the printer's font holds: `gbk` (most current
   * Chinese-market models) or `gb2312` (older and cheaper ones). Characters
   * outside it are drawn as a bit image.
   */
  fontCoverage?: 'gbk' | 'gb2312';
  /** Has an autocutter (default true). Without one, the paper is fed to the tear bar instead. */
  cutter?: boolean;
  /** Answers DLE EOT n (real-time status). Default true. */
  dleEot?: boolean;
  /** Supports GS a (automatic status back). Default false. */
  asb?: boolean;
  /** Answers GS r 1 once everything before it is printed; used to wait for the end of a job. Default true. */
  gsR?: boolean;
  /** Lines fed before cutting, so the last line clears the cutter (default 4). */
  feedBeforeCut?: number;
}

/** A PrinterOptions with every default filled in. */
export type ResolvedPrinterOptions = Required<PrinterOptions>;

/** Decoded printer status, from DLE EOT 1–4 or an automatic status back block. */
export interface PrinterStatus {
  online: boolean;
  coverOpen: boolean;
  paperNearEnd: boolean;
  paperEnd: boolean;
  /** Printing stopped because the paper ran out. */
  paperEndStop: boolean;
  feedButtonPressed: boolean;
  /** Paper is being fed by the feed button. */
  feeding: boolean;
  waitingOnlineRecovery: boolean;
  /** The offline-cause status says an error occurred (see the error flags). */
  errorOccurred: boolean;
  mechanicalError: boolean;
  cutterError: boolean;
  unrecoverableError: boolean;
  autoRecoverableError: boolean;
  /** Drawer kick-out connector pin 3 reads high. */
  drawerHigh: boolean;
}
