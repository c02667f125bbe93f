import { describe, it, expect } from 'vitest';
import { ageOn, checkCitizenId, checkIdentity, checkUscc, citizenCheckChar, maskIdNumber, maskName, usccCheckChar } from './identity.ts';

describe('citizen ID numbers (GB 11643-1999)', () => {
  it('accepts the standard example 11010519491231002X and reads its birth date', () => {
    expect(checkCitizenId('11010519491231002X')).toEqual({
      ok: true,
      kind: 'citizen',
      normalized: '11010519491231002X',
      birthDate: '1949-12-31',
    });
  });

  it('accepts 440524188001010014, born in 1880', () => {
    const check = checkCitizenId('440524188001010014');
    expect(check.ok).toBe(true);
    expect(check.ok && check.birthDate).toBe('1880-01-01');
  });

  it('computes the check character with weights 7 9 10 5 8 4 2 1 6 3 … modulo 11', () => {
    expect(citizenCheckChar('11010519491231002')).toBe('X');
    expect(citizenCheckChar('44052418800101001')).toBe('4');
  });

  it('accepts a lower-case x and normalises it to X', () => {
    const check = checkCitizenId(' 11010519491231002x ');
    expect(check.ok && check.normalized).toBe('11010519491231002X');
  });

  it('refuses a number whose check digit was changed', () => {
    expect(checkCitizenId('110105194912310021')).toMatchObject({ ok: false, code: 'INVALID_ID_NUMBER' });
    expect(checkCitizenId('440524188001010015')).toMatchObject({ ok: false, code: 'INVALID_ID_NUMBER' });
  });

  it('refuses an impossible birth date even when the check digit matches', () => {
    for (const first17 of ['11010519490230002', '11010519491301002', '11010518000101002']) {
      const value = first17 + citizenCheckChar(first17);
      expect(checkCitizenId(value), value).toMatchObject({ ok: false, code: 'INVALID_ID_NUMBER', message: expect.stringMatching(/birth date/) });
    }
  });

  it('refuses wrong shapes: too short, letters inside, or no region code', () => {
    expect(checkCitizenId('11010519491231002').ok).toBe(false);
    expect(checkCitizenId('1101051949123100AX').ok).toBe(false);
    const zeroRegion = '01010519491231002';
    expect(checkCitizenId(zeroRegion + citizenCheckChar(zeroRegion))).toMatchObject({ ok: false, message: expect.stringMatching(/region/) });
  });
});

describe('unified social credit codes (GB 32100-2015)', () => {
  it('accepts the standard example 91350100M000100Y43: its check character computes to 3', () => {
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(checkUscc('91350100M000100Y43')).toEqual({ ok: true, kind: 'uscc', normalized: '91350100M000100Y43' });
  });

  it('gives check character 0 when the weighted sum is a multiple of 31', () => {
    expect(usccCheckChar('91350100M000100Y3')).toBe('0');
    expect(checkUscc('91350100M000100Y30').ok).toBe(true);
  });

  it('accepts lower case and surrounding spaces', () => {
    expect(checkUscc(' 91350100m000100y43 ')).toMatchObject({ ok: true, normalized: '91350100M000100Y43' });
  });

  it('refuses a wrong check character', () => {
    expect(checkUscc('91350100M000100Y44')).toMatchObject({ ok: false, code: 'INVALID_USCC', message: expect.stringMatching(/check character/) });
  });

  it.each(['I', 'O', 'S', 'V', 'Z'])('refuses a code containing %s, a letter the standard never uses', (letter) => {
    const code = `91350100${letter}000100Y43`;
    expect(checkUscc(code)).toMatchObject({ ok: false, code: 'INVALID_USCC', message: expect.stringContaining(`"${letter}"`) });
  });

  it('refuses a code that is not 18 characters long', () => {
    expect(checkUscc('91350100M000100Y4')).toMatchObject({ ok: false, code: 'INVALID_USCC' });
  });

  it('gives a converted organisation code, all digits in its body, a letter check character', () => {
    expect(usccCheckChar('91110000100010433')).toBe('L');
  });
});

describe('telling an ID number from a credit code', () => {
  it.each([
    ['11010519491231002X', 'a citizen number: 17 digits and X', { ok: true, kind: 'citizen' }],
    ['91350100M000100Y43', 'a credit code: letters in its body', { ok: true, kind: 'uscc' }],
    ['91350100M000100Y44', 'a credit code with a wrong check character', { ok: false, code: 'INVALID_USCC' }],
    // Companies that converted an old organisation code have all-digit bodies; only the check character is a letter.
    ['91110000100010433L', 'a credit code: an all-digit body and a letter check character', { ok: true, kind: 'uscc', normalized: '91110000100010433L' }],
    ['91110000100010433M', 'a credit code: an all-digit body with a wrong letter check character', { ok: false, code: 'INVALID_USCC' }],
    ['913501001000010004', 'a credit code: 18 digits that are no valid citizen number', { ok: true, kind: 'uscc' }],
    ['110105194912310021', 'a mistyped citizen number, an ID number error and not a credit code error', { ok: false, code: 'INVALID_ID_NUMBER' }],
    ['1101051949', 'a citizen number cut short, an ID number error', { ok: false, code: 'INVALID_ID_NUMBER' }],
  ] as const)('reads %s as %s', (value, _reading, expected) => {
    expect(checkIdentity(value)).toMatchObject(expected);
  });
});

describe('age from a birth date', () => {
  it('counts whole years, turning a year older on the birthday itself', () => {
    expect(ageOn('1949-12-31', '2026-11-23')).toBe(76);
    expect(ageOn('1961-11-23', '2026-11-23')).toBe(65);
    expect(ageOn('1961-11-24', '2026-11-23')).toBe(64);
  });

  it('makes someone born on 29 February a year older on 1 March in a common year', () => {
    expect(ageOn('2000-02-29', '2001-02-28')).toBe(0);
    expect(ageOn('2000-02-29', '2001-03-01')).toBe(1);
  });
});

describe('masking personal data', () => {
  it('keeps the first three and last four characters of an ID number', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110***********002X');
    expect(maskIdNumber('91350100M000100Y43')).toBe('913***********0Y43');
  });

  it('hides a value too short to mask partly', () => {
    expect(maskIdNumber('1234567')).toBe('*******');
  });

  it('keeps only the family name', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('Li Lei')).toBe('L*****');
  });

  it('never shows a one-character name whole', () => {
    expect(maskName('李')).toBe('李*');
    expect(maskName('  ')).toBe('');
  });
});
