import { createI18n } from 'vue-i18n';
import type { Localized } from '../../shared/kiosk-api.ts';
import en from './en.ts';
import zhCN from './zh-CN.ts';
import zhTW from './zh-TW.ts';

export type Messages = typeof zhCN;
export const LOCALES = ['zh-CN', 'zh-TW', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

export const messages: Record<Locale, Messages> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en };

export function createKioskI18n(locale: Locale = DEFAULT_LOCALE) {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: { 'zh-TW': ['zh-CN'], en: ['zh-CN'], default: ['zh-CN'] },
    messages,
    missingWarn: false,
    fallbackWarn: false,
  });
}

/** A text the agent or hall sent in several languages; Traditional falls back to Simplified, never to English. */
export function localized(text: Partial<Localized> | undefined | null, locale: Locale): string {
  if (!text) return '';
  if (locale === 'zh-TW') return text['zh-TW'] ?? text['zh-CN'] ?? text.en ?? '';
  return text[locale] ?? text['zh-CN'] ?? text.en ?? '';
}

/** A service category in the visitor's language; categories the catalogue adds later show as they come. */
export function categoryLabel(category: string, locale: Locale): string {
  return messages[locale].categories[category] ?? category;
}
