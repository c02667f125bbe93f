/**
 * The ticket kiosk's role: issuing (online, or offline from a leased block
 * when the hall cannot be reached), appointment check-in, look-ups, the
 * green channel vouched for by staff, and reprinting.
 *
 * The rules that matter most live here:
 * - nothing is issued that cannot be printed: the printer is asked first;
 * - a ticket whose print fails is withdrawn (cancelled on the hall, or voided
 *   in the outbox), never left as a ghost in the queue;
 * - the full card stays in memory for the visitor at the screen and is
 *   dropped after issuing.
 *
 * The filing machine issues its 预登记 tickets through the same desk.
 */
import { TICKET_NUMBER, type Serial } from '@hall/common';
import { randomUUID } from 'node:crypto';
import { maskIdNumber, type IdCard } from '@hall/drivers';
import { HallRefusal, HallUnreachableError } from '@hall/server/client';
import type { AnswerOf, BodyIn, Contract } from '@hall/server/contract';
import type { Ticket } from '@hall/server/protocol';
import type { IssueRequest, IssueResult, IssuedTicket, StaffVouch, TicketLookup } from '../../shared/kiosk-api.ts';
import { KioskError } from '../../shared/kiosk-api.ts';
import type { RoleHandlers } from '../../shared/kiosk-methods.ts';
import { holderName } from '../card-view.ts';
import type { Catalogue } from '../catalogue.ts';
import type { DeviceHub } from '../devices/device-hub.ts';
import { printerReady } from '../devices/printer-ready.ts';
import { PrintError, type TicketJson } from '../devices/ticket-printer.ts';
import { hallRefusal } from '../hall-refusal.ts';
import { silentAgentLogger, type AgentLogger } from '../log.ts';
import { kioskError } from '../messages.ts';
import type { OfflineStore } from '../offline/offline-store.ts';
import type { HallPort } from '../ports.ts';
import type { StaffSession } from '../staff.ts';
import { StaffGrantHold } from '../staff-grant.ts';
import type { VisitorSession } from '../visitor.ts';

export type TicketDeskOptions = {
  hall: HallPort;
  devices: DeviceHub;
  /** The offline outbox and its leased numbers. */
  store: OfflineStore;
  catalogue: Catalogue;
  /** The visitor at the screen: their card, and the staff grant attached to them. */
  visitor: VisitorSession;
  /** The maintenance panel's session, for reprinting. */
  staff: StaffSession;
  trackBaseUrl: string;
  /** Issuing and printing run one at a time, with everything else that prints. */
  serial: Serial;
  /** The outbox changed (an offline ticket issued or voided): the screen's hall link is told again. */
  onOutboxChange: () => void;
  logger?: AgentLogger;
  now?: () => number;
  /** Idempotency keys for issuing (so a retried request never issues twice). */
  newKey?: () => string;
};

/** An appointment code: what the hall issues, and what a scan is taken for. */
export const APPOINTMENT_CODE = /^\d{6,10}$/;
/** What the hall takes as a staff number and a PIN (its SignInRequest). */
const STAFF_NO = /^[0-9A-Za-z-]{1,32}$/;
const STAFF_PIN = /^\d{4,8}$/;
/** Detail fields of hall refusals the screen may show (never identities). */
const SAFE_DETAILS = ['number', 'quotaLeft', 'slotStart', 'earliest', 'latest'];

export class TicketDesk {
  readonly #d: TicketDeskOptions;
  readonly #log: AgentLogger;
  readonly #now: () => number;
  /** A staff member's word for the current visitor's green channel, checked by the hall. */
  readonly #staffGrant: StaffGrantHold;
  #last: IssueResult | undefined;

