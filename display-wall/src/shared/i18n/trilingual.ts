/**
 * The pages' words are written as one table whose every message holds its
 * three languages side by side: Simplified Chinese first, then Traditional
 * Chinese and English. A key is named once, and no language can lack a message another
 * has. vue-i18n takes one tree per language, which
 * `inLocale` reads out of the table.
 */
import type { DisplayLocale } from './index.ts';

/** One message in each language the pages speak. */
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

export function inLocale<T>(table: T, locale: DisplayLocale): InLocale<T> {
  const read = (node: unknown): unknown => {
    if (node instanceof Words) return node[locale];
    if (Array.isArray(node)) return node.map(read);
    return Object.fromEntries(Object.entries(node as object).map(([key, value]) => [key, read(value)]));
  };
  return read(table) as InLocale<T>;
}
