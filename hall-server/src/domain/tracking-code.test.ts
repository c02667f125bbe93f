import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  TRACKING_ALPHABET,
  TRACKING_CODE_PATTERN,
  formatTrackingCode,
  hasValidTrackingCheck,
  newTrackingCode,
  parseTrackingCode,
  trackingCheckSymbol,
} from './tracking-code.ts';

const compact = (code: string) => code.replace(/-/g, '');

/** A deterministic stream of bytes, so that a failure can be replayed. */
function seeded(seed: number): (size: number) => Uint8Array {
  let x = seed >>> 0 || 1;
  return (size) => {
    const out = new Uint8Array(size);
    for (let i = 0; i < size; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      out[i] = x & 0xff;
    }
    return out;
  };
}

describe('tracking codes (一码查询)', () => {
  it('are twelve Crockford base32 symbols shown as XXXX-XXXX-XXXX', () => {
    const code = newTrackingCode(randomBytes);
    expect(code).toMatch(TRACKING_CODE_PATTERN);
    expect(hasValidTrackingCheck(compact(code))).toBe(true);
  });

  it('take eleven random symbols from 55 bits: different bytes make different codes', () => {
    const seen = new Set<string>();
    const next = seeded(7);
    for (let i = 0; i < 20_000; i++) seen.add(newTrackingCode(next));
    expect(seen.size).toBe(20_000);
  });

  it('use every symbol of the alphabet in every random position', () => {
    const next = seeded(11);
    const perPosition = Array.from({ length: 11 }, () => new Set<string>());
    for (let i = 0; i < 5_000; i++) {
      const c = compact(newTrackingCode(next));
      for (let p = 0; p < 11; p++) perPosition[p]!.add(c[p]!);
    }
    for (const symbols of perPosition) expect(symbols.size).toBe(32);
  });

  it('accept seven bytes already drawn, and refuse fewer', () => {
    const bytes = new Uint8Array([1, 2, 3, 4, 5, 6, 7]);
    expect(newTrackingCode(bytes)).toBe(newTrackingCode(() => bytes));
    expect(() => newTrackingCode(new Uint8Array(6))).toThrow(TypeError);
  });

  it('detect every single-symbol substitution and every adjacent transposition of 2,000 random codes', () => {
    const next = seeded(2024);
    const missed: string[] = [];
    let variants = 0;
    for (let n = 0; n < 2_000; n++) {
      const code = compact(newTrackingCode(next));
      for (let i = 0; i < 12; i++) {
        for (const s of TRACKING_ALPHABET) {
          if (s === code[i]) continue;
          variants++;
          if (hasValidTrackingCheck(code.slice(0, i) + s + code.slice(i + 1))) missed.push(`${code}: ${s} at ${i}`);
        }
      }
      for (let i = 0; i < 11; i++) {
        if (code[i] === code[i + 1]) continue;
        variants++;
        if (hasValidTrackingCheck(code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2))) missed.push(`${code}: swap at ${i}`);
      }
    }
    expect(missed).toEqual([]);
    expect(variants).toBeGreaterThan(2_000 * 12 * 31);
  });

  it('detect them in every code: the check is linear, so an error slips through only if its difference does', () => {
    // sum(code ⊕ e) = sum(code) ⊕ sum(e) over GF(32). A substitution at i is
    // e = δ at i; a transposition of unequal neighbours is e = δ at i and
    // i+1 (δ = a ⊕ b ≠ 0). Checking every such e is a proof for all 32¹¹ codes.
    const zero = Array<string>(12).fill('0');
    const errorVector = (positions: number[], delta: number) => {
      const e = [...zero];
      for (const p of positions) e[p] = TRACKING_ALPHABET[delta]!;
      return e.join('');
    };
    for (let delta = 1; delta < 32; delta++) {
      for (let i = 0; i < 12; i++) expect(hasValidTrackingCheck(errorVector([i], delta)), `δ=${delta} at ${i}`).toBe(false);
      for (let i = 0; i < 11; i++) expect(hasValidTrackingCheck(errorVector([i, i + 1], delta)), `δ=${delta} at ${i},${i + 1}`).toBe(false);
    }
    // And the vector of no error is a valid code, as linearity requires.
    expect(hasValidTrackingCheck(zero.join(''))).toBe(true);
  });

  it('read what people type: lower case, spaces, hyphens, I and L as 1, O as 0', () => {
    const code = newTrackingCode(seeded(3));
    const c = compact(code);
    expect(parseTrackingCode(c.toLowerCase())).toBe(code);
    expect(parseTrackingCode(` ${c.slice(0, 4)} ${c.slice(4, 8)}  ${c.slice(8)} `)).toBe(code);
    expect(parseTrackingCode(code)).toBe(code);
    const withOne = trackingBodyWith('1', '0');
    expect(parseTrackingCode(withOne.replace('1', 'i').replace('0', 'O'))).toBe(formatTrackingCode(withOne));
    expect(parseTrackingCode(withOne.replace('1', 'L'))).toBe(formatTrackingCode(withOne));
  });

  it('refuse a wrong check symbol, a wrong length and symbols outside the alphabet', () => {
    const c = compact(newTrackingCode(seeded(5)));
    const wrong = c.slice(0, 11) + TRACKING_ALPHABET[(TRACKING_ALPHABET.indexOf(c[11]!) + 1) % 32];
    expect(parseTrackingCode(wrong)).toBeNull();
    expect(parseTrackingCode(c.slice(0, 11))).toBeNull();
    expect(parseTrackingCode(c + '0')).toBeNull();
    expect(parseTrackingCode('U' + c.slice(1))).toBeNull();
    expect(parseTrackingCode(c.slice(0, 11) + '*')).toBeNull();
    expect(parseTrackingCode('')).toBeNull();
    expect(() => formatTrackingCode(wrong)).toThrow(TypeError);
  });
});

/** A valid code whose body starts with the given symbols. */
function trackingBodyWith(...prefix: string[]): string {
  const body = (prefix.join('') + '23456789ABC').slice(0, 11);
  return body + trackingCheckSymbol(body);
}
