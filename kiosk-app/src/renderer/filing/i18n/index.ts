/**
 * The filing machine's messages load with the filing app, so the ticket
 * kiosk's bundle does not carry them. FilingApp merges them into the
 * kiosk's i18n (idempotent), under `filing.` where the filing machine words
 * a visitor screen its own way; what both apps say alike stays once in the
 * kiosk's own messages (see visitor/words.ts).
 */
import type { Composer } from 'vue-i18n';
import { LOCALES } from '../../i18n/index.ts';
import { inLocale } from '@hall/common/trilingual';
import { FILING_MESSAGES } from './messages.ts';

/** Where the filing machine's own words of the visitor screens are. */
export const FILING_WORDS = 'filing.';

export const filingMessages = Object.fromEntries(LOCALES.map((locale) => [locale, inLocale(FILING_MESSAGES, locale)]));

export function installFilingMessages(i18n: Pick<Composer, 'mergeLocaleMessage'>): void {
  for (const [locale, messages] of Object.entries(filingMessages)) i18n.mergeLocaleMessage(locale, messages);
}
