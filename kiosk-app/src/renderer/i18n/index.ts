import { createI18n } from 'vue-i18n';
import type { Localized } from '../../shared/kiosk-api.ts';
import { COUNTER_WORDS } from './counter.ts';
import { REFUSAL_WORDS } from './refusals.ts';
import { SCREEN_WORDS } from './screens.ts';
import { inLocale, type InLocale } from '@hall/common/trilingual';

export const LOCALES = ['zh-CN', 'zh-TW', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

/** Each language named in itself, whatever the language on screen. */
export const LANGUAGE_NAMES: Record<Locale, string> = { 'zh-CN': '简体中文', 'zh-TW': '繁體中文', en: 'English' };

const WORDS = { ...SCREEN_WORDS, ...COUNTER_WORDS, ...REFUSAL_WORDS };

export type Messages = InLocale<typeof WORDS>;

export const messages = Object.fromEntries(LOCALES.map((locale) => [locale, inLocale(WORDS, locale)])) as Record<Locale, Messages>;

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
