import { createI18n } from 'vue-i18n';
import { DISPLAY_MESSAGES } from './messages.ts';
import { inLocale } from '@hall/common/trilingual';

export const DISPLAY_LOCALES = ['zh-CN', 'zh-TW', 'en'] as const;
export type DisplayLocale = (typeof DISPLAY_LOCALES)[number];
export const messages = Object.fromEntries(DISPLAY_LOCALES.map((locale) => [locale, inLocale(DISPLAY_MESSAGES, locale)]));

export function createDisplayI18n(locale: DisplayLocale = 'zh-CN') {
  return createI18n({ legacy: false, locale, fallbackLocale: 'zh-CN', messages });
}
