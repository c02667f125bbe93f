/**
 * GB 11643 citizen identity number check digit (ISO 7064 MOD 11-2). The same
 * rule covers resident cards, HK/Macao/Taiwan residence permits (810000,
 * 820000, 830000) and the 2023 foreign permanent resident card (leading 9).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The check character for 17 leading digits. */
export function idNumberCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new TypeError('expected exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** True for an 18-character number whose last character is the right check digit (X upper-case). */
export function isValidIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  return idNumberCheckDigit(id.slice(0, 17)) === id[17];
}
