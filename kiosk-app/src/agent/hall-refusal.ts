/**
 * What a failed hall request becomes for the screen: a KioskError with the
 * hall's code (one of its contract's, which the screen words), those of its
 * details that are safe to show and the hall's Retry-After as `retryAfterS`;
 * a code outside the contract is HALL_ERROR, and an unreachable hall is
 * HALL_OFFLINE. One mapping for every desk, so the same refusal reads the
 * same at the ticket kiosk, the counter and the filing machine.
 */
import { HallRefusal, HallUnreachableError } from '@hall/server/client';
import { isErrorCode } from '@hall/server/contract';
import { KioskError } from '../shared/kiosk-api.ts';
import type { AgentLogger } from './log.ts';
import { kioskError } from './messages.ts';

export type RefusalOptions = {
  /** Detail keys the screen may see (never identities). */
  safeDetails: readonly string[];
  log: AgentLogger;
  /** Where an unexpected failure happened, for the log: "at the counter". */
  where: string;
};

export function hallRefusal(err: unknown, options: RefusalOptions): KioskError {
  if (err instanceof KioskError) return err;
  if (err instanceof HallUnreachableError) return kioskError('HALL_OFFLINE');
  if (err instanceof HallRefusal) {
    const details: Record<string, unknown> = { hallCode: err.code };
    for (const k of options.safeDetails) if (err.details?.[k] !== undefined) details[k] = err.details[k];
    // How long a lockout or rate limit lasts: the screen says when to try again.
    if (err.retryAfterS !== undefined) details.retryAfterS = err.retryAfterS;
    if (err.status >= 500) options.log.error('the hall failed a request', { code: err.code, status: err.status, where: options.where });
    return kioskError(isErrorCode(err.code) ? err.code : 'HALL_ERROR', details);
  }
  options.log.error(`unexpected failure ${options.where}`, { error: err instanceof Error ? { name: err.name, message: err.message } : String(err) });
  return kioskError('HALL_ERROR');
}
