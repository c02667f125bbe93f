/**
 * KioskHost for the device agent (and for Electron's main process, which
 * hosts the same code): every KioskApi method, over the devices, the hall
 * link and the offline outbox.
 *
 * The rules that matter most live here:
 * - nothing is issued that cannot be printed: the printer is asked first;
 * - a ticket whose print fails is withdrawn (cancelled on the hall, or voided
 *   in the outbox), never left as a ghost in the queue;
 * - the renderer sees masked names and ID numbers only; the full card stays
 *   in memory for the visitor at the screen and is dropped after issuing.
 *
 * Counter methods go to the counter desk (counter/desk.ts), filing methods to
 * the filing desk (filing/filing-desk.ts); other roles refuse them.
 */
import { serialQueue, TICKET_NUMBER } from '@hall/common';
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { TextBlockError, classifyPayload, maskIdNumber, type CardRead, type DriverError, type IdCard, type Scan } from '@hall/drivers';
import { HallRefusal, HallUnreachableError } from '@hall/server/client';
import type { AnswerOf, BodyIn, Contract } from '@hall/server/contract';
import type { Ticket } from '@hall/server/protocol';
import type { KioskHost } from '../shared/host.ts';
import type {
  DeviceStatus,
  HallLink as HallLinkState,
  IssueRequest,
  IssueResult,
  IssuedTicket,
  KioskErrorBody,
  KioskEvents,
  KioskInfo,
  KioskMethod,
  KioskRole,
  ScanEvent,
  ServiceOption,
  StaffVouch,
  TicketLookup,
} from '../shared/kiosk-api.ts';
import { KioskError } from '../shared/kiosk-api.ts';
import { holderName, maskedCard } from './card-view.ts';
import type { Catalogue } from './catalogue.ts';
import type { CounterDesk } from './counter/desk.ts';
import { FilingDesk } from './filing/filing-desk.ts';
import type { FilingGuides } from './filing/filing-guides.ts';
import type { FilingOutbox } from './filing/filing-outbox.ts';
import { FilingSession, type FilingSessionOptions } from './filing/filing-session.ts';
import type { FilingSync } from './filing/filing-sync.ts';
import type { DeviceHub } from './devices/device-hub.ts';
import { canPrint, PrintError, type PrinterCondition, type TicketJson } from './devices/ticket-printer.ts';
import { hallRefusal } from './hall-refusal.ts';
import { silentAgentLogger, type AgentLogger } from './log.ts';
import { kioskError, message } from './messages.ts';
import type { LeaseKeeper } from './offline/lease-keeper.ts';
import type { OfflineStore } from './offline/offline-store.ts';
import type { OutboxSync } from './offline/outbox-sync.ts';
import type { HallPort, HallPortEvents } from './ports.ts';
import { StaffSession } from './staff.ts';
import { StaffGrantHold } from './staff-grant.ts';
import { VisitorSession } from './visitor.ts';

export type AgentHostDeps = {
  role: KioskRole;
  terminalName: string;
  trackBaseUrl: string;
  staffPin?: string;
  hall: HallPort;
  devices: DeviceHub;
  store: OfflineStore;
  catalogue: Catalogue;
  leases: LeaseKeeper;
  outbox: OutboxSync;
  logger?: AgentLogger;
  now?: () => number;
  /** Idempotency keys for issuing (so a retried request never issues twice). */
  newKey?: () => string;
  agentVersion?: string;
  visitorIdleMs?: number;
  staffSessionMs?: number;
  /** Counter role: the window desk behind the counter methods. */
  counter?: CounterDesk;
  /** Filing role: the filing outbox, its delivery, the guides, and the page limits. */
  filing?: { outbox: FilingOutbox; sync: FilingSync; guides: FilingGuides; session?: Omit<FilingSessionOptions, 'visitor'> };
};

