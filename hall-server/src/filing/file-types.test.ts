import { describe, expect, it } from 'vitest';
import { matchesSignature, sniffContentType } from './file-types.ts';

describe('page types by their first bytes', () => {
  const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe1, 0, 0]);
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
  const pdf = new TextEncoder().encode('%PDF-1.7\n');

  it('knows JPEG, PNG and PDF', () => {
    expect([jpeg, png, pdf].map(sniffContentType)).toEqual(['image/jpeg', 'image/png', 'application/pdf']);
    expect(matchesSignature('image/jpeg', jpeg)).toBe(true);
  });

  it('believes a declared type only when the bytes agree', () => {
    expect(matchesSignature('image/png', jpeg)).toBe(false);
    expect(matchesSignature('application/pdf', png)).toBe(false);
    expect(matchesSignature('image/jpeg', Uint8Array.from([0xff, 0xd8]))).toBe(false);
    expect(sniffContentType(new TextEncoder().encode('GIF89a'))).toBeUndefined();
    expect(sniffContentType(new Uint8Array())).toBeUndefined();
  });
});
