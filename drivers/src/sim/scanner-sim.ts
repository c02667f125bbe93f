/** A serial (CDC line-mode) barcode scanner: each scan is written as one terminated line. */
import iconv from 'iconv-lite';
import type { Transport } from '../transport/transport.ts';

export interface ScannerSimOptions {
  terminator?: string;
  encoding?: 'utf-8' | 'gb18030';
}

export class SerialScannerSimulator {
  readonly #port: Transport;
  readonly #terminator: string;
  readonly #encoding: 'utf-8' | 'gb18030';

  constructor(port: Transport, options: ScannerSimOptions = {}) {
    this.#port = port;
    this.#terminator = options.terminator ?? '\r\n';
    this.#encoding = options.encoding ?? 'utf-8';
  }

  async scan(text: string): Promise<void> {
    const bytes = iconv.encode(text + this.#terminator, this.#encoding);
    await this.#port.write(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
  }
}

/** Fictional codes a demo scanner cycles through. */
export const SAMPLE_SCANS: readonly string[] = [
  'YY20250101A0001',
  'https://zwfw.example.gov.cn/appointment?code=YY20250101A0002',
  '110101199003078814',
  '91350100M000100Y43',
  '示例文本：窗口5',
];
