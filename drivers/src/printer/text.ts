/**
 * Text for an ESC/POS printer in Chinese mode: which characters the printer
 * can print from its font (ASCII, two-byte GB18030 within its coverage),
 * which must be drawn as a bit image (four-byte GB18030 such as 𠮷, or
 * anything outside the font), how wide each is in Font A columns, and how
 * lines wrap.
 */
import iconv from 'iconv-lite';

export type TextEncoding = 'gb18030' | 'ascii';
export type FontCoverage = 'gbk' | 'gb2312';

export type CharClass = { kind: 'font'; bytes: readonly number[]; columns: 1 | 2 } | { kind: 'glyph'; char: string; columns: 2 };

const cache = new Map<string, CharClass>();

/** How one character (a code point) is printed. Control characters become a space: text must never carry commands. */
export function classifyChar(char: string, encoding: TextEncoding = 'gb18030', coverage: FontCoverage = 'gbk'): CharClass {
  const key = encoding + coverage + char;
  const hit = cache.get(key);
  if (hit) return hit;
  const cp = char.codePointAt(0)!;
  let result: CharClass;
  if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0)) result = { kind: 'font', bytes: [0x20], columns: 1 };
  else if (cp < 0x80) result = { kind: 'font', bytes: [cp], columns: 1 };
  else if (encoding === 'ascii') result = { kind: 'glyph', char, columns: 2 };
  else {
    const b = iconv.encode(char, 'gb18030');
    const twoByte = b.length === 2 && b[0]! >= 0x81 && b[0]! <= 0xfe && b[1]! >= 0x40 && b[1] !== 0x7f && b[1]! <= 0xfe;
    const inFont = twoByte && (coverage === 'gbk' || (b[0]! >= 0xa1 && b[0]! <= 0xf7 && b[1]! >= 0xa1));
    result = inFont ? { kind: 'font', bytes: [b[0]!, b[1]!], columns: 2 } : { kind: 'glyph', char, columns: 2 };
  }
  if (cache.size < 20_000) cache.set(key, result);
  return result;
}

/** Display width in Font A columns (Chinese and drawn characters take two). */
export function textColumns(text: string, encoding: TextEncoding = 'gb18030', coverage: FontCoverage = 'gbk'): number {
  let n = 0;
  for (const ch of text) n += classifyChar(ch, encoding, coverage).columns;
  return n;
}

/**
 * Splits text into lines of at most `columns` columns. Explicit newlines are
 * kept; a Latin word is not broken when there is a space to break at.
 */
export function wrapText(text: string, columns: number, encoding: TextEncoding = 'gb18030', coverage: FontCoverage = 'gbk'): string[] {
  if (!Number.isInteger(columns) || columns < 2) throw new TypeError(`columns must be an integer ≥ 2, got ${columns}`);
  const out: string[] = [];
  for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) {
    let line: string[] = [];
    let width = 0;
    for (const ch of paragraph) {
      const w = classifyChar(ch, encoding, coverage).columns;
      if (width + w > columns) {
        let carry: string[] = [];
        const space = line.lastIndexOf(' ');
        if (ch !== ' ' && space > 0 && /[\x21-\x7e]/.test(ch) && /[\x21-\x7e]/.test(line[line.length - 1] ?? '')) {
          carry = line.slice(space + 1);
          line = line.slice(0, space);
        }
        out.push(line.join('').trimEnd());
        line = carry;
        width = textColumns(carry.join(''), encoding, coverage);
        if (ch === ' ' && line.length === 0) continue;
      }
      line.push(ch);
      width += w;
    }
    out.push(line.join('').trimEnd());
  }
  return out;
}
