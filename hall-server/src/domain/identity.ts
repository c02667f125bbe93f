/**
 * Identity numbers a visitor or a company presents: the citizen ID number
 * (GB 11643-1999, also used by residence permits for Hong Kong, Macao and
 * Taiwan residents and by the 2023 foreign permanent resident card) and the
 * unified social credit code (GB 32100-2015).
 */

export type IdentityKind = 'citizen' | 'uscc';

export type IdentityCheck =
  | { ok: true; kind: IdentityKind; normalized: string; birthDate?: string }
  | { ok: false; code: 'INVALID_ID_NUMBER' | 'INVALID_USCC'; message: string };

import { citizenCheckChar, USCC_ALPHABET, usccCheckChar } from '@hall/common';

export { citizenCheckChar, maskIdNumber, maskName, usccCheckChar } from '@hall/common';

function isRealDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function checkCitizenId(input: string): IdentityCheck {
  const value = input.trim().toUpperCase();
  const fail = (message: string): IdentityCheck => ({ ok: false, code: 'INVALID_ID_NUMBER', message });
  if (!/^\d{17}[\dX]$/.test(value)) return fail('ID number must be 17 digits followed by a digit or X');
  if (!/^[1-9]/.test(value)) return fail('ID number must start with a region code');
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  if (y < 1850 || !isRealDate(y, m, d)) return fail('ID number holds an impossible birth date');
  if (citizenCheckChar(value.slice(0, 17)) !== value[17]) return fail('ID number check digit does not match (GB 11643)');
  return { ok: true, kind: 'citizen', normalized: value, birthDate: `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}` };
}

export function checkUscc(input: string): IdentityCheck {
  const value = input.trim().toUpperCase();
  const fail = (message: string): IdentityCheck => ({ ok: false, code: 'INVALID_USCC', message });
  if (value.length !== 18) return fail('unified social credit code must be 18 characters');
  for (const ch of value) {
    if (!USCC_ALPHABET.includes(ch)) return fail(`unified social credit code may not contain "${ch}" (I, O, S, V and Z are never used)`);
  }
  if (usccCheckChar(value.slice(0, 17)) !== value[17]) return fail('unified social credit code check character does not match (GB 32100)');
  return { ok: true, kind: 'uscc', normalized: value };
}

/**
 * Tells the two apart by shape: a citizen number is 17 digits and a digit or
 * X; anything else of 18 characters is read as a credit code (whose body may
 * be all digits, with a letter only as check character). A 17-digit string
 * ending in a digit or X is valid in both alphabets, so the citizen reading
 * is tried first and the credit-code reading only when it fails.
 */
export function checkIdentity(input: string): IdentityCheck {
  const value = input.trim().toUpperCase();
  if (/^\d{17}[\dX]$/.test(value)) {
    const citizen = checkCitizenId(value);
    if (citizen.ok) return citizen;
    const uscc = checkUscc(value);
    return uscc.ok ? uscc : citizen;
  }
  if (value.length === 18) return checkUscc(value);
  return checkCitizenId(value);
}

/** Whole years between a YYYY-MM-DD birth date and a YYYY-MM-DD day. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
