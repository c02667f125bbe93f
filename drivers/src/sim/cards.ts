/**
 * Fictional cards for the simulator, one per card type. Names and addresses
 * are made up (示例 = "example"); the numbers carry valid GB 11643 check
 * digits so that they pass the same checks as real cards.
 */
import type { CardType, IdCard } from '../idcard/types.ts';

export const SAMPLE_CARDS: Readonly<Record<CardType, IdCard>> = {
  resident: {
    cardType: 'resident',
    name: '张示例',
    gender: 'male',
    nation: '汉',
    birthDate: '1990-03-07',
    address: '北京市东城区示例街道示例胡同1号',
    idNumber: '110101199003078814',
    issuer: '北京市公安局东城分局',
    validFrom: '2015-06-01',
    validTo: '2035-06-01',
  },
  foreign: {
    cardType: 'foreign',
    name: '史密斯',
    englishName: 'SMITH, JOHN EXAMPLE',
    gender: 'male',
    nationality: 'USA',
    birthDate: '1985-06-15',
    idNumber: 'USA110850615001',
    validFrom: '2019-01-10',
    validTo: '2029-01-10',
  },
  foreign2023: {
    cardType: 'foreign2023',
    name: '',
    englishName: 'MUELLER-EXAMPLE, ANNA MARIA KATHARINA SOPHIE',
    gender: 'female',
    nationality: 'DEU',
    birthDate: '1985-06-15',
    idNumber: '911840198506151233',
    issuer: '国家移民管理局',
    validFrom: '2024-02-01',
    validTo: '2034-02-01',
  },
  hmt: {
    cardType: 'hmt',
    name: '陈示例',
    gender: 'female',
    birthDate: '1988-05-12',
    address: '广东省深圳市福田区示例路8号',
    idNumber: '810000198805120024',
    passNumber: 'H12345678',
    issuer: '深圳市公安局',
    validFrom: '2020-09-01',
    validTo: '2025-09-01',
  },
};

/** A stand-in for the WLT photo: fixed pseudo-random bytes of the right size. */
export function samplePhoto(seed = 1): Uint8Array {
  const out = new Uint8Array(1024);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < out.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  // Real WLT data starts with the format tag "WLf".
  out.set([0x57, 0x4c, 0x66], 0);
  return out;
}