  constructor(options: TicketDeskOptions) {
    this.#d = options;
    this.#log = options.logger ?? silentAgentLogger;
    this.#now = options.now ?? Date.now;
    this.#staffGrant = new StaffGrantHold(this.#now);
    options.visitor.attach(this.#staffGrant);
  }

  /** The role's methods, as the host routes them. */
  methods(): RoleHandlers<'ticket'> {
    return {
      issueTicket: (request) => this.#d.serial(() => this.issueTicket(request)),
      checkIn: (code) => this.#d.serial(() => this.checkIn(code)),
      lookupTicket: (number) => this.lookupTicket(number),
      grantStaff: (staffNo, pin) => this.grantStaff(staffNo, pin),
      reprintLast: () => this.#d.serial(() => this.reprintLast()),
    };
  }

  /** A card was laid on the reader: a staff member's word for the last visitor does not pass to a new one. */
  cardSwiped(card: IdCard): void {
    if (this.#d.visitor.card?.idNumber !== card.idNumber) this.#staffGrant.forget();
  }

  printerReady(): Promise<void> {
    return printerReady(this.#d.devices, this.#log);
  }

  async issueTicket(request: IssueRequest): Promise<IssueResult> {
    if (request.greenChannel !== undefined) {
      // The hall grants disabled/military only on a staff member's word, given for this visitor (grantStaff).
      if (!this.#staffGrant.current()) throw kioskError('GREEN_CHANNEL_NEEDS_STAFF');
    }
    await this.printerReady();
    let card: IdCard | undefined;
    if (request.withCard) {
      card = this.#d.visitor.card;
      if (!card) throw kioskError('NO_CARD');
    }
    let result: IssueResult;
    try {
      result = await this.#issue(request, card);
    } catch (err) {
      // The edge: below here a hall failure stays a typed error, so the offline fall-through can see it.
      throw this.#refusalAtEdge(err);
    }
    this.#d.visitor.forget();
    return result;
  }

  /**
   * A ticket for a filing just made (预登记), with the card when one was
   * swiped. Runs inside the filing's own turn at the printer; hall failures
   * come back untranslated for the filing desk to word.
   */
  async issueForFiling(serviceCode: string, card: IdCard | undefined): Promise<IssueResult> {
    await this.printerReady();
    return this.#issue({ serviceCode, withCard: card !== undefined }, card);
  }

  /**
   * Issues online, or offline from a lease when the hall cannot be reached, and prints (the printer already asked).
   * Throws KioskErrors of its own and the hall's refusals untranslated; the caller is the edge that words them.
   */
  #issue(request: IssueRequest, card: IdCard | undefined): Promise<IssueResult> {
    return this.#d.hall.online
      ? this.#issueOnline(request, card).catch((err) => this.#offlineOr(err, () => this.#issueOffline(request, card)))
      : this.#issueOffline(request, card);
  }

  /**
   * Falls back to offline issuing only when the hall could not be reached
   * (refused, reset, timed out), even though its socket still looked online.
   * A hall that answered, even with a refusal, is never overruled by a lease.
   * A request that timed out or was cut after it was sent may have been
   * committed by the hall: the visitor is served from the lease all the same,
   * and the hall's ticket, which nobody holds, ends as a no-show (the hall
   * keeps no Idempotency-Key with a ticket, so neither side can match the
   * two; see docs/kiosk-app.md, Known limits).
   */
  async #offlineOr(err: unknown, offline: () => Promise<IssueResult>): Promise<IssueResult> {
    if (err instanceof HallUnreachableError) {
      this.#log.warn('hall unreachable while issuing: issuing offline', { error: err.message });
      return offline();
    }
    throw err;
  }

  async #issueOnline(request: IssueRequest, card: IdCard | undefined): Promise<IssueResult> {
    const body: BodyIn<Contract['issueTicket']> = { serviceCode: request.serviceCode };
    if (card) {
      body.idNumber = card.idNumber;
      const name = holderName(card);
      if (name) body.name = name;
    }
    if (request.greenChannel) {
      const grant = this.#staffGrant.current();
      if (!grant) throw kioskError('GREEN_CHANNEL_NEEDS_STAFF');
      body.greenChannel = request.greenChannel;
      body.staffGrant = grant.grant;
    }
    let hallTicket: Ticket;
    try {
      hallTicket = await this.#d.hall.call('issueTicket', { body, idempotencyKey: this.#d.newKey?.() ?? randomUUID() });
    } catch (err) {
      // The hall no longer knows the grant (expired, or the hall restarted): staff vouch again.
      if (err instanceof HallRefusal && err.code === 'GREEN_CHANNEL_NEEDS_STAFF') this.#staffGrant.forget();
      // Untranslated: an unreachable hall must reach #offlineOr as itself (a green channel is then refused by the offline rules).
      throw err;
    }
    const ticket = this.#fromHall(hallTicket);
    this.#log.info('ticket issued', {
      number: ticket.number,
      serviceCode: ticket.serviceCode,
      withCard: !!card,
      idMasked: card ? maskIdNumber(card.idNumber) : undefined,
    });
    return this.#printOrWithdraw(ticket, () => this.#cancel(hallTicket));
  }

  async #issueOffline(request: IssueRequest, card: IdCard | undefined): Promise<IssueResult> {
    const { catalogue, store } = this.#d;
    const service = catalogue.find(request.serviceCode);
    if (!service) throw kioskError('UNKNOWN_SERVICE');
    if (!service.issuingNow) throw kioskError('OUTSIDE_ISSUING_HOURS');
    if (!card && !catalogue.policy().anonymousTickets) throw kioskError('IDENTITY_REQUIRED');
    // Only the hall can check the staff member's PIN: no green channel from a lease.
    if (request.greenChannel) throw kioskError('GREEN_CHANNEL_OFFLINE');
    if (card) {
      const held = store.holdsPending(card.idNumber, service.code);
      if (held) throw kioskError('DUPLICATE_TICKET', { number: held });
    }
    const now = this.#now();
    const day = catalogue.day(now);
    const issuedAt = new Date(now).toISOString();
    const name = card ? holderName(card) : undefined;
    const entry = store.issue(service.code, day, { issuedAt, ...(card ? { idNumber: card.idNumber } : {}), ...(name ? { name } : {}) });
    if (!entry) throw kioskError('OFFLINE_NO_NUMBERS');
    const waitingBefore = store.pending().filter((t) => t.serviceCode === service.code && t.number !== entry.number).length;
    const ahead = service.load.waiting + waitingBefore;
    const perPerson = service.load.waiting > 0 ? service.load.estimatedWaitMinutes / service.load.waiting : service.load.estimatedWaitMinutes;
    const ticket: IssuedTicket = {
      number: entry.number,
      serviceCode: service.code,
      serviceName: service.name,
      windowHint: catalogue.windowHint(service.code),
      waitingAhead: ahead,
      estimatedWaitMinutes: Math.ceil(perPerson * ahead),
      issuedAt,
      trackUrl: this.#trackUrl(entry.number, { day }),
      offline: true,
    };
    this.#log.warn('ticket issued offline', {
      number: ticket.number,
      serviceCode: ticket.serviceCode,
      leaseId: entry.leaseId,
      idMasked: card ? maskIdNumber(card.idNumber) : undefined,
    });
    try {
      return await this.#printOrWithdraw(ticket, async () => store.voidTicket(entry.leaseId, entry.number));
    } finally {
      this.#d.onOutboxChange();
    }
  }

  /**
   * A staff member vouches for the current visitor's green channel with
   * their own staff number and PIN, which the hall checks (with its
   * lockouts). The grant stays here, attached to the visitor; the screen
   * learns who vouched and until when.
   */
  async grantStaff(rawStaffNo: unknown, rawPin: unknown): Promise<StaffVouch> {
    const staffNo = typeof rawStaffNo === 'string' ? rawStaffNo.trim() : '';
    if (!STAFF_NO.test(staffNo)) throw kioskError('INVALID_STAFF_NO');
    // A malformed PIN is a wrong PIN, answered without asking the hall.
    if (typeof rawPin !== 'string' || !STAFF_PIN.test(rawPin)) throw kioskError('WRONG_PIN');
    if (!this.#d.hall.online) throw kioskError('GREEN_CHANNEL_OFFLINE');
    let answer: AnswerOf<Contract['grantStaff']>;
    try {
      answer = await this.#d.hall.call('grantStaff', { body: { staffNo, pin: rawPin } });
    } catch (err) {
      if (err instanceof HallUnreachableError) throw kioskError('GREEN_CHANNEL_OFFLINE');
      if (err instanceof HallRefusal) this.#log.warn('staff grant refused by the hall', { staffNo, code: err.code });
      throw this.#hallRefusal(err);
    }
    const held = this.#staffGrant.keep(answer.grant, answer.staffNo, answer.name, answer.expiresAt);
    // The grant now counts as the visitor's: the idle clock runs for it.
    this.#d.visitor.touch();
    this.#log.info('staff vouched for a green channel', { staffNo: held.staffNo, expiresAt: new Date(held.expiresAt).toISOString() });
    return { staffNo: held.staffNo, name: held.name, expiresAt: new Date(held.expiresAt).toISOString() };
  }

  async checkIn(raw: unknown): Promise<IssueResult> {
    const code = appointmentCode(raw);
    if (!code) throw kioskError('INVALID_APPOINTMENT_CODE');
    await this.printerReady();
    if (!this.#d.hall.online) throw kioskError('HALL_OFFLINE');
    let hallTicket: Ticket;
    try {
      hallTicket = await this.#d.hall.call('checkInAppointment', { body: { code } });
    } catch (err) {
      if (err instanceof HallUnreachableError) throw kioskError('HALL_OFFLINE');
      throw this.#hallRefusal(err);
    }
    const ticket = this.#fromHall(hallTicket);
    this.#log.info('appointment checked in', { number: ticket.number, serviceCode: ticket.serviceCode });
    const result = await this.#printOrWithdraw(ticket, () => this.#cancel(hallTicket));
    this.#d.visitor.forget();
    return result;
  }

  async lookupTicket(raw: unknown): Promise<TicketLookup> {
    const number = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
    if (!TICKET_NUMBER.test(number)) throw kioskError('INVALID_TICKET_NUMBER');
    if (this.#d.hall.online) {
      try {
        const { tickets } = await this.#d.hall.call('findTickets', { query: { number } });
        const t = tickets[0];
        if (!t) throw kioskError('TICKET_NOT_FOUND');
        const out: TicketLookup = {
          number: t.number,
          status: t.status,
          serviceCode: t.serviceCode,
          waitingAhead: t.waitingAhead,
          estimatedWaitMinutes: t.estimatedWaitMinutes,
        };
        if (t.windowNo !== undefined) out.windowNo = t.windowNo;
        return out;
      } catch (err) {
        if (!(err instanceof HallUnreachableError)) throw err instanceof KioskError ? err : this.#hallRefusal(err);
      }
    }
    const pending = this.#d.store.findPending(number);
    if (!pending) throw kioskError('HALL_OFFLINE');
    const load = this.#d.catalogue.find(pending.serviceCode)?.load;
    return {
      number,
      status: 'waiting',
      serviceCode: pending.serviceCode,
      waitingAhead: load?.waiting ?? 0,
      estimatedWaitMinutes: load?.estimatedWaitMinutes ?? 0,
    };
  }

  async reprintLast(): Promise<IssueResult> {
    this.#d.staff.require();
    const last = this.#last;
    if (!last) throw kioskError('NOTHING_TO_REPRINT');
    await this.printerReady();
    await this.#print(last.ticket, { reprint: true });
    this.#log.info('ticket reprinted', { number: last.ticket.number });
    return { ticket: last.ticket, printed: true };
  }

  // --- printing ------------------------------------------------------------------

  async #print(ticket: IssuedTicket, options: { reprint?: boolean } = {}): Promise<void> {
    const printer = this.#d.devices.printer;
    if (!printer) throw new PrintError('DISCONNECTED', 'no printer', false);
    const outcome = await printer.printTicket(this.#ticketJson(ticket, options));
    if (outcome.paperLow) this.#d.devices.notePrinter({ state: 'warning', code: 'PAPER_LOW' });
  }

  async #printOrWithdraw(ticket: IssuedTicket, withdraw: () => Promise<void>): Promise<IssueResult> {
    try {
      await this.#print(ticket);
    } catch (err) {
      this.#log.error('ticket print failed: withdrawing the ticket', { number: ticket.number, offline: ticket.offline, error: err });
      await withdraw().catch((e: unknown) => this.#log.error('could not withdraw the unprinted ticket', { number: ticket.number, error: e }));
      void this.#d.devices.checkPrinter().catch(() => {});
      throw kioskError('PRINT_FAILED', { number: ticket.number, printer: err instanceof PrintError ? err.code : 'PRINT_FAILED' });
    }
    const result: IssueResult = { ticket, printed: true };
    this.#last = result;
    return result;
  }

  async #cancel(ticket: Ticket): Promise<void> {
    await this.#d.hall.call('cancelTicket', { params: { ticketId: ticket.id }, body: { reason: 'print-failed' } });
    this.#log.warn('ticket cancelled on the hall after a failed print', { number: ticket.number, ticketId: ticket.id });
  }

  #ticketJson(ticket: IssuedTicket, options: { reprint?: boolean }): TicketJson {
    const hallName = this.#d.catalogue.hall?.hall.name['zh-CN'];
    const notes: string[] = [];
    if (options.reprint) notes.push('【补打】');
    if (ticket.offline) notes.push('【离线取号】网络恢复后自动登记，请留意叫号；过号请到服务台。');
    const json: TicketJson = {
      number: ticket.number,
      serviceName: ticket.serviceName['zh-CN'],
      windowHint: ticket.windowHint,
      waitingAhead: ticket.waitingAhead,
      estimatedWaitMinutes: ticket.estimatedWaitMinutes,
      issuedAt: ticket.issuedAt,
      trackUrl: ticket.trackUrl,
    };
    if (hallName) json.hallName = hallName;
    if (notes.length) json.guidance = notes.join('');
    return json;
  }

  #fromHall(t: Ticket): IssuedTicket {
    const out: IssuedTicket = {
      id: t.id,
      number: t.number,
      serviceCode: t.serviceCode,
      serviceName: t.serviceName,
      windowHint: t.targetWindowNo ? `${t.targetWindowNo}号窗口` : this.#d.catalogue.windowHint(t.serviceCode),
      waitingAhead: t.waitingAhead,
      estimatedWaitMinutes: t.estimatedWaitMinutes,
      issuedAt: t.issuedAt,
      trackUrl: this.#trackUrl(t.number, { id: t.id }),
      offline: false,
    };
    if (t.priority) out.priority = t.priority;
    return out;
  }

  #trackUrl(number: string, at: { id?: string; day?: string }): string {
    const q = at.id ? `t=${encodeURIComponent(at.id)}` : `d=${encodeURIComponent(at.day ?? '')}`;
    return `${this.#d.trackBaseUrl}${encodeURIComponent(number)}?${q}`;
  }

  #hallRefusal(err: unknown): KioskError {
    return hallRefusal(err, { safeDetails: SAFE_DETAILS, log: this.#log, where: 'talking to the hall' });
  }

  /** At the edge, a hall failure becomes the kiosk's refusal; anything else goes on as it is (serveRequest logs a bug as INTERNAL). */
  #refusalAtEdge(err: unknown): unknown {
    return err instanceof HallRefusal || err instanceof HallUnreachableError ? this.#hallRefusal(err) : err;
  }
}

/** An appointment code typed, scanned bare, or inside a scanned URL (`…?code=12345678`). */
export function appointmentCode(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim();
  if (APPOINTMENT_CODE.test(text)) return text;
  if (/^https?:\/\//i.test(text)) {
    try {
      const code = new URL(text).searchParams.get('code') ?? '';
      if (APPOINTMENT_CODE.test(code)) return code;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
