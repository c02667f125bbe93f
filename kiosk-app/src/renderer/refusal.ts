/**
 * Refusals as the stores keep them (a code and its details) and their words.
 * The host sends codes, never words: every refusal a screen shows — the
 * visitor's refused screen, the counter console, the filing machine — is
 * worded here, from the i18n `errors` table, in the language on screen.
 */
import { useI18n } from 'vue-i18n';
import type { KioskErrorCode } from '../shared/kiosk-api.ts';

/** Refusals the screen makes itself, without asking the host. */
export type ScreenRefusalCode = 'SCAN_NOT_OURS' | 'SERVICE_UNAVAILABLE' | 'SCAN_NOT_FILING' | 'VISITOR_LOST';

/** Every code the i18n `errors` table words, in each language. */
export type RefusalCode = KioskErrorCode | ScreenRefusalCode;

/**
 * Why the host or the screen said no. The code is a string: a newer host may
 * send one this screen has no words for yet.
 */
export type Refusal = { code: string; details?: Record<string, unknown> };

export function refusalOf(err: unknown): Refusal {
  const e = err as { code?: unknown; details?: unknown } | null;
  if (e && typeof e === 'object' && typeof e.code === 'string') {
    const details = e.details;
    return details && typeof details === 'object' ? { code: e.code, details: details as Record<string, unknown> } : { code: e.code };
  }
  return { code: 'INTERNAL' };
}

/** The part of vue-i18n that words a refusal: any Composer, the components' or a test's. */
export type RefusalI18n = {
  t(key: string, named: Record<string, unknown>): string;
  te(key: string): boolean;
};

/** The line for a code without words of its own: it sends the visitor to the help desk, and says nothing else. */
const GENERAL = 'errors.HALL_ERROR';

/**
 * A refusal in the language `i18n` speaks: its own words, or its words with
 * the wait when the host gave one (a lockout's Retry-After, in whole minutes);
 * a code without words, or no refusal at all, gets the general line.
 */
export function refusalText(i18n: RefusalI18n, refusal: Refusal | null | undefined): string {
  if (!refusal) return i18n.t(GENERAL, {});
  const minutes = waitMinutes(refusal.details);
  const withWait = `errorsWithWait.${refusal.code}`;
  if (minutes !== null && i18n.te(withWait)) return i18n.t(withWait, { minutes });
  const own = `errors.${refusal.code}`;
  return i18n.t(i18n.te(own) ? own : GENERAL, {});
}

/** `refusalText` in the running app's i18n, following its language. */
export function useRefusalText(): (refusal: Refusal | null | undefined) => string {
  const i18n = useI18n();
  return (refusal) => refusalText(i18n, refusal);
}

function waitMinutes(details: Record<string, unknown> | undefined): number | null {
  const seconds = details?.retryAfterS;
  return typeof seconds === 'number' && Number.isFinite(seconds) ? Math.max(1, Math.ceil(seconds / 60)) : null;
}
