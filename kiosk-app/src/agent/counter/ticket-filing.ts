/**
 * 前台一口受理: the filing made at a filing machine and linked to the ticket
 * the clerk has called. It comes along with the ticket (form values
 * labelled, the pages by hash); a page is fetched when the clerk opens it;
 * the clerk moves the filing on (accepted, in review, done, returned with a
 * reason).
 *
 * The filing's values are never logged.
 */
import { HallRefusal } from '@hall/server/client';
import type { BodyIn, Contract } from '@hall/server/contract';
import { parseTrackingCode } from '@hall/server/forms';
import type { Ticket } from '@hall/server/protocol';
import type { CounterFiling, KioskError } from '../../shared/kiosk-api.ts';
import type { AgentLogger } from '../log.ts';
import { kioskError } from '../messages.ts';
import type { HallPort } from '../ports.ts';
import { errorSummary } from './error-summary.ts';
import { counterFiling } from './views.ts';

type MoveBody = BodyIn<Contract['updateFilingStatus']>;
/** A filing move the clerk may make, and what the hall is sent for it. */
export type FilingMove = { trackingCode: string; body: MoveBody };

const SHA256 = /^[0-9a-f]{64}$/;
const STATUSES: readonly MoveBody['status'][] = ['accepted', 'in-review', 'done', 'returned'];
const isStatus = (s: unknown): s is MoveBody['status'] => typeof s === 'string' && (STATUSES as readonly string[]).includes(s);
/** A page of a few megabytes on a slow hall LAN: more than the ordinary request time. */
const PAGE_TIMEOUT_MS = 30_000;

/** The filing linked to a ticket, for the clerk; undefined when there is none or it cannot be fetched now. */
export async function ticketFiling(hall: HallPort, t: Ticket, log: AgentLogger): Promise<CounterFiling | undefined> {
  if (!t.filingCode) return undefined;
  try {
    return counterFiling(await hall.call('getTicketFiling', { params: { ticketId: t.id } }));
  } catch (err) {
    log.warn('could not fetch the filing of the current ticket', { number: t.number, trackingCode: t.filingCode, error: errorSummary(err) });
    return undefined;
  }
}

/** One page of a filing, for the clerk to look at. */
export async function filingPage(hall: HallPort, raw: unknown, refusal: (err: unknown) => KioskError): Promise<{ contentType: string; dataBase64: string }> {
  const sha256 = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  if (!SHA256.test(sha256)) throw kioskError('FILE_NOT_FOUND');
  try {
    const file = await hall.call('getFilingFile', { params: { sha256 }, timeoutMs: PAGE_TIMEOUT_MS });
    return { contentType: file.contentType, dataBase64: Buffer.from(file.bytes).toString('base64') };
  } catch (err) {
    if (err instanceof HallRefusal && err.status === 404) throw kioskError('FILE_NOT_FOUND');
    throw refusal(err);
  }
}

/** The clerk's move of a filing, checked before the hall is asked: a return needs its reason. */
export function filingMove(rawCode: unknown, rawStatus: unknown, rawReason?: unknown): FilingMove {
  const trackingCode = typeof rawCode === 'string' ? parseTrackingCode(rawCode) : null;
  if (!trackingCode) throw kioskError('BAD_TRACKING_CODE');
  if (!isStatus(rawStatus)) throw kioskError('INVALID_FILING_STATUS');
  const reason = typeof rawReason === 'string' ? rawReason.trim().slice(0, 500) : '';
  if (rawStatus === 'returned' && !reason) throw kioskError('REASON_REQUIRED');
  return { trackingCode, body: { status: rawStatus, ...(reason ? { reason } : {}) } };
}
