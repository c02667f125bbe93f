/**
 * Builds 256-byte text blocks from card fields: what a card's chip would
 * hold. The inverse of decodeTextBlock, for the simulator and for tests.
 */
import { FOREIGN_2017, FOREIGN_2023, HMT, RESIDENT, TEXT_BLOCK_LENGTH, TYPE_FLAG, TYPE_FLAGS, type Field } from '../idcard/layouts.ts';
import { nationCode } from '../idcard/nations.ts';
import type { CardType, IdCard } from '../idcard/types.ts';

/** Fields a card stores that the decoded output leaves out. */
export interface CardExtras {
  cardVersion?: string;
  authorityCode?: string;
  renewalCount?: string;
  issueCount?: string;
  previousCardLink?: string;
}

/** Writes `value` padded with spaces; without a value the field is left blank, as cards leave fields their holder lacks. */
export function writeField(block: Uint8Array, field: Field, value = ''): void {
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

const LAYOUTS: Readonly<Record<CardType, Readonly<Record<string, Field>>>> = { resident: RESIDENT, foreign: FOREIGN_2017, foreign2023: FOREIGN_2023, hmt: HMT };

/** What issued cards commonly hold in the fields the decoded card leaves out. */
const EXTRAS_DEFAULTS: Readonly<Record<string, string>> = { cardVersion: '20', authorityCode: '1100', renewalCount: '00', issueCount: '01' };

/**
 * The layouts name their fields as the decoded card names its values, so the
 * block is the card's values in the chip's codes, each written into the
 * field of its name.
 */
export function encodeTextBlock(card: IdCard, extras: CardExtras = {}): Uint8Array {
  const block = new Uint8Array(TEXT_BLOCK_LENGTH);
  writeField(block, { offset: 0, length: TEXT_BLOCK_LENGTH });
  const values: Record<string, string | undefined> = {
    ...extras,
    ...card,
    gender: genderCode(card.gender),
    birthDate: yyyymmdd(card.birthDate),
    validFrom: yyyymmdd(card.validFrom),
    validTo: yyyymmdd(card.validTo),
  };
  if (card.cardType === 'resident') {
    values.nation = nationCode(card.nation ?? '');
    if (!values.nation) throw new TypeError(`unknown nation ${JSON.stringify(card.nation)}`);
  }
  if (card.cardType === 'foreign2023') {
    // A long English name runs on into a second field.
    const english = card.englishName ?? '';
    const first = FOREIGN_2023.englishName.length / 2;
    values.englishName = english.slice(0, first);
    values.englishNameMore = english.slice(first);
  }
  for (const [name, field] of Object.entries(LAYOUTS[card.cardType])) writeField(block, field, values[name] ?? EXTRAS_DEFAULTS[name]);
  if (card.cardType !== 'resident') writeField(block, TYPE_FLAG, TYPE_FLAGS[card.cardType]);
  return block;
}
