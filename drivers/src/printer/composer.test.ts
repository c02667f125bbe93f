import { describe, expect, it } from 'vitest';
import { code128, inlineBitImage24, qrStore, rasterImage } from './commands.ts';
import { composeDocument } from './composer.ts';
import { bitmapFromRows, getDot, placeholderGlyph } from './glyph.ts';
import { classifyChar, wrapText } from './text.ts';

const hex = (b: Uint8Array) =>
  Buffer.from(b)
    .toString('hex')
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1 ');
const P80 = { paperWidthMm: 80 } as const;
const HEAD = '1B 40 1C 26'; // ESC @, FS &

describe('ESC/POS composer: hand-checked byte sequences', () => {
  it('a big bold centred ticket number is ESC a 1, ESC E 1, GS ! 0x11, the digits and LF', () => {
    const bytes = composeDocument([{ type: 'text', text: 'A012', align: 'center', width: 2, height: 2, bold: true }], P80);
    expect(hex(bytes)).toBe(`${HEAD} 1B 61 01 1B 45 01 1D 21 11 41 30 31 32 0A`);
  });

  it('a GB18030 name is sent as its two-byte codes in Chinese mode (张三 = D5C5 C8FD)', () => {
    expect(hex(composeDocument([{ type: 'text', text: '张三' }], P80))).toBe(`${HEAD} D5 C5 C8 FD 0A`);
  });

  it('modes are sent only when they change, and reset when a later block asks for less', () => {
    const bytes = composeDocument(
      [
        { type: 'text', text: 'a', bold: true },
        { type: 'text', text: 'b', bold: true },
        { type: 'text', text: 'c' },
      ],
      P80,
    );
    expect(hex(bytes)).toBe(`${HEAD} 1B 45 01 61 0A 62 0A 1B 45 00 63 0A`);
  });

  it('a QR code is model 2, module size, error correction, store with pL pH over the UTF-8 bytes, then print', () => {
    // https://t.cn/社保: 13 ASCII bytes + 社 E7 A4 BE + 保 E4 BF 9D = 19 bytes; pL = 19 + 3 = 0x16.
    const bytes = composeDocument([{ type: 'qr', data: 'https://t.cn/社保', moduleSize: 5, errorCorrection: 'Q' }], P80);
    expect(hex(bytes)).toBe(
      `${HEAD} 1B 61 01 ` +
        '1D 28 6B 04 00 31 41 32 00 ' +
        '1D 28 6B 03 00 31 43 05 ' +
        '1D 28 6B 03 00 31 45 32 ' +
        '1D 28 6B 16 00 31 50 30 68 74 74 70 73 3A 2F 2F 74 2E 63 6E 2F E7 A4 BE E4 BF 9D ' +
        '1D 28 6B 03 00 31 51 30',
    );
  });

  it('a multibyte QR payload over 255 bytes carries its byte length in pL and pH, not its character count', () => {
    const store = qrStore(new TextEncoder().encode('政'.repeat(100)));
    // 100 characters, 300 bytes: 303 = 0x012F.
    expect(hex(store.subarray(0, 8))).toBe('1D 28 6B 2F 01 31 50 30');
    expect(store.length).toBe(8 + 300);
  });

  it('a GB18030-encoded QR payload counts its GB18030 bytes', () => {
    const bytes = composeDocument([{ type: 'qr', data: '社保' }], P80, { qrEncoding: 'gb18030' });
    // 社 C9E7, 保 B1A3: 4 bytes + 3 = 7.
    expect(hex(bytes)).toContain('1D 28 6B 07 00 31 50 30 C9 E7 B1 A3');
  });

  it('CODE128 goes as GS k 73 with {B, a literal { doubled, and n counting all of it', () => {
    expect(hex(code128('A012{'))).toBe('1D 6B 49 08 7B 42 41 30 31 32 7B 7B');
    const bytes = composeDocument([{ type: 'barcode', data: 'A012', height: 60, align: 'left' }], P80);
    expect(hex(bytes)).toBe(`${HEAD} 1D 68 3C 1D 77 02 1D 48 02 1D 6B 49 06 7B 42 41 30 31 32`);
  });

  it('CODE128 refuses what code set B cannot carry', () => {
    expect(() => code128('票')).toThrow(TypeError);
    expect(() => code128('')).toThrow(TypeError);
  });

  it('a logo is GS v 0 with the bytes per row and rows in little-endian, rows packed MSB first', () => {
    const logo = bitmapFromRows(['#.......#', '.#######.']);
    expect(hex(rasterImage(logo))).toBe('1D 76 30 00 02 00 02 00 80 80 7F 00');
    expect(hex(composeDocument([{ type: 'image', bitmap: logo }], P80))).toBe(`${HEAD} 1B 61 01 1D 76 30 00 02 00 02 00 80 80 7F 00`);
  });

  it('a tall image is sent in bands of at most 255 rows', () => {
    const tall = bitmapFromRows(Array.from({ length: 300 }, () => '#'));
    const bytes = rasterImage(tall);
    expect(hex(bytes.subarray(0, 8))).toBe('1D 76 30 00 01 00 FF 00');
    expect(hex(bytes.subarray(8 + 255, 8 + 255 + 8))).toBe('1D 76 30 00 01 00 2D 00');
  });

  it('a partial cut is GS V 66 0 and a full cut GS V 65 0; without a cutter the paper is fed to the tear bar', () => {
    expect(hex(composeDocument([{ type: 'cut' }], P80))).toBe(`${HEAD} 1D 56 42 00`);
    expect(hex(composeDocument([{ type: 'cut', partial: false }], P80))).toBe(`${HEAD} 1D 56 41 00`);
    expect(hex(composeDocument([{ type: 'cut' }], { paperWidthMm: 58, cutter: false }))).toBe(`${HEAD} 1B 64 04`);
  });

  it('a printer without a Chinese font gets no FS &', () => {
    expect(hex(composeDocument([{ type: 'text', text: 'OK' }], { paperWidthMm: 80, encoding: 'ascii' }))).toBe('1B 40 4F 4B 0A');
  });

  it('control characters in text are printed as spaces, never passed through as commands', () => {
    expect(hex(composeDocument([{ type: 'text', text: 'a\x1b@\x1dVb' }], P80))).toBe(`${HEAD} 61 20 40 20 56 62 0A`);
  });
});

