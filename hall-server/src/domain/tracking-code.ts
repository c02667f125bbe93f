/**
 * 一码查询: the tracking code a visitor takes home on the filing receipt and
 * types, scans or reads out to follow the case.
 *
 * Twelve symbols of Crockford's base32: eleven random ones (55 bits) and one
 * check symbol. Each symbol is read as an element of GF(32) (polynomial
 * x⁵ + x² + 1) and the check symbol is chosen so that
 *
 *     s₀·α¹¹ + s₁·α¹⁰ + … + s₁₀·α + s₁₁ = 0        (α = x, a generator)
 *
 * This detects every single-symbol substitution (a nonzero change times a
 * nonzero weight is nonzero) and every adjacent transposition, the check
 * symbol included: swapping unequal sᵢ, sᵢ₊₁ changes the sum by
 * (αᵏ + αᵏ⁺¹)(sᵢ + sᵢ₊₁), a product of two nonzero elements since the
 * weights αᵏ are distinct. Crockford's own mod-37 check needs five extra
 * symbols (*~$=U) that a clerk would have to explain; this one stays inside
 * the 32 symbols people already read on the receipt.
 *
 * Pure: randomness comes from the caller, so kiosks (offline) and the hall
 * make codes the same way. The renderer bundles this file.
 */

export const TRACKING_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Symbols in a code, the check symbol included. */
export const TRACKING_CODE_LENGTH = 12;

/** The shown and stored form: three groups of four (`7K2M-9QXD-4HRT`). */
export const TRACKING_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

const POLY = 0b100101; // x⁵ + x² + 1, primitive over GF(2)

/** Multiplication by α (= x) in GF(32). */
function timesAlpha(value: number): number {
  const shifted = value << 1;
  return shifted & 0b100000 ? shifted ^ POLY : shifted;
}

/** Σ sᵢ·α^(n-1-i) by Horner's rule; addition in GF(2⁵) is XOR. */
function weightedSum(values: readonly number[]): number {
  let acc = 0;
  for (const v of values) acc = timesAlpha(acc) ^ v;
  return acc;
}

function valuesOf(symbols: string): number[] | null {
  const values: number[] = [];
  for (const ch of symbols) {
    const v = TRACKING_ALPHABET.indexOf(ch);
    if (v < 0) return null;
    values.push(v);
  }
  return values;
}

/** The check symbol for eleven body symbols (already canonical: upper case, no separators). */
export function trackingCheckSymbol(body: string): string {
  const values = valuesOf(body);
  if (!values || values.length !== TRACKING_CODE_LENGTH - 1) throw new TypeError('a tracking code body is 11 Crockford base32 symbols');
  // Appending c multiplies the body's sum by α and adds c; c must cancel it.
  return TRACKING_ALPHABET[timesAlpha(weightedSum(values))]!;
}

/** True when 12 canonical symbols carry a correct check symbol. */
export function hasValidTrackingCheck(compact: string): boolean {
  const values = valuesOf(compact);
  return values !== null && values.length === TRACKING_CODE_LENGTH && weightedSum(values) === 0;
}

/**
 * What a person typed, as Crockford reads it: case ignored, spaces and
 * hyphens ignored, I and L are 1, O is 0. Returns the 12 symbols without
 * separators, or null if something else is in it or the length is wrong.
 * U is not a symbol (Crockford leaves it out so that codes do not spell
 * words); it is refused rather than guessed.
 */
function compactOf(text: string): string | null {
  const compact = text
    .toUpperCase()
    .replace(/[\s\-‐‑–—]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (compact.length !== TRACKING_CODE_LENGTH) return null;
  for (const ch of compact) if (!TRACKING_ALPHABET.includes(ch)) return null;
  return compact;
}

function grouped(compact: string): string {
  return `${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8, 12)}`;
}

/**
 * Reads a tracking code as typed, scanned or spoken back, and returns it in
 * its one shown and stored form `XXXX-XXXX-XXXX`, or null when it is not a
 * code: wrong length, a symbol outside the alphabet, or a bad check symbol.
 * A null here means "refuse before looking anything up" (BAD_TRACKING_CODE).
 */
export function parseTrackingCode(text: string): string | null {
  if (typeof text !== 'string' || text.length > 64) return null;
  const compact = compactOf(text);
  if (!compact || !hasValidTrackingCheck(compact)) return null;
  return grouped(compact);
}

/** `parseTrackingCode` for a code known to be good; a bad one is a programming error. */
export function formatTrackingCode(code: string): string {
  const parsed = parseTrackingCode(code);
  if (!parsed) throw new TypeError('not a tracking code');
  return parsed;
}

/** Randomness from the caller: node's `crypto.randomBytes`, or `crypto.getRandomValues` in a page. */
export type RandomBytes = ((size: number) => Uint8Array) | Uint8Array;

/** Bytes of randomness a code needs: 11 symbols × 5 bits = 55 bits. */
export const TRACKING_CODE_RANDOM_BYTES = 7;

/**
 * A new code in its shown form. `random` is a function returning bytes
 * (`crypto.randomBytes`) or at least 7 bytes already drawn.
 */
export function newTrackingCode(random: RandomBytes): string {
  const bytes = typeof random === 'function' ? random(TRACKING_CODE_RANDOM_BYTES) : random;
  if (bytes.length < TRACKING_CODE_RANDOM_BYTES) throw new TypeError(`a tracking code needs ${TRACKING_CODE_RANDOM_BYTES} random bytes`);
  let bits = 0n;
  for (let i = 0; i < TRACKING_CODE_RANDOM_BYTES; i++) bits = (bits << 8n) | BigInt(bytes[i]!);
  let body = '';
  for (let i = 0; i < TRACKING_CODE_LENGTH - 1; i++) body += TRACKING_ALPHABET[Number((bits >> BigInt(5 * i)) & 31n)];
  return grouped(body + trackingCheckSymbol(body));
}
