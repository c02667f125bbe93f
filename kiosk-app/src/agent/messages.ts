/**
 * The agent's refusals: a code and details the screen may show (a wait in
 * seconds, a number it already showed), never words. The screen words every
 * code in the visitor's language (the renderer's i18n `errors`), so the same
 * refusal reads the same at the ticket kiosk, the counter and the filing
 * machine, and is worded in one place.
 */
import { KioskError, type KioskErrorCode } from '../shared/kiosk-api.ts';

/** A refusal with `code` and, when there are any, its details. */
export function kioskError(code: KioskErrorCode, details?: Record<string, unknown>): KioskError {
  return new KioskError(details ? { code, details } : { code });
}
