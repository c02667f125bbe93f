/**
 * The filing machine's messages load with the filing app, so the ticket
 * kiosk's bundle does not carry them. FilingApp merges them into the
 * kiosk's i18n (idempotent); the shared `errors.*`, `common.*`, `keypad.*`
 * and `status.*` stay in the kiosk's own messages.
 */
import type { Composer } from 'vue-i18n';
import type { Locale } from '../../i18n/index.ts';
import en from './en.ts';
import zhCN from './zh-CN.ts';
import zhTW from './zh-TW.ts';

export type FilingMessages = typeof zhCN;

export const filingMessages: Record<Locale, FilingMessages> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en };

export function installFilingMessages(i18n: Pick<Composer, 'mergeLocaleMessage'>): void {
  for (const [locale, messages] of Object.entries(filingMessages)) i18n.mergeLocaleMessage(locale, messages);
}
