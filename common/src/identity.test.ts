import { describe, expect, it } from 'vitest';
import { citizenCheckChar, hasCitizenCheckChar, hasUsccCheckChar, maskAddress, maskIdNumber, maskName, usccCheckChar } from './identity.ts';

describe('check characters', () => {
  it('GB 11643: the standard’s own example number checks, and any single changed digit does not', () => {
    expect(citizenCheckChar('11010519491231002')).toBe('X');
    expect(hasCitizenCheckChar('11010519491231002X')).toBe(true);
    for (let i = 0; i < 17; i++) {
      const changed = '11010519491231002'.slice(0, i) + String((Number('11010519491231002'[i]) + 1) % 10) + '11010519491231002'.slice(i + 1);
      expect(hasCitizenCheckChar(changed + 'X')).toBe(false);
    }
    expect(hasCitizenCheckChar('11010519491231002x')).toBe(false);
  });

  it('GB 32100: a credit code checks, a changed character does not, and letters outside the alphabet are refused', () => {
    const code = '91330100MA28ABCD3' + usccCheckChar('91330100MA28ABCD3');
    expect(hasUsccCheckChar(code)).toBe(true);
    expect(hasUsccCheckChar(code.slice(0, 5) + (code[5] === '0' ? '1' : '0') + code.slice(6))).toBe(false);
    expect(() => usccCheckChar('91330100IA28ABCD3')).toThrow(TypeError);
  });
});

describe('one masking rule for every screen, log and ticket', () => {
  it.each([
    ['110101199003078814', '110***********8814'],
    ['91330100MA28ABCD35', '913***********CD35'],
    ['A1234567', 'A12*4567'],
    ['1234567', '*******'],
    ['', ''],
  ])('an ID number %s shows as %s', (value, masked) => {
    expect(maskIdNumber(value)).toBe(masked);
  });

  it('a name keeps its first character, an address its first three', () => {
    expect([maskName('张三丰'), maskName(' 张三 '), maskName('Li Lei'), maskName('')]).toEqual(['张**', '张*', 'L*****', '']);
    expect([maskAddress('北京市东城区'), maskAddress('北京')]).toEqual(['北京市***', '**']);
  });
});
