export type ScanSource = 'hid-pos' | 'serial' | 'wedge';

export interface Scan {
  text: string;
  /** AIM symbology identifier (e.g. `]Q1` for QR Code) when the scanner sends one. */
  symbology?: string;
  source: ScanSource;
}

export type ScanEncoding = 'utf-8' | 'gb18030';
