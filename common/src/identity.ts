/**
 * Check characters of the numbers people and companies present, and the one
 * masking rule every package applies before personal data reaches a screen
 * that is not the handling window's, a log line or a printed ticket.
 *
 * - GB 11643: the citizen ID number, also on Hong Kong/Macao/Taiwan residence
 *   permits and the 2023 foreign permanent resident card (ISO 7064 MOD 11-2).
 * - GB 32100: the unified social credit code (MOD 31).
 */

const CITIZEN_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CITIZEN_CHECK = '10X98765432';

/** The check character GB 11643 assigns to 17 leading digits. */
export function citizenCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new TypeError('expected exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * CITIZEN_WEIGHTS[i]!;
  return CITIZEN_CHECK[sum % 11]!;
}

/** An 18-character number whose last character is its check character (X upper-case). */
export function hasCitizenCheckChar(id: string): boolean {
  return /^\d{17}[\dX]$/.test(id) && citizenCheckChar(id.slice(0, 17)) === id[17];
}

/** The 31 characters a credit code is written in: no I, O, S, V or Z. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character GB 32100 assigns to the first 17 characters (of its alphabet). */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17 || [...first17].some((c) => !USCC_ALPHABET.includes(c))) throw new TypeError('expected 17 characters of the USCC alphabet');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17[i]!) * USCC_WEIGHTS[i]!;
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** An 18-character code of the USCC alphabet whose last character is its check character. */
export function hasUsccCheckChar(code: string): boolean {
  return /^[0-9A-HJ-NP-RT-UW-Y]{18}$/.test(code) && usccCheckChar(code.slice(0, 17)) === code[17];
}

/**
 * `110101199003078814` → `110***********8814`: enough for its holder to
 * recognise and a technician to match a complaint, useless to anyone else.
 * Anything shorter than 8 characters is masked whole: a short number with
 * its ends kept would be most of it.
 */
export function maskIdNumber(value: string): string {
  if (value.length < 8) return '*'.repeat(value.length);
  return value.slice(0, 3) + '*'.repeat(value.length - 7) + value.slice(-4);
}

/** `张三丰` → `张**`, `张三` → `张*`, `Li Lei` → `L*****`. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/** Keeps the first 3 characters (usually the province). */
export function maskAddress(address: string): string {
  const chars = [...address];
  if (chars.length <= 3) return '*'.repeat(chars.length);
  return chars.slice(0, 3).join('') + '*'.repeat(chars.length - 3);
}