describe('ESC/POS composer: rare characters', () => {
  it('a character outside two-byte GB18030 (𠮷) is drawn inline as a 24-dot bit image between its neighbours', () => {
    const bytes = composeDocument([{ type: 'text', text: '吉𠮷' }], P80);
    // 吉 = BC AA, then ESC * 33 nL=24 nH=0 and 24 columns × 3 bytes, then LF.
    expect(hex(bytes.subarray(0, 11))).toBe(`${HEAD} BC AA 1B 2A 21 18 00`);
    expect(bytes.length).toBe(4 + 2 + 5 + 72 + 1);
    expect(bytes.at(-1)).toBe(0x0a);
    expect(bytes.subarray(11, 11 + 72).some((b) => b !== 0)).toBe(true);
  });

  it('the built-in placeholder is a closed box with the code point inside', () => {
    const g = placeholderGlyph('𠮷', 24);
    expect([g.width, g.height]).toEqual([24, 24]);
    for (let i = 0; i < 24; i++) {
      expect(getDot(g, i, 0) && getDot(g, i, 23) && getDot(g, 0, i) && getDot(g, 23, i)).toBe(true);
    }
    // Different code points draw differently.
    expect(placeholderGlyph('𠮷', 24).data).not.toEqual(placeholderGlyph('𪚥', 24).data);
  });

  it('an injected rasteriser draws the glyph instead of the placeholder', () => {
    const solid = () => bitmapFromRows(Array.from({ length: 24 }, () => '#'.repeat(24)));
    const bytes = composeDocument([{ type: 'text', text: '𠮷' }], P80, { glyph: solid });
    expect(hex(bytes)).toBe(`${HEAD} 1B 2A 21 18 00 ${Array(72).fill('FF').join(' ')} 0A`);
  });

  it('ESC * columns put the top dot in the most significant bit of the first byte', () => {
    const dot = bitmapFromRows(['#', ...Array(22).fill('.'), '#']);
    expect(hex(inlineBitImage24(dot))).toBe('1B 2A 21 01 00 80 00 01');
  });

  it('GBK characters outside GB2312 are drawn on a printer whose font is only GB2312', () => {
    expect(classifyChar('堃', 'gb18030', 'gbk').kind).toBe('font');
    expect(classifyChar('堃', 'gb18030', 'gb2312').kind).toBe('glyph');
    expect(classifyChar('张', 'gb18030', 'gb2312').kind).toBe('font');
    expect(classifyChar('𠮷', 'gb18030', 'gbk').kind).toBe('glyph');
  });
});

describe('ESC/POS composer: paper width', () => {
  it('a rule is 48 characters on 80 mm and 32 on 58 mm', () => {
    expect(composeDocument([{ type: 'rule' }], P80).length).toBe(4 + 48 + 1);
    expect(composeDocument([{ type: 'rule' }], { paperWidthMm: 58 }).length).toBe(4 + 32 + 1);
  });

  it('columns push the value to the right edge', () => {
    const bytes = composeDocument([{ type: 'columns', left: '前面', right: '3人' }], { paperWidthMm: 58 });
    const line = bytes.subarray(4, -1);
    // 前面 = 4 columns, 3人 = 3 columns: 25 spaces between on 32 columns.
    expect(line.length).toBe(4 + 25 + 3);
    expect(line[4]).toBe(0x20);
    expect(line[28]).toBe(0x20);
    expect(line[29]).toBe(0x33);
  });

  it('Chinese text wraps at half as many characters as Latin text, and double width halves it again', () => {
    expect(wrapText('一'.repeat(20), 32)).toEqual(['一'.repeat(16), '一'.repeat(4)]);
    const bytes = composeDocument([{ type: 'text', text: '一'.repeat(20), width: 2 }], { paperWidthMm: 58 });
    expect(bytes.filter((b) => b === 0x0a).length).toBe(3);
  });

  it('Latin words are not broken when a space allows', () => {
    expect(wrapText('please wait for your number', 12)).toEqual(['please wait', 'for your', 'number']);
  });

  it('an image wider than the paper is a TypeError', () => {
    const wide = bitmapFromRows(['#'.repeat(400)]);
    expect(() => composeDocument([{ type: 'image', bitmap: wide }], { paperWidthMm: 58 })).toThrow(TypeError);
    expect(() => composeDocument([], { paperWidthMm: 76 as 80 })).toThrow(TypeError);
  });
});
