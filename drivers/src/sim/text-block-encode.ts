/**
 * Builds 256-byte text blocks from card fields: what a card's chip would
 * hold. The inverse of decodeTextBlock, for the simulator and for tests.
 */
import { FOREIGN_2017, FOREIGN_2023, HMT, RESIDENT, TEXT_BLOCK_LENGTH, TYPE_FLAG, TYPE_FLAGS, type Field } from '../idcard/layouts.ts';
import { nationCode } from '../idcard/nations.ts';
import type { IdCard } from '../idcard/types.ts';

/** Fields a card stores that the decoded output leaves out. */
export interface CardExtras {
  cardVersion?: string;
  authorityCode?: string;
  renewalCount?: string;
  issueCount?: string;
  previousCardLink?: string;
}

export function writeField(block: Uint8Array, field: Field, value: string): void {
  const chars = field.length / 2;
  if (value.length > chars) throw new TypeError(`${JSON.stringify(value)} does not fit in ${chars} characters`);
  const padded = value.padEnd(chars, ' ');
  for (let i = 0; i < chars; i++) {
    const code = padded.charCodeAt(i);
    block[field.offset + 2 * i] = code & 0xff;
    block[field.offset + 2 * i + 1] = code >> 8;
  }
}

function yyyymmdd(iso: string): string {
  if (iso === 'long-term') return '长期';
  return iso.replaceAll('-', '');
}

const genderCode = (g: IdCard['gender']) => (g === 'male' ? '1' : '2');

export function encodeTextBlock(card: IdCard, extras: CardExtras = {}): Uint8Array {
  const block = new Uint8Array(TEXT_BLOCK_LENGTH);
  writeField(block, { offset: 0, length: TEXT_BLOCK_LENGTH }, '');
  switch (card.cardType) {
    case 'resident': {
      const code = nationCode(card.nation ?? '');
      if (!code) throw new TypeError(`unknown nation ${JSON.stringify(card.nation)}`);
      writeField(block, RESIDENT.name, card.name);
      writeField(block, RESIDENT.gender, genderCode(card.gender));
      writeField(block, RESIDENT.nation, code);
      writeField(block, RESIDENT.birthDate, yyyymmdd(card.birthDate));
      writeField(block, RESIDENT.address, card.address ?? '');
      writeField(block, RESIDENT.idNumber, card.idNumber);
      writeField(block, RESIDENT.issuer, card.issuer ?? '');
      writeField(block, RESIDENT.validFrom, yyyymmdd(card.validFrom));
      writeField(block, RESIDENT.validTo, yyyymmdd(card.validTo));
      break;
    }
    case 'foreign': {
      writeField(block, FOREIGN_2017.englishName, card.englishName ?? '');
      writeField(block, FOREIGN_2017.gender, genderCode(card.gender));
      writeField(block, FOREIGN_2017.idNumber, card.idNumber);
      writeField(block, FOREIGN_2017.nationality, card.nationality ?? '');
      writeField(block, FOREIGN_2017.name, card.name);
      writeField(block, FOREIGN_2017.validFrom, yyyymmdd(card.validFrom));
      writeField(block, FOREIGN_2017.validTo, yyyymmdd(card.validTo));
      writeField(block, FOREIGN_2017.birthDate, yyyymmdd(card.birthDate));
      writeField(block, FOREIGN_2017.cardVersion, extras.cardVersion ?? '20');
      writeField(block, FOREIGN_2017.authorityCode, extras.authorityCode ?? '1100');
      writeField(block, TYPE_FLAG, TYPE_FLAGS.foreign);
      break;
    }
    case 'foreign2023': {
      const english = card.englishName ?? '';
      const first = FOREIGN_2023.englishName.length / 2;
      writeField(block, FOREIGN_2023.name, card.name);
      writeField(block, FOREIGN_2023.gender, genderCode(card.gender));
      writeField(block, FOREIGN_2023.renewalCount, extras.renewalCount ?? '00');
      writeField(block, FOREIGN_2023.birthDate, yyyymmdd(card.birthDate));
      writeField(block, FOREIGN_2023.englishName, english.slice(0, first));
      writeField(block, FOREIGN_2023.englishNameMore, english.slice(first));
      writeField(block, FOREIGN_2023.idNumber, card.idNumber);
      writeField(block, FOREIGN_2023.issuer, card.issuer ?? '');
      writeField(block, FOREIGN_2023.validFrom, yyyymmdd(card.validFrom));
      writeField(block, FOREIGN_2023.validTo, yyyymmdd(card.validTo));
      writeField(block, FOREIGN_2023.nationality, card.nationality ?? '');
      writeField(block, TYPE_FLAG, TYPE_FLAGS.foreign2023);
      writeField(block, FOREIGN_2023.previousCardLink, extras.previousCardLink ?? '');
      break;
    }
    case 'hmt': {
      writeField(block, HMT.name, card.name);
      writeField(block, HMT.gender, genderCode(card.gender));
      writeField(block, HMT.birthDate, yyyymmdd(card.birthDate));
      writeField(block, HMT.address, card.address ?? '');
      writeField(block, HMT.idNumber, card.idNumber);
      writeField(block, HMT.issuer, card.issuer ?? '');
      writeField(block, HMT.validFrom, yyyymmdd(card.validFrom));
      writeField(block, HMT.validTo, yyyymmdd(card.validTo));
      writeField(block, HMT.passNumber, card.passNumber ?? '');
      writeField(block, HMT.issueCount, extras.issueCount ?? '01');
      writeField(block, TYPE_FLAG, TYPE_FLAGS.hmt);
      break;
    }
  }
  return block;
}
