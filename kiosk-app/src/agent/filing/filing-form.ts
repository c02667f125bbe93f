/**
 * The form's starting values from the visitor's card or company, and the
 * real values put back at submit.
 *
 * Name and ID number (and a company's code) are *locked*: the screen gets
 * them masked (the code in the clear: it is printed on the company's
 * licence), cannot change them, and the host substitutes the real ones from
 * what it holds, whatever the screen sends back. Gender, birth date,
 * address and ethnic group are given in the clear and stay editable (a
 * person may live elsewhere than the card says).
 */
import { maskIdNumber, maskName, type IdCard } from '@hall/drivers';
import type { FilingGuideView, FormField } from '../../shared/kiosk-api.ts';
import { holderName } from '../card-view.ts';

export type Prefill = FilingGuideView['prefill'];
export type Who = { card?: IdCard | undefined; company?: string | undefined };

/** The value a locked field must carry for this visitor, or undefined when the visitor has nothing for it. */
function lockedValue(source: FormField['prefill'], who: Who): string | undefined {
  if (source === 'card.name') return who.card ? holderName(who.card) : undefined;
  if (source === 'card.idNumber') return who.card?.idNumber;
  if (source === 'company.uscc') return who.company;
  return undefined;
}

/** A select's option matching any of the candidates by value or by label; text fields take the first candidate. */
function fit(field: FormField, candidates: string[]): string | undefined {
  if (field.type !== 'select') return candidates[0];
  for (const c of candidates) {
    const option = field.options?.find((o) => o.value === c || o.label['zh-CN'] === c || o.label.en.toLowerCase() === c.toLowerCase());
    if (option) return option.value;
  }
  return undefined;
}

function openValue(field: FormField, card: IdCard | undefined): string | undefined {
  if (!card) return undefined;
  switch (field.prefill) {
    case 'card.gender':
      // GB/T 2261.1 codes 1 and 2 are what many government forms use for the values.
      return card.gender === 'male' ? fit(field, ['男', 'male', '1', 'M']) : fit(field, ['女', 'female', '2', 'F']);
    case 'card.birthDate':
      return card.birthDate;
    case 'card.address':
      return card.address?.trim() ? fit(field, [card.address.trim()]) : undefined;
    case 'card.nation':
      return card.nation?.trim() ? fit(field, [card.nation.trim(), `${card.nation.trim()}族`]) : undefined;
    default:
      return undefined;
  }
}

export function isLocked(field: FormField, who: Who): boolean {
  return lockedValue(field.prefill, who) !== undefined;
}

/** Starting values for the screen: locked ones masked, the others in the clear. */
export function prefillFor(fields: readonly FormField[], who: Who): Prefill {
  const out: Prefill = {};
  for (const field of fields) {
    if (!field.prefill) continue;
    const locked = lockedValue(field.prefill, who);
    if (locked !== undefined) {
      const shown = field.prefill === 'card.name' ? maskName(locked) : field.prefill === 'card.idNumber' ? maskIdNumber(locked) : locked;
      out[field.key] = { value: shown, locked: true };
      continue;
    }
    const value = openValue(field, who.card);
    if (value !== undefined) out[field.key] = { value, locked: false };
  }
  return out;
}

/** The form as the hall gets it: the screen's values, with the locked ones replaced by the real ones. */
export function withIdentity(fields: readonly FormField[], form: unknown, who: Who): Record<string, string> {
  const out: Record<string, string> = {};
  if (form && typeof form === 'object' && !Array.isArray(form)) {
    for (const [key, value] of Object.entries(form)) if (typeof value === 'string') out[key] = value;
  }
  for (const field of fields) {
    const real = lockedValue(field.prefill, who);
    if (real !== undefined) out[field.key] = real;
  }
  return out;
}
