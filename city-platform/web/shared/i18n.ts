/**
 * A page's words in Simplified Chinese first and English. Each page writes
 * its table in Chinese and gives the English one the same type, so no key
 * can be missing in either language.
 */
import { createI18n } from 'vue-i18n';
import type { PageLocale } from './locale.ts';

/** A words table: nested keys, string leaves. The English table is typed by the Chinese one. */
export type Words<T> = { [K in keyof T]: T[K] extends string ? string : Words<T[K]> };

export function createPageI18n<T extends object>(zhCN: T, en: Words<T>, locale: PageLocale) {
  // The tables are plain nested strings, which vue-i18n takes; its generic types cannot see that through T.
  return createI18n({ legacy: false, locale, fallbackLocale: 'zh-CN', messages: { 'zh-CN': zhCN, en } as never });
}
