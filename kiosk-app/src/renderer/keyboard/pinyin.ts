/**
 * Pinyin input for the on-screen keyboard: letters typed so far → the
 * characters they can mean. The visitor picks one character at a time, so
 * there is no word dictionary: a run of syllables typed in one go
 * (`wangming`) offers the first syllable's characters, and picking one
 * leaves the rest (`ming`) to pick from next — the way phone keyboards
 * behave with a character at a time.
 */

import { loadOnce } from '../on-demand.ts';

export type PinyinTable = Readonly<Record<string, string>>;

/** The table is 17 kB: it loads after the first screen (see on-demand.ts), not with the kiosk. */
export const loadPinyinTable: () => Promise<PinyinTable> = loadOnce(async () => (await import('./pinyin-table.ts')).default);

/** Lower case, ü typed as v (the keyboard has no ü key, nor does any Chinese input method). */
export function normalizePinyin(letters: string): string {
  return letters
    .toLowerCase()
    .replace(/ü/g, 'v')
    .replace(/[^a-z]/g, '');
}

export type PinyinMatch = {
  /** The part of the input these candidates spell; picking one removes it from the input. */
  spelled: string;
  candidates: string[];
};

const NONE: PinyinMatch = { spelled: '', candidates: [] };

/**
 * What `letters` can mean. An input that is a syllable or the start of one
 * (`zh`, `zhan`) offers that syllable first, then the syllables it starts,
 * interleaved so that the best character of each comes before the second of
 * any. An input longer than any syllable it starts with (`wangm`) offers the
 * longest syllable at its start.
 */
export function matchPinyin(table: PinyinTable, letters: string): PinyinMatch {
  const input = normalizePinyin(letters);
  if (!input) return NONE;
  const starting = Object.keys(table).filter((s) => s.startsWith(input));
  if (starting.length) return { spelled: input, candidates: interleave(table, starting, input) };
  for (let n = Math.min(input.length - 1, 6); n > 0; n--) {
    const head = input.slice(0, n);
    if (table[head]) return { spelled: head, candidates: [...table[head]] };
  }
  return NONE;
}

function interleave(table: PinyinTable, syllables: string[], exact: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const push = (ch: string) => {
    if (!seen.has(ch)) {
      seen.add(ch);
      out.push(ch);
    }
  };
  if (table[exact]) for (const ch of table[exact]) push(ch);
  const rest = syllables.filter((s) => s !== exact).map((s) => [...table[s]!]);
  const longest = Math.max(0, ...rest.map((r) => r.length));
  for (let i = 0; i < longest; i++) for (const r of rest) if (i < r.length) push(r[i]!);
  return out;
}

/** One page of candidates and whether there are pages either side. */
export function candidatePage(
  candidates: readonly string[],
  page: number,
  size: number,
): { items: string[]; page: number; pages: number; hasPrev: boolean; hasNext: boolean } {
  const pages = Math.max(1, Math.ceil(candidates.length / size));
  const p = Math.min(Math.max(0, page), pages - 1);
  return { items: candidates.slice(p * size, p * size + size), page: p, pages, hasPrev: p > 0, hasNext: p < pages - 1 };
}
