/**
 * Search from an on-screen keyboard, of the kiosk's services and the filing
 * machine's items. A kiosk has no IME, so Chinese names are matched by their
 * pinyin initials (户口迁入登记 → HKQRDJ), the way visitors already search on
 * phone keypads. The initials come from the platform's pinyin collation,
 * compared against the first character of each initial: no dictionary is
 * shipped.
 */

// The first character (in pinyin order) of each initial; I, U and V start no syllable.
const BOUNDARIES = '阿八嚓哒妸发旮哈讥咔垃妈拏噢妑七然仨它穵夕丫帀';
const INITIALS = 'ABCDEFGHJKLMNOPQRSTWXYZ';

let collator: Intl.Collator | null = null;
const cache = new Map<string, string>();

function initialOf(ch: string): string {
  if (/[a-z0-9]/i.test(ch)) return ch.toUpperCase();
  if (!/[\u3400-\u9fff]/.test(ch)) return '';
  const hit = cache.get(ch);
  if (hit !== undefined) return hit;
  collator ??= new Intl.Collator('zh-CN-u-co-pinyin');
  let initial = '';
  for (let i = 0; i < BOUNDARIES.length; i++) {
    if (collator.compare(ch, BOUNDARIES[i]!) >= 0) initial = INITIALS[i]!;
    else break;
  }
  cache.set(ch, initial);
  return initial;
}

export function pinyinInitials(text: string): string {
  let out = '';
  for (const ch of text) out += initialOf(ch);
  return out;
}

const fold = (s: string) => s.toUpperCase().replace(/\s+/g, '');

/** What a search looks at in a service or an item: its names, category and code. */
export type Searchable = { name: { 'zh-CN': string; en: string }; category: string; code: string };

/** Does the typed query find this service or item? Pinyin initials, either name, the category or the code. */
export function matchesQuery(entry: Searchable, query: string): boolean {
  const q = fold(query);
  if (!q) return true;
  const zh = entry.name['zh-CN'];
  return (
    pinyinInitials(zh).includes(q) ||
    pinyinInitials(entry.category).includes(q) ||
    fold(zh).includes(q) ||
    fold(entry.name.en).includes(q) ||
    fold(entry.code).includes(q)
  );
}
