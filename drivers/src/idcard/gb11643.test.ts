import { describe, expect, it } from 'vitest';
import { idNumberCheckDigit, isValidIdNumber } from './gb11643.ts';

describe('GB 11643 check digit', () => {
  it.each([
    // The worked examples printed in GB 11643-1999.
    ['11010519491231002X'],
    ['440524188001010014'],
    // HK residence permit and 2023 foreign permanent-resident style numbers.
    ['810000198805120024'],
    ['911840198506151233'],
  ])('%s is accepted', (id) => {
    expect(isValidIdNumber(id)).toBe(true);
  });

  it('a wrong check digit is rejected', () => {
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('440524188001010015')).toBe(false);
  });

  it('a lower-case x, a wrong length or letters in the body are rejected', () => {
    expect(isValidIdNumber('11010519491231002x')).toBe(false);
    expect(isValidIdNumber('11010519491231002')).toBe(false);
    expect(isValidIdNumber('1101051949123100A2X')).toBe(false);
    expect(isValidIdNumber('')).toBe(false);
  });

  it('every single-digit change of a valid number is caught', () => {
    const id = '440524188001010014';
    for (let i = 0; i < 17; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === id[i]) continue;
        expect(isValidIdNumber(id.slice(0, i) + d + id.slice(i + 1))).toBe(false);
      }
    }
  });

  it('idNumberCheckDigit wants exactly 17 digits', () => {
    expect(idNumberCheckDigit('11010519491231002')).toBe('X');
    expect(() => idNumberCheckDigit('1101051949123100')).toThrow(TypeError);
  });
});
