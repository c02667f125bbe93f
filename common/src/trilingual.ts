/**
 * The screens' words are written as one table whose every message holds its
 * three languages side by side: Simplified Chinese first, then Traditional
 * Chinese (for visitors from Hong Kong, Macao and Taiwan) and English. A key
 * is named once, and no language can lack a message another has. vue-i18n
 * takes one tree per language, which `inLocale` reads out of the table. The
 * kiosk's renderer and the hall's display pages both write their words so.
 */

/** The languages the screens speak. */
export type ScreenLocale = 'zh-CN' | 'zh-TW' | 'en';

/** One message in each language. */
export class Words {
  readonly 'zh-CN': string;
  readonly 'zh-TW': string;
  readonly en: string;
  constructor(zhCN: string, zhTW: string, en: string) {
    this['zh-CN'] = zhCN;
    this['zh-TW'] = zhTW;
    this.en = en;
  }
}

/** A message in Simplified Chinese, Traditional Chinese and English. */
export const w = (zhCN: string, zhTW: string, en: string): Words => new Words(zhCN, zhTW, en);

/** A table as one language sees it: each message its words in that language. */
export type InLocale<T> = T extends Words ? string : T extends readonly (infer E)[] ? InLocale<E>[] : { [K in keyof T]: InLocale<T[K]> };

export function inLocale<T>(table: T, locale: ScreenLocale): InLocale<T> {
  const read = (node: unknown): unknown => {
    if (node instanceof Words) return node[locale];
    if (Array.isArray(node)) return node.map(read);
    return Object.fromEntries(Object.entries(node as object).map(([key, value]) => [key, read(value)]));
  };
  return read(table) as InLocale<T>;
}