/**
 * A visitor at the filing machine types a form and photographs papers
 * without the screen calling the host for minutes on end. The screen's own
 * idle timeout (which calls forgetVisitor) ends a visit; this is the
 * backstop for a screen that went away with a visitor's card held.
 */
const FILING_VISITOR_IDLE_MS = 5 * 60_000;
/** Defaults while the hall does not publish its policy (hall-server's own defaults). */
const DEFAULT_GREEN_CHANNEL_AGE = 65;
const APPOINTMENT_CODE = /^\d{6,10}$/;
/** What the hall takes as a staff number and a PIN (its SignInRequest). */
const STAFF_NO = /^[0-9A-Za-z-]{1,32}$/;
const STAFF_PIN = /^\d{4,8}$/;
/** Detail fields of hall refusals the screen may show (never identities). */
const SAFE_DETAILS = ['number', 'quotaLeft', 'slotStart', 'earliest', 'latest'];

type HostEvents = { event: [name: keyof KioskEvents, payload: unknown]; 'exit-requested': [] };

export class AgentHost implements KioskHost {
  readonly #d: AgentHostDeps;
  readonly #log: AgentLogger;
  readonly #now: () => number;
  readonly #events = new EventEmitter<HostEvents>();
  readonly #visitor: VisitorSession;
  /** The device-maintenance panel's session (the local PIN, works offline). */
  readonly #staff: StaffSession;
  /** A staff member's word for the current visitor's green channel, checked by the hall. */
  readonly #staffGrant: StaffGrantHold;
  readonly #filingSession: FilingSession | undefined;
  readonly #filing: FilingDesk | undefined;
  readonly #submitting = new Map<string, Promise<unknown>>();
  #last: IssueResult | undefined;
  #linkSince: number;
  /** Issuing, printing and window actions run one at a time. */
  readonly #serial = serialQueue();
  readonly #off: (() => void)[] = [];
  #closed = false;
  #background: Promise<unknown> = Promise.resolve();

