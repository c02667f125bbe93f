/**
 * Decodes the 256-byte text block a GA 467 reader returns into card fields
 * (pure). Strings are UCS-2LE, padded with spaces; dates are YYYYMMDD; the
 * end of validity may read 长期 (no expiry).
 */
import { DriverError, marked } from '../errors.ts';
import { isValidIdNumber } from './gb11643.ts';
import { FOREIGN_2017, FOREIGN_2023, HMT, RESIDENT, TEXT_BLOCK_LENGTH, TYPE_FLAG, TYPE_FLAGS, type Field } from './layouts.ts';
import { nationName } from './nations.ts';
import type { CardType, Gender, IdCard } from './types.ts';

export class TextBlockError extends marked(DriverError, 'badTextBlock') {
  /** The field that failed, e.g. `idNumber`. */
  declare readonly field: string;
  constructor(field: string, why: string) {
    super('GA467_BAD_TEXT', `card text field ${field}: ${why}`, { details: { field } });
  }
}

const utf16 = new TextDecoder('utf-16le');

function rawField(block: Uint8Array, field: Field): string {
  return utf16.decode(block.subarray(field.offset, field.offset + field.length));
}

export function readField(block: Uint8Array, field: Field): string {
  return rawField(block, field).replace(/^[\s\u0000]+|[\s\u0000]+$/gu, '');
}

export function cardTypeOf(block: Uint8Array): CardType {
  const flag = readField(block, TYPE_FLAG);
  if (flag === TYPE_FLAGS.foreign) return 'foreign';
  if (flag === TYPE_FLAGS.foreign2023) return 'foreign2023';
  if (flag === TYPE_FLAGS.hmt) return 'hmt';
  // Resident cards leave offset 248 in the reserved area: spaces or zeros.
  return 'resident';
}

export function decodeTextBlock(block: Uint8Array): IdCard {
  if (block.length !== TEXT_BLOCK_LENGTH) throw new TextBlockError('block', `expected ${TEXT_BLOCK_LENGTH} bytes, got ${block.length}`);
  const cardType = cardTypeOf(block);
  const f = (field: Field) => readField(block, field);
  switch (cardType) {
    case 'resident':
      return {
        cardType,
        name: required('name', f(RESIDENT.name)),
        ...everyCardFields(block, RESIDENT),
        nation: nation(f(RESIDENT.nation)),
        address: f(RESIDENT.address),
        idNumber: checkedIdNumber(f(RESIDENT.idNumber)),
        issuer: f(RESIDENT.issuer),
      };
    case 'foreign': {
      const idNumber = f(FOREIGN_2017.idNumber);
      // The 2017 number is 3 letters (nationality) and 12 digits, without a check digit.
      if (!/^[A-Z]{3}\d{12}$/.test(idNumber)) throw new TextBlockError('idNumber', 'not a 2017 permanent-resident number (3 letters, 12 digits)');
      return {
        cardType,
        name: f(FOREIGN_2017.name),
        englishName: required('englishName', f(FOREIGN_2017.englishName)),
        ...everyCardFields(block, FOREIGN_2017),
        nationality: nationality(f(FOREIGN_2017.nationality)),
        idNumber,
      };
    }
    case 'foreign2023': {
      const idNumber = checkedIdNumber(f(FOREIGN_2023.idNumber));
      if (!idNumber.startsWith('9')) throw new TextBlockError('idNumber', 'a 2023 permanent-resident number starts with 9');
      // A long name fills the first field completely and runs on; join before trimming
      // so a space at the seam survives.
      const english = rawField(block, FOREIGN_2023.englishName) + rawField(block, FOREIGN_2023.englishNameMore);
      const card: IdCard = {
        cardType,
        name: f(FOREIGN_2023.name),
        englishName: required('englishName', english.replace(/^[\s\u0000]+|[\s\u0000]+$/gu, '')),
        ...everyCardFields(block, FOREIGN_2023),
        nationality: nationality(f(FOREIGN_2023.nationality)),
        idNumber,
      };
      const issuer = f(FOREIGN_2023.issuer);
      if (issuer) card.issuer = issuer;
      return card;
    }
    case 'hmt':
      return {
        cardType,
        name: required('name', f(HMT.name)),
        ...everyCardFields(block, HMT),
        address: f(HMT.address),
        idNumber: checkedIdNumber(f(HMT.idNumber)),
        passNumber: required('passNumber', f(HMT.passNumber)),
        issuer: f(HMT.issuer),
      };
  }
}

/** The fields every card type holds and decodes alike, each read at its own layout's place. */
function everyCardFields(
  block: Uint8Array,
  layout: Record<'gender' | 'birthDate' | 'validFrom' | 'validTo', Field>,
): Pick<IdCard, 'gender' | 'birthDate' | 'validFrom' | 'validTo'> {
  return {
    gender: gender(readField(block, layout.gender)),
    birthDate: date('birthDate', readField(block, layout.birthDate)),
    validFrom: date('validFrom', readField(block, layout.validFrom)),
    validTo: validTo(readField(block, layout.validTo)),
  };
}

function required(field: string, value: string): string {
  if (!value) throw new TextBlockError(field, 'empty');
  return value;
}

function gender(code: string): Gender {
  if (code === '1') return 'male';
  if (code === '2') return 'female';
  throw new TextBlockError('gender', `unknown code ${JSON.stringify(code)}`);
}

function nation(code: string): string {
  const name = nationName(code);
  if (!name) throw new TextBlockError('nation', `unknown GB 3304 code ${JSON.stringify(code)}`);
  return name;
}

function nationality(code: string): string {
  if (!/^[A-Z]{3}$|^\d{3}$/.test(code)) throw new TextBlockError('nationality', `not a 3-character country code: ${JSON.stringify(code)}`);
  return code;
}

function checkedIdNumber(id: string): string {
  if (!isValidIdNumber(id)) throw new TextBlockError('idNumber', 'fails the GB 11643 check digit');
  return id;
}

/** YYYYMMDD → YYYY-MM-DD, rejecting impossible dates such as 20230230. */
export function isoDate(raw: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return undefined;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

function date(field: string, raw: string): string {
  const iso = isoDate(raw);
  if (!iso) throw new TextBlockError(field, `not a YYYYMMDD date: ${JSON.stringify(raw)}`);
  return iso;
}

function validTo(raw: string): string {
  if (raw === '长期') return 'long-term';
  return date('validTo', raw);
}
