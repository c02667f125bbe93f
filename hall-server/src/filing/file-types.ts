/**
 * What a page really is, by its first bytes: a kiosk's declared type is
 * believed only when the bytes agree, so a clerk's viewer never opens a
 * file as something it is not.
 */
import type { FileContentType } from '../domain/config.ts';

const SIGNATURES: Record<FileContentType, readonly number[]> = {
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
};

export function matchesSignature(contentType: FileContentType, bytes: Uint8Array): boolean {
  const signature = SIGNATURES[contentType];
  if (bytes.length < signature.length) return false;
  return signature.every((b, i) => bytes[i] === b);
}

/** The type the bytes say, whatever was declared. */
export function sniffContentType(bytes: Uint8Array): FileContentType | undefined {
  return (Object.keys(SIGNATURES) as FileContentType[]).find((t) => matchesSignature(t, bytes));
}
