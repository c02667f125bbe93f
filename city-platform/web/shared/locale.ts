/**
 * The language a page speaks: `?lang=en` or `?lang=zh-CN` when the address
 * says so; otherwise the browser's first preference (a phone set to English
 * gets English), Simplified Chinese by default.
 */
export const PAGE_LOCALES = ['zh-CN', 'en'] as const;
export type PageLocale = (typeof PAGE_LOCALES)[number];

export function pageLocale(search: URLSearchParams, preferred: readonly string[] = []): PageLocale {
  const asked = search.get('lang');
  if (asked === 'en' || asked === 'zh-CN') return asked;
  const first = preferred[0]?.toLowerCase();
  return first && !first.startsWith('zh') && first.startsWith('en') ? 'en' : 'zh-CN';
}
