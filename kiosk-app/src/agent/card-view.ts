/** What the screen may see of a card: masked name and number, the age on the hall's day, and the green-channel hint. */
import { maskIdNumber, maskName, type IdCard } from '@hall/drivers';
import type { MaskedCard } from '../shared/kiosk-api.ts';

/** Whole years between a birth date and a day, both YYYY-MM-DD. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The name the hall records: the Chinese name, or the English one on cards without a Chinese name. */
export function holderName(card: IdCard): string | undefined {
  const name = card.name.trim() || card.englishName?.trim() || '';
  return name === '' ? undefined : name.slice(0, 64);
}

export function maskedCard(card: IdCard, options: { day: string; greenChannelAge: number; readAt: number }): MaskedCard {
  const age = ageOn(card.birthDate, options.day);
  return {
    cardType: card.cardType,
    nameMasked: maskName(holderName(card) ?? ''),
    idMasked: maskIdNumber(card.idNumber),
    gender: card.gender,
    age,
    greenChannelByAge: age >= options.greenChannelAge,
    readAt: new Date(options.readAt).toISOString(),
  };
}
