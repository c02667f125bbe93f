import { createI18n } from 'vue-i18n';
import en from './en.ts';
import zhCN from './zh-CN.ts';
import zhTW from './zh-TW.ts';

export type DisplayLocale = 'zh-CN' | 'zh-TW' | 'en';
export const messages = { 'zh-CN': zhCN, 'zh-TW': zhTW, en };

export function createDisplayI18n(locale: DisplayLocale = 'zh-CN') {
  return createI18n({ legacy: false, locale, fallbackLocale: 'zh-CN', messages });
}
