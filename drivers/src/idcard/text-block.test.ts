import { describe, expect, it } from 'vitest';
import { SAMPLE_CARDS } from '../sim/cards.ts';
import { encodeTextBlock, writeField } from '../sim/text-block-encode.ts';
import { FOREIGN_2017, FOREIGN_2023, HMT, RESIDENT, TYPE_FLAG } from './layouts.ts';
import { NATIONS, nationName } from './nations.ts';
import { TextBlockError, cardTypeOf, decodeTextBlock, isoDate } from './text-block.ts';

/** Builds a block by hand from (field, value) pairs, independent of the encoder. */
function block(fields: [{ offset: number; length: number }, string][], flag?: string): Uint8Array {
  const b = new Uint8Array(256);
  writeField(b, { offset: 0, length: 256 }, '');
  for (const [f, v] of fields) writeField(b, f, v);
  if (flag) writeField(b, { offset: 248, length: 2 }, flag);
  return b;
}

const RESIDENT_BLOCK = block([
  [RESIDENT.name, '李华'],
  [RESIDENT.gender, '2'],
  [RESIDENT.nation, '03'],
  [RESIDENT.birthDate, '19491231'],
  [RESIDENT.address, '北京市西城区示例大街2号'],
  [RESIDENT.idNumber, '11010519491231002X'],
  [RESIDENT.issuer, '北京市公安局西城分局'],
  [RESIDENT.validFrom, '20200101'],
  [RESIDENT.validTo, '长期'],
]);

describe('text block: resident card', () => {
  it('decodes every field at its GA 467 offset', () => {
    expect(decodeTextBlock(RESIDENT_BLOCK)).toEqual({
      cardType: 'resident',
      name: '李华',
      gender: 'female',
      nation: '回',
      birthDate: '1949-12-31',
      address: '北京市西城区示例大街2号',
      idNumber: '11010519491231002X',
      issuer: '北京市公安局西城分局',
      validFrom: '2020-01-01',
      validTo: 'long-term',
    });
  });

  it('a block with spaces or zeros at offset 248 is a resident card', () => {
    expect(cardTypeOf(RESIDENT_BLOCK)).toBe('resident');
    const zeroed = RESIDENT_BLOCK.slice();
    zeroed.fill(0, 220);
    expect(cardTypeOf(zeroed)).toBe('resident');
  });

  it('a wrong ID check digit is a TextBlockError on idNumber', () => {
    const bad = RESIDENT_BLOCK.slice();
    writeField(bad, RESIDENT.idNumber, '110105194912310021');
    expect(() => decodeTextBlock(bad)).toThrow(TextBlockError);
    try {
      decodeTextBlock(bad);
    } catch (e) {
      expect((e as TextBlockError).field).toBe('idNumber');
    }
  });

  it('an unknown nation code, gender code or impossible date is a TextBlockError', () => {
    for (const [f, v] of [
      [RESIDENT.nation, '77'],
      [RESIDENT.gender, '9'],
      [RESIDENT.birthDate, '19490230'],
      [RESIDENT.validTo, '2035'],
    ] as const) {
      const bad = RESIDENT_BLOCK.slice();
      writeField(bad, f, v);
      expect(() => decodeTextBlock(bad)).toThrow(TextBlockError);
    }
  });

  it('a block of the wrong size is a TextBlockError', () => {
    expect(() => decodeTextBlock(RESIDENT_BLOCK.subarray(0, 255))).toThrow(TextBlockError);
  });
});

const FOREIGN_2017_BLOCK = block(
  [
    [FOREIGN_2017.englishName, 'SMITH, JANE'],
    [FOREIGN_2017.gender, '2'],
    [FOREIGN_2017.idNumber, 'GBR310900101001'],
    [FOREIGN_2017.nationality, 'GBR'],
    [FOREIGN_2017.name, '史简'],
    [FOREIGN_2017.validFrom, '20180301'],
    [FOREIGN_2017.validTo, '20280301'],
    [FOREIGN_2017.birthDate, '19900101'],
    [FOREIGN_2017.cardVersion, '20'],
    [FOREIGN_2017.authorityCode, '3100'],
  ],
  'I',
);

describe('text block: foreign permanent resident card 2017 (I)', () => {
  it('decodes English and Chinese names, nationality and the 15-character number', () => {
    expect(decodeTextBlock(FOREIGN_2017_BLOCK)).toEqual({
      cardType: 'foreign',
      name: '史简',
      englishName: 'SMITH, JANE',
      gender: 'female',
      nationality: 'GBR',
      birthDate: '1990-01-01',
      idNumber: 'GBR310900101001',
      validFrom: '2018-03-01',
      validTo: '2028-03-01',
    });
  });

  it('a holder without a Chinese name gets an empty name', () => {
    const b = FOREIGN_2017_BLOCK.slice();
    writeField(b, FOREIGN_2017.name, '');
    expect(decodeTextBlock(b).name).toBe('');
  });

  it('a number that is not 3 letters and 12 digits is rejected', () => {
    const b = FOREIGN_2017_BLOCK.slice();
    writeField(b, FOREIGN_2017.idNumber, 'GB1310900101001');
    expect(() => decodeTextBlock(b)).toThrow(TextBlockError);
  });
});