  constructor(deps: AgentHostDeps) {
    this.#d = deps;
    this.#log = deps.logger ?? silentAgentLogger;
    this.#now = deps.now ?? Date.now;
    this.#linkSince = this.#now();
    this.#visitor = new VisitorSession({
      idleMs: deps.visitorIdleMs ?? (deps.role === 'filing' ? FILING_VISITOR_IDLE_MS : undefined),
      now: this.#now,
      onExpire: () => this.#log.info('visitor idle: card dropped'),
    });
    this.#staff = new StaffSession({ pin: deps.staffPin, now: this.#now, sessionMs: deps.staffSessionMs });
    this.#staffGrant = new StaffGrantHold(this.#now);
    this.#visitor.attach(this.#staffGrant);
    if (deps.filing) {
      const session = new FilingSession({ visitor: this.#visitor, ...deps.filing.session });
      this.#filingSession = session;
      this.#filing = new FilingDesk({
        hall: deps.hall,
        session,
        outbox: deps.filing.outbox,
        sync: deps.filing.sync,
        guides: deps.filing.guides,
        devices: deps.devices,
        terminalName: deps.terminalName,
        trackBaseUrl: deps.trackBaseUrl,
        hallName: () => this.#d.catalogue.hall?.hall.name['zh-CN'],
        issueTicket: async (serviceCode, card) => {
          await this.#printerReady();
          return this.#issue({ serviceCode, withCard: card !== undefined }, card);
        },
        offlineTicketLease: (number) => this.#d.store.findPending(number)?.leaseId,
        printerReady: () => this.#printerReady(),
        progress: (p) => this.#emit('filing:progress', p),
        onChange: () => this.announceHall(),
        logger: this.#log.child({ part: 'filing' }),
        now: this.#now,
        ...(deps.newKey ? { newKey: deps.newKey } : {}),
      });
    }
    this.#wire();
  }

  // --- KioskHost -------------------------------------------------------------

  subscribe(listener: <E extends keyof KioskEvents>(event: E, payload: KioskEvents[E]) => void): () => void {
    const l = (name: keyof KioskEvents, payload: unknown) => listener(name, payload as never);
    this.#events.on('event', l);
    return () => this.#events.off('event', l);
  }

  /** The Electron shell acts on this; the agent process only logs it. */
  onExitRequested(listener: () => void): () => void {
    this.#events.on('exit-requested', listener);
    return () => this.#events.off('exit-requested', listener);
  }

  async call(method: KioskMethod, params: unknown[]): Promise<unknown> {
    // A visitor gone past the idle time is dropped before anything of theirs can be used.
    this.#visitor.expireIfIdle();
    this.#visitor.touch();
    switch (method) {
      case 'info':
        return this.info();
      case 'services':
        return this.services();
      case 'devices':
        return this.#d.devices.statuses();
      case 'hall':
        return this.hallState();
      case 'issueTicket':
        return this.#serial(() => this.issueTicket(params[0]));
      case 'checkIn':
        return this.#serial(() => this.checkIn(params[0]));
      case 'lookupTicket':
        return this.lookupTicket(params[0]);
      case 'forgetVisitor':
        this.#visitor.forget();
        return undefined;
      case 'staffLogin':
        return this.#staff.login(params[0]);
      case 'grantStaff':
        return this.grantStaff(params[0], params[1]);
      case 'reprintLast':
        return this.#serial(() => this.reprintLast());
      case 'testPrint':
        return this.#serial(() => this.testPrint());
      case 'exitKiosk':
        this.#staff.require();
        this.#log.warn('staff asked to leave kiosk mode');
        this.#events.emit('exit-requested');
        return undefined;
      case 'counterState':
        return this.#desk().state();
      case 'signIn':
        return this.#desk().signIn(params[0], params[1]);
      case 'signOut':
        return this.#desk().signOut();
      case 'callNext':
        return this.#desk().callNext();
      case 'callTicket':
        return this.#desk().callTicket(params[0]);
      case 'recallTicket':
        return this.#desk().recallTicket();
      case 'startService':
        return this.#desk().startService(params[0]);
      case 'skipTicket':
        return this.#desk().skipTicket(params[0]);
      case 'transferTicket':
        return this.#desk().transferTicket(params[0]);
      case 'finishTicket':
        return this.#desk().finishTicket(params[0]);
      case 'pauseWindow':
        return this.#desk().pauseWindow(params[0]);
      case 'resumeWindow':
        return this.#desk().resumeWindow();
      case 'windowSummary':
        return this.#desk().summary();
      case 'transferTargets':
        return this.#desk().transferTargets();
      case 'filingPage':
        return this.#desk().filingPage(params[0]);
      case 'updateFiling':
        return this.#desk().updateFiling(params[0], params[1], params[2]);
      case 'filingServices':
        return this.#filingDesk().services();
      case 'filingGuide':
        return this.#filingDesk().guide(params[0]);
      case 'visitor':
        return this.#filingDesk().visitor();
      case 'identifyCompany':
        return this.#filingDesk().identifyCompany(params[0]);
      case 'stagePage':
        return this.#filingDesk().stagePage(params[0]);
      case 'dropPage':
        return this.#filingDesk().dropPage(params[0]);
      case 'myMaterials':
        return this.#filingDesk().myMaterials();
      case 'submitFiling':
        return this.#submitFiling(params[0]);
      case 'lookupFiling':
        return this.#filingDesk().lookup(params[0]);
      case 'myFilings':
        return this.#filingDesk().myFilings();
      case 'undeliveredFilings':
        this.#staff.require();
        return this.#filingDesk().undelivered();
      default:
        throw kioskError('INVALID_REQUEST', { method });
    }
  }

  #desk(): CounterDesk {
    if (!this.#d.counter) throw kioskError('NOT_COUNTER');
    return this.#d.counter;
  }

  #filingDesk(): FilingDesk {
    if (!this.#filing) throw kioskError('NOT_FILING');
    return this.#filing;
  }

  /**
   * One submit at a time (it may issue and print a ticket too), and the same
   * request asked again while it runs (a double tap) gets that submit's
   * answer instead of filing twice.
   */
  #submitFiling(request: unknown): Promise<unknown> {
    const desk = this.#filingDesk();
    const key = JSON.stringify(request ?? null);
    const running = this.#submitting.get(key);
    if (running) return running;
    const run = this.#serial(() => desk.submit(request));
    this.#submitting.set(key, run);
    const clear = () => this.#submitting.delete(key);
    run.then(clear, clear);
    return run;
  }

  dispose(): void {
    this.#closed = true;
    this.#d.counter?.dispose();
    for (const off of this.#off) off();
    this.#visitor.forget();
  }

  /** Resolves once background work (reconnect chores) and any issue in progress are over. */
  async idle(): Promise<void> {
    await Promise.all([this.#background.catch(() => {}), this.#serial(async () => {}), this.#d.counter?.idle()]);
  }

  // --- state ------------------------------------------------------------------

  info(): KioskInfo {
    const h = this.#d.catalogue.hall;
    return {
      role: this.#d.role,
      terminalName: this.#d.terminalName,
      hall: h ? { id: h.hall.id, name: h.hall.name } : null,
      policy: { anonymousTickets: this.#anonymousTickets(), greenChannelAge: this.#greenChannelAge() },
      trackBaseUrl: this.#d.trackBaseUrl,
      agentVersion: this.#d.agentVersion ?? '0.1.0',
    };
  }

  async services(): Promise<ServiceOption[]> {
    if (this.#d.catalogue.services.length === 0 && this.#d.hall.online) await this.#refreshServices();
    return this.#d.catalogue.services;
  }

  hallState(): HallLinkState {
    const state: HallLinkState = { online: this.#d.hall.online, since: new Date(this.#linkSince).toISOString(), pendingOffline: this.#d.store.pendingCount() };
    if (this.#d.filing) {
      const { pending, parked } = this.#d.filing.outbox.counts();
      state.pendingFilings = pending;
      state.parkedFilings = parked;
    }
    return state;
  }

  #greenChannelAge(): number {
    return this.#d.catalogue.hall?.policy?.greenChannelAge ?? DEFAULT_GREEN_CHANNEL_AGE;
  }

  #anonymousTickets(): boolean {
    return this.#d.catalogue.hall?.policy?.anonymousTickets ?? true;
  }

  #emit<E extends keyof KioskEvents>(event: E, payload: KioskEvents[E]): void {
    this.#events.emit('event', event, payload);
  }

  // --- issuing -------------------------------------------------------------------

  async issueTicket(raw: unknown): Promise<IssueResult> {
    const request = raw as IssueRequest | undefined;
    if (!request || typeof request !== 'object' || typeof request.serviceCode !== 'string' || request.serviceCode.length === 0 || request.serviceCode.length > 40) {
      throw kioskError('INVALID_REQUEST');
    }
    if (request.greenChannel !== undefined) {
      if (request.greenChannel !== 'disabled' && request.greenChannel !== 'military') throw kioskError('INVALID_REQUEST');
      // The hall grants disabled/military only on a staff member's word, given for this visitor (grantStaff).
      if (!this.#staffGrant.current()) throw kioskError('GREEN_CHANNEL_NEEDS_STAFF');
    }
    await this.#printerReady();
    let card: IdCard | undefined;
    if (request.withCard) {
      card = this.#visitor.card;
      if (!card) throw kioskError('NO_CARD');
    }
    let result: IssueResult;
    try {
      result = await this.#issue(request, card);
    } catch (err) {
      // The edge: below here a hall failure stays a typed error, so the offline fall-through can see it.
      throw this.#refusalAtEdge(err);
    }
    this.#visitor.forget();
    return result;
  }

  /**
   * Issues online, or offline from a lease when the hall cannot be reached, and prints (the printer already asked).
   * Throws KioskErrors of its own and the hall's refusals untranslated; the caller is the edge that words them.
   */
  #issue(request: IssueRequest, card: IdCard | undefined): Promise<IssueResult> {
    return this.#d.hall.online ? this.#issueOnline(request, card).catch((err) => this.#offlineOr(err, () => this.#issueOffline(request, card))) : this.#issueOffline(request, card);
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
    this.#log.info('ticket issued', { number: ticket.number, serviceCode: ticket.serviceCode, withCard: !!card, idMasked: card ? maskIdNumber(card.idNumber) : undefined });
    return this.#printOrWithdraw(ticket, () => this.#cancel(hallTicket));
  }

  async #issueOffline(request: IssueRequest, card: IdCard | undefined): Promise<IssueResult> {
    const { catalogue, store } = this.#d;
    const service = catalogue.find(request.serviceCode);
    if (!service) throw kioskError('UNKNOWN_SERVICE');
    if (!service.issuingNow) throw kioskError('OUTSIDE_ISSUING_HOURS');
    if (!card && !this.#anonymousTickets()) throw kioskError('IDENTITY_REQUIRED');
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
    this.#log.warn('ticket issued offline', { number: ticket.number, serviceCode: ticket.serviceCode, leaseId: entry.leaseId, idMasked: card ? maskIdNumber(card.idNumber) : undefined });
    try {
      return await this.#printOrWithdraw(ticket, async () => store.voidTicket(entry.leaseId, entry.number));
    } finally {
      this.#emit('hall', this.hallState());
    }
  }

  /**
   * A staff member vouches for the current visitor's green channel with
   * their own staff number and PIN, which the hall checks (with its
   * lockouts). The grant stays here, attached to the visitor; the screen
   * learns who vouched and until when.
   */
  async grantStaff(rawStaffNo: unknown, rawPin: unknown): Promise<StaffVouch> {
    if (this.#d.role !== 'ticket') throw kioskError('FORBIDDEN_ROLE');
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
    this.#visitor.touch();
    this.#log.info('staff vouched for a green channel', { staffNo: held.staffNo, expiresAt: new Date(held.expiresAt).toISOString() });
    return { staffNo: held.staffNo, name: held.name, expiresAt: new Date(held.expiresAt).toISOString() };
  }

  async checkIn(raw: unknown): Promise<IssueResult> {
    const code = appointmentCode(raw);
    if (!code) throw kioskError('INVALID_APPOINTMENT_CODE');
    await this.#printerReady();
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
    this.#visitor.forget();
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
        const out: TicketLookup = { number: t.number, status: t.status, serviceCode: t.serviceCode, waitingAhead: t.waitingAhead, estimatedWaitMinutes: t.estimatedWaitMinutes };
        if (t.windowNo !== undefined) out.windowNo = t.windowNo;
        return out;
      } catch (err) {
        if (!(err instanceof HallUnreachableError)) throw err instanceof KioskError ? err : this.#hallRefusal(err);
      }
    }
    const pending = this.#d.store.findPending(number);
    if (!pending) throw kioskError('HALL_OFFLINE');
    const load = this.#d.catalogue.find(pending.serviceCode)?.load;
    return { number, status: 'waiting', serviceCode: pending.serviceCode, waitingAhead: load?.waiting ?? 0, estimatedWaitMinutes: load?.estimatedWaitMinutes ?? 0 };
  }

  async reprintLast(): Promise<IssueResult> {
    this.#staff.require();
    const last = this.#last;
    if (!last) throw kioskError('NOTHING_TO_REPRINT');
    await this.#printerReady();
    await this.#print(last.ticket, { reprint: true });
    this.#log.info('ticket reprinted', { number: last.ticket.number });
    return { ticket: last.ticket, printed: true };
  }

  async testPrint(): Promise<void> {
    this.#staff.require();
    await this.#printerReady();
    const printer = this.#d.devices.printer;
    if (!printer) throw kioskError('PRINTER_ABSENT');
    try {
      const outcome = await printer.testPrint();
      if (outcome.paperLow) this.#d.devices.notePrinter({ state: 'warning', code: 'PAPER_LOW' });
    } catch (err) {
      void this.#d.devices.checkPrinter().catch(() => {});
      throw kioskError('PRINT_FAILED', { printer: err instanceof PrintError ? err.code : 'PRINT_FAILED' });
    }
  }

  // --- printing ------------------------------------------------------------------

  /** Refuses (before anything is issued) when the printer cannot print a ticket now. */
  async #printerReady(): Promise<void> {
    const condition = await this.#d.devices.checkPrinter();
    if (!condition) throw kioskError('PRINTER_ABSENT');
    if (canPrint(condition)) return;
    this.#log.warn('issuing refused: printer not ready', { code: condition.code, state: condition.state });
    throw kioskError(refusalFor(condition), { printer: condition.code ?? condition.state });
  }

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


  // --- wiring -------------------------------------------------------------------

  #wire(): void {
    const { devices, hall, catalogue } = this.#d;
    const on = <A extends unknown[]>(target: { on(e: string, l: (...a: A) => void): unknown; off(e: string, l: (...a: A) => void): unknown }, event: string, listener: (...a: A) => void) => {
      target.on(event, listener);
      this.#off.push(() => target.off(event, listener));
    };
    on(devices, 'devices', (statuses: DeviceStatus[]) => {
      this.#emit('devices', statuses);
      void this.#reportDevices(statuses);
    });
    on(devices, 'card', (read: CardRead) => this.#onCard(read.card));
    on(devices, 'card-error', (err: DriverError) => {
      this.#log.warn('card read failed', { error: err });
      const body: KioskErrorBody = { code: 'CARD_READ_FAILED', message: message('CARD_READ_FAILED') };
      if (err instanceof TextBlockError && /number|check digit/i.test(err.message)) {
        body.code = 'INVALID_ID_NUMBER';
        body.message = message('INVALID_ID_NUMBER');
      }
      this.#emit('card:error', body);
    });
    on(devices, 'scan', (scan: Scan) => this.#onScan(scan));
    const desk = this.#d.counter;
    if (desk) {
      on(desk, 'state', (state: KioskEvents['counter']) => this.#emit('counter', state));
      on(desk, 'action', (event: KioskEvents['counter:action']) => this.#emit('counter:action', event));
    }
    const onHall = <E extends keyof HallPortEvents>(event: E, listener: (...args: HallPortEvents[E]) => void) => {
      hall.on(event, listener);
      this.#off.push(() => hall.off(event, listener));
    };
    onHall('online', (online) => {
      this.#linkSince = this.#now();
      this.#emit('hall', this.hallState());
      if (online) this.#background = this.#onReconnect();
    });
    onHall('snapshot', (snapshot) => {
      const newDay = catalogue.setSnapshot(snapshot);
      this.#emit('services', catalogue.services);
      if (newDay && hall.online) void this.#refreshServices().then(() => this.#refillLeases());
    });
    onHall('load', (loads) => {
      if (catalogue.applyLoad(loads)) this.#emit('services', catalogue.services);
    });
  }

  #onCard(card: IdCard): void {
    // A card is a new visitor: a staff member's word for the last one does not pass to them.
    if (this.#visitor.card?.idNumber !== card.idNumber) this.#staffGrant.forget();
    this.#visitor.hold(card);
    this.#filingSession?.cardSwiped();
    const masked = maskedCard(card, { day: this.#d.catalogue.day(this.#now()), greenChannelAge: this.#greenChannelAge(), readAt: this.#now() });
    this.#log.info('card read', { cardType: card.cardType, idMasked: masked.idMasked, nameMasked: masked.nameMasked });
    this.#emit('card', masked);
  }

  #onScan(scan: Scan): void {
    const text = scan.text.trim();
    const at = new Date(this.#now()).toISOString();
    const appointment = appointmentCode(text);
    let event: ScanEvent;
    if (appointment) event = { kind: 'appointment', text: appointment, at };
    else if (TICKET_NUMBER.test(text.toUpperCase())) event = { kind: 'ticket', text: text.toUpperCase(), at };
    else {
      const kind = classifyPayload(text, { appointmentPattern: APPOINTMENT_CODE });
      if (kind === 'id-number') event = { kind: 'id-number', text: maskIdNumber(text), at };
      else if (kind === 'uscc') event = { kind: 'uscc', text, at };
      else if (kind === 'url') event = { kind: 'url', text, at };
      else event = { kind: 'text', text: text.slice(0, 200), at };
    }
    this.#log.info('scan', { kind: event.kind, text: event.kind === 'text' ? `${event.text.length} chars` : event.text });
    // At the filing machine a company's code scanned from its licence identifies the company.
    if (event.kind === 'uscc' && this.#filing) this.#filing.identifyCompany(event.text);
    this.#emit('scan', event);
  }

  async #refreshServices(): Promise<void> {
    try {
      const { services } = await this.#d.hall.call('listServices');
      if (this.#closed) return;
      this.#d.catalogue.setServices(services);
      this.#emit('services', this.#d.catalogue.services);
    } catch (err) {
      this.#log.warn('could not refresh the service list', { error: err });
    }
  }

  async #refillLeases(): Promise<void> {
    // A counter terminal issues nothing offline: no leases (the hall would refuse a counter token anyway).
    if (this.#closed || this.#d.role === 'counter') return;
    const day = this.#d.catalogue.hall?.day;
    if (!day || !this.#d.hall.online) return;
    await this.#d.leases.refill(
      this.#d.catalogue.services.map((s) => s.code),
      day,
    );
  }

  async #reportDevices(statuses: DeviceStatus[]): Promise<void> {
    if (!this.#d.hall.online) return;
    try {
      await this.#d.hall.call('reportDevices', { body: { devices: statuses } });
    } catch (err) {
      this.#log.debug('could not report devices', { error: err });
    }
  }

  /** Back online: the hall gets the devices' health, the outbox drains, and leases are topped up. */
  async #onReconnect(): Promise<void> {
    await this.#reportDevices(this.#d.devices.statuses());
    if (this.#closed) return;
    await this.#d.outbox.kick();
    if (this.#closed) return;
    // After the tickets: a filing's link to an offline ticket needs that ticket in the hall first.
    await this.#d.filing?.sync.kick();
    if (this.#closed) return;
    if (this.#d.filing) void this.#d.filing.guides.refresh();
    this.#emit('hall', this.hallState());
    await this.#refreshServices();
    if (this.#closed) return;
    if (!this.#d.catalogue.hall) await this.#d.hall.call('getQueue').then((s) => !this.#closed && this.#d.catalogue.setSnapshot(s)).catch(() => {});
    if (this.#closed) return;
    await this.#refillLeases();
  }

  /** Tells the renderer the link's state again (the outbox drained a little). */
  announceHall(): void {
    if (!this.#closed) this.#emit('hall', this.hallState());
  }

  /** Tops up leases after an issue online used the hall (called by the agent's timer too). */
  refillLeases(): Promise<void> {
    return this.#refillLeases();
  }
}

function refusalFor(condition: PrinterCondition): string {
  switch (condition.code) {
    case 'PAPER_OUT':
      return 'PRINTER_PAPER_OUT';
    case 'COVER_OPEN':
      return 'PRINTER_COVER_OPEN';
    case 'DISCONNECTED':
    case undefined:
      return condition.state === 'absent' ? 'PRINTER_ABSENT' : 'PRINTER_OFFLINE';
    default:
      return condition.state === 'absent' ? 'PRINTER_ABSENT' : 'PRINTER_OFFLINE';
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
