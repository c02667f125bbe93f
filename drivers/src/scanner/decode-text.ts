import iconv from 'iconv-lite';
import type { ScanEncoding } from './types.ts';

/** Scanner bytes → text; invalid sequences become U+FFFD rather than failing the scan. */
export function decodeScanText(bytes: Uint8Array, encoding: ScanEncoding): string {
  if (encoding === 'utf-8') return new TextDecoder('utf-8').decode(bytes);
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), 'gb18030');
}

export function checkEncoding(encoding: unknown): ScanEncoding {
  if (encoding === 'utf-8' || encoding === 'gb18030') return encoding;
  throw new TypeError(`encoding must be utf-8 or gb18030, got ${String(encoding)}`);
}