const FOREIGN_2023_BLOCK = block(
  [
    [FOREIGN_2023.name, '安娜'],
    [FOREIGN_2023.gender, '2'],
    [FOREIGN_2023.renewalCount, '00'],
    [FOREIGN_2023.birthDate, '19850615'],
    [FOREIGN_2023.englishName, 'MUELLER-EXAMPLE, ANNA MARIA KATHARI'],
    [FOREIGN_2023.englishNameMore, 'NA SOPHIE'],
    [FOREIGN_2023.idNumber, '911840198506151233'],
    [FOREIGN_2023.issuer, '国家移民管理局'],
    [FOREIGN_2023.validFrom, '20240201'],
    [FOREIGN_2023.validTo, '20340201'],
    [FOREIGN_2023.nationality, 'DEU'],
  ],
  'Y',
);

describe('text block: foreign permanent resident card 2023 (Y)', () => {
  it('joins the English name across its two fields, keeping a space at the seam', () => {
    const b = FOREIGN_2023_BLOCK.slice();
    writeField(b, FOREIGN_2023.englishName, 'MUELLER-EXAMPLE, ANNA MARIA KATHAR ');
    writeField(b, FOREIGN_2023.englishNameMore, 'SOPHIE');
    expect(decodeTextBlock(b).englishName).toBe('MUELLER-EXAMPLE, ANNA MARIA KATHAR SOPHIE');
  });

  it('decodes the 18-digit number and the fields aligned with the resident card', () => {
    // The simulator's 2023 card, whose holder here also has a Chinese name.
    expect(decodeTextBlock(FOREIGN_2023_BLOCK)).toEqual({ ...SAMPLE_CARDS.foreign2023, name: '安娜' });
  });

  it('a 2023 number not starting with 9 or with a wrong check digit is rejected', () => {
    for (const id of ['110101199003078814', '911840198506151234']) {
      const b = FOREIGN_2023_BLOCK.slice();
      writeField(b, FOREIGN_2023.idNumber, id);
      expect(() => decodeTextBlock(b)).toThrow(TextBlockError);
    }
  });
});

const HMT_BLOCK = block(
  [
    [HMT.name, '陈示例'],
    [HMT.gender, '1'],
    [HMT.birthDate, '19880512'],
    [HMT.address, '广东省深圳市示例路8号'],
    [HMT.idNumber, '810000198805120024'],
    [HMT.issuer, '深圳市公安局'],
    [HMT.validFrom, '20200901'],
    [HMT.validTo, '20250901'],
    [HMT.passNumber, 'H12345678'],
    [HMT.issueCount, '01'],
  ],
  'J',
);

describe('text block: HK/Macao/Taiwan residence permit (J)', () => {
  it('decodes the permit number and leaves out the nation', () => {
    const card = decodeTextBlock(HMT_BLOCK);
    expect(card).toEqual({
      cardType: 'hmt',
      name: '陈示例',
      gender: 'male',
      birthDate: '1988-05-12',
      address: '广东省深圳市示例路8号',
      idNumber: '810000198805120024',
      passNumber: 'H12345678',
      issuer: '深圳市公安局',
      validFrom: '2020-09-01',
      validTo: '2025-09-01',
    });
    expect(card.nation).toBeUndefined();
  });
});

describe('layouts', () => {
  it('each field lies where the manuals put it, counted from the lengths before it', () => {
    expect(RESIDENT.idNumber).toEqual({ offset: 122, length: 36 });
    expect(RESIDENT.validTo).toEqual({ offset: 204, length: 16 });
    expect(FOREIGN_2017.authorityCode).toEqual({ offset: 240, length: 8 });
    expect(FOREIGN_2023.englishNameMore).toEqual({ offset: 220, length: 22 });
    expect(FOREIGN_2023.typeFlag).toEqual(TYPE_FLAG);
    expect(FOREIGN_2023.previousCardLink).toEqual({ offset: 250, length: 6 });
    expect(HMT.birthDate).toEqual({ offset: 36, length: 16 });
    expect(HMT.issueCount).toEqual({ offset: 238, length: 4 });
  });
});

describe('text block encoder', () => {
  it.each(Object.values(SAMPLE_CARDS))('the simulator card $cardType decodes to itself', (card) => {
    expect(decodeTextBlock(encodeTextBlock(card))).toEqual(card);
  });

  it.each([
    ['resident', RESIDENT_BLOCK, {}],
    ['foreign', FOREIGN_2017_BLOCK, { authorityCode: '3100' }],
    ['foreign2023', FOREIGN_2023_BLOCK, {}],
    ['hmt', HMT_BLOCK, {}],
  ] as const)('writes a decoded %s card back to the very bytes it was read from', (_cardType, raw, extras) => {
    expect(encodeTextBlock(decodeTextBlock(raw), extras)).toEqual(raw);
  });
});

describe('nations and dates', () => {
  it('there are 56 nation names, 01 汉 to 56 基诺', () => {
    expect(NATIONS.size).toBe(56);
    expect(new Set(NATIONS.values()).size).toBe(56);
    expect(nationName('01')).toBe('汉');
    expect(nationName('56')).toBe('基诺');
    expect(nationName('57')).toBeUndefined();
  });

  it('isoDate accepts 29 February only in leap years', () => {
    expect(isoDate('20240229')).toBe('2024-02-29');
    expect(isoDate('20230229')).toBeUndefined();
    expect(isoDate('2023022')).toBeUndefined();
  });
});
