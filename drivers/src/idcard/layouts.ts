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

/**
 * A layout written as the manuals list it: the fields in their order on the
 * chip with their lengths in bytes, each starting where the one before ends.
 */
function fieldsInOrder<const L extends Record<string, number>>(lengths: L): { readonly [K in keyof L]: Field } {
  const fields: Record<string, Field> = {};
  let offset = 0;
  for (const [name, length] of Object.entries(lengths)) {
    fields[name] = { offset, length };
    offset += length;
  }
  return fields as { readonly [K in keyof L]: Field };
}

/** Where the resident card and the HK/Macao/Taiwan permit agree: from the birth date to the end of validity. */
const BIRTH_TO_VALIDITY = { birthDate: 16, address: 70, idNumber: 36, issuer: 30, validFrom: 16, validTo: 16 } as const;

export const RESIDENT = fieldsInOrder({ name: 30, gender: 2, nation: 4, ...BIRTH_TO_VALIDITY });

export const FOREIGN_2017 = fieldsInOrder({
  englishName: 120,
  gender: 2,
  idNumber: 30,
  nationality: 6,
  name: 30,
  validFrom: 16,
  validTo: 16,
  birthDate: 16,
  cardVersion: 4,
  authorityCode: 8,
});

export const FOREIGN_2023 = fieldsInOrder({
  name: 30,
  gender: 2,
  renewalCount: 4,
  birthDate: 16,
  englishName: 70,
  idNumber: 36,
  issuer: 30,
  validFrom: 16,
  validTo: 16,
  /** Long English names continue here. */
  englishNameMore: 22,
  nationality: 6,
  typeFlag: TYPE_FLAG.length,
  previousCardLink: 6,
});

export const HMT = fieldsInOrder({
  name: 30,
  gender: 2,
  /** Where the resident card keeps the nation. */
  reserved: 4,
  ...BIRTH_TO_VALIDITY,
  passNumber: 18,
  issueCount: 4,
});

export const TYPE_FLAGS = { foreign: 'I', foreign2023: 'Y', hmt: 'J' } as const;
