/**
 * Byte layouts of the 256-byte UCS-2LE text block, one per card type; the
 * type flag at offset 248 chooses which. Shared by the decoder and the
 * simulator's encoder so the two cannot drift apart.
 *
 * Resident card: GA 467 / the public reader manuals (name 30, gender 2,
 * nation 4, birth 16, address 70, number 36, issuer 30, from 16, to 16,
 * reserved 36). Foreign permanent resident card 2017 ('I') and HK/Macao/Taiwan
 * residence permit ('J'): the machine-readable rules the Ministry published
 * with those cards, as reproduced in reader vendors' SDK manuals. 2023
 * foreign card ('Y'): the National Immigration Administration's 2023
 * machine-readable rules, which align the fields with the resident card.
 */
export interface Field {
  offset: number;
  length: number;
}

export const TEXT_BLOCK_LENGTH = 256;
export const TYPE_FLAG: Field = { offset: 248, length: 2 };

export const RESIDENT = {
  name: { offset: 0, length: 30 },
  gender: { offset: 30, length: 2 },
  nation: { offset: 32, length: 4 },
  birthDate: { offset: 36, length: 16 },
  address: { offset: 52, length: 70 },
  idNumber: { offset: 122, length: 36 },
  issuer: { offset: 158, length: 30 },
  validFrom: { offset: 188, length: 16 },
  validTo: { offset: 204, length: 16 },
} as const satisfies Record<string, Field>;

export const FOREIGN_2017 = {
  englishName: { offset: 0, length: 120 },
  gender: { offset: 120, length: 2 },
  idNumber: { offset: 122, length: 30 },
  nationality: { offset: 152, length: 6 },
  name: { offset: 158, length: 30 },
  validFrom: { offset: 188, length: 16 },
  validTo: { offset: 204, length: 16 },
  birthDate: { offset: 220, length: 16 },
  cardVersion: { offset: 236, length: 4 },
  authorityCode: { offset: 240, length: 8 },
} as const satisfies Record<string, Field>;

export const FOREIGN_2023 = {
  name: { offset: 0, length: 30 },
  gender: { offset: 30, length: 2 },
  renewalCount: { offset: 32, length: 4 },
  birthDate: { offset: 36, length: 16 },
  englishName: { offset: 52, length: 70 },
  idNumber: { offset: 122, length: 36 },
  issuer: { offset: 158, length: 30 },
  validFrom: { offset: 188, length: 16 },
  validTo: { offset: 204, length: 16 },
  /** Long English names continue here. */
  englishNameMore: { offset: 220, length: 22 },
  nationality: { offset: 242, length: 6 },
  previousCardLink: { offset: 250, length: 6 },
} as const satisfies Record<string, Field>;

export const HMT = {
  name: { offset: 0, length: 30 },
  gender: { offset: 30, length: 2 },
  birthDate: { offset: 36, length: 16 },
  address: { offset: 52, length: 70 },
  idNumber: { offset: 122, length: 36 },
  issuer: { offset: 158, length: 30 },
  validFrom: { offset: 188, length: 16 },
  validTo: { offset: 204, length: 16 },
  passNumber: { offset: 220, length: 18 },
  issueCount: { offset: 238, length: 4 },
} as const satisfies Record<string, Field>;

export const TYPE_FLAGS = { foreign: 'I', foreign2023: 'Y', hmt: 'J' } as const;
