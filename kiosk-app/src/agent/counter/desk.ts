/**
 * The counter terminal's side of the hall: the window this terminal's counter
 * token is bound to, the clerk's actions on it, and the window's peripherals.
 *
 * - Every action goes to the hall with an Idempotency-Key; a request that
 *   could not reach the hall is sent again with the same key, so a network
 *   blip never calls a visitor twice. The same action asked for again while
 *   it is under way (a double click, the console and the keypad at once) gets
 *   the answer of the one in flight instead of a second request.
 * - A refusal is answered in the clerk's words, after the window has been
 *   fetched afresh, so the console never acts on a stale picture.
 * - The LED strip shows the number being served ("A012 请到3号窗口"), the
 *   keypad's display the number and how many wait; keypad keys are the same
 *   actions as the console's buttons.
 * - After a service ends the evaluator asks the visitor for a rating, which
 *   is posted with the counter token; without an evaluator the window screen
 *   (display-wall) asks instead.
 *
 * - 前台一口受理: a called ticket linked to a filing made at a filing machine
 *   brings the filing along (form values labelled, the pages by hash; a page
 *   is fetched when the clerk opens it), and the clerk moves the filing on
 *   (accepted, in review, done, returned with a reason) from the console.
 *
 * The full name and ID number of the visitor being served, and their
 * filing's form values, are held only while the window handles the ticket,
 * and are never logged.
 */
import { serialQueue, TICKET_NUMBER } from '@hall/common';
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { TimeoutError, type KeyPress, type LedContent } from '@hall/drivers';
import { HallRefusal } from '@hall/server/client';
import type { BodyIn, Contract, ParamsIn } from '@hall/server/contract';
import type { Filing, QueueSnapshot, Ticket, TicketCalledEvent, UpdateFilingStatusRequest, Window } from '@hall/server/protocol';
import { parseTrackingCode } from '@hall/server/forms';
import type {
  CounterAction,
  CounterActionEvent,
  CounterFiling,
  CounterResult,
  CounterState,
  CounterSummary,
  CounterTicket,
  RatingProgress,
  TransferRequest,
  TransferTargets,
} from '../../shared/kiosk-api.ts';
import { KioskError } from '../../shared/kiosk-api.ts';
import type { Service } from '../../shared/hall-types.ts';
import type { DeviceHub } from '../devices/device-hub.ts';
import { hallRefusal } from '../hall-refusal.ts';
import { resendWhileUnreachable } from '../hall-resend.ts';
import { silentAgentLogger, type AgentLogger } from '../log.ts';
import { kioskError } from '../messages.ts';
import type { HallPort, HallPortEvents } from '../ports.ts';

export type CounterDeskOptions = {
  hall: HallPort;
  devices: DeviceHub;
  logger?: AgentLogger;
  /** The window the token is bound to, if the set-up says (KIOSK_WINDOW_NO); the hall's word wins. */
  windowNo?: number;
  newKey?: () => string;
  /** How long the evaluator waits for the visitor, ms (default 60 s). */
  ratingTimeoutMs?: number;
  /** Resends of a request that could not reach the hall, and the pause between them. */
  retry?: { attempts?: number; delayMs?: number };
};

type DeskEvents = { state: [state: CounterState]; action: [event: CounterActionEvent] };

type Source = CounterActionEvent['source'];
type Outcome = { number?: string; nobodyWaiting?: boolean };
type TicketParams = ParamsIn<Contract['startService']>;

const STAFF_NO = /^[0-9A-Za-z-]{1,32}$/;
const PIN = /^\d{4,8}$/;
/** Details of hall refusals the console may show. */
const SAFE_DETAILS = ['number', 'windowNo', 'status'];
const KEYPAD_PAUSE_REASON = '呼叫器暂停';
const SHA256 = /^[0-9a-f]{64}$/;
type FilingMove = UpdateFilingStatusRequest['status'];
const FILING_MOVES: readonly FilingMove[] = ['accepted', 'in-review', 'done', 'returned'];
const isFilingMove = (s: unknown): s is FilingMove => typeof s === 'string' && (FILING_MOVES as readonly string[]).includes(s);
/** A page of a few megabytes on a slow hall LAN: more than the ordinary request time. */
const PAGE_TIMEOUT_MS = 30_000;


export class CounterDesk extends EventEmitter<DeskEvents> {
  readonly #o: CounterDeskOptions;
  readonly #hall: HallPort;
  readonly #devices: DeviceHub;
  readonly #log: AgentLogger;
  #windowNo: number | null;
  #names = new Map<string, { 'zh-CN': string; en: string }>();
  /** The ticket being handled, fetched with the token of the window handling it (full identity). */
  #current: CounterTicket | null = null;
  #fetching: string | undefined;
  #rating: RatingProgress = { state: 'idle' };
  #ratingAbort: AbortController | undefined;
  #ratingDone: Promise<void> = Promise.resolve();
  readonly #inflight = new Map<string, Promise<CounterResult>>();
  /** Issuing, printing and window actions run one at a time. */
  readonly #serial = serialQueue();
  #ledShown: string | undefined;
  #keypadShown: string | undefined;
  #peripherals: Promise<void> = Promise.resolve();
  readonly #off: (() => void)[] = [];
  #closed = false;

  constructor(options: CounterDeskOptions) {
    super();
    this.#o = options;
    this.#hall = options.hall;
    this.#devices = options.devices;
    this.#log = options.logger ?? silentAgentLogger;
    this.#windowNo = options.windowNo ?? null;
    this.#wire();
  }

  get windowNo(): number | null {
    return this.#windowNo;
  }

  dispose(): void {
    this.#closed = true;
    this.#ratingAbort?.abort();
    for (const off of this.#off) off();
    this.#current = null;
  }

  /** Resolves once the rating under way (if any) and the peripherals' updates are done. */
  async idle(): Promise<void> {
    await Promise.all([this.#ratingDone, this.#peripherals, this.#serial(async () => {})]);
  }

  // --- state ------------------------------------------------------------------

  #window(snapshot: QueueSnapshot | undefined = this.#hall.snapshot): Window | undefined {
    return this.#windowNo === null ? undefined : snapshot?.windows.find((w) => w.no === this.#windowNo);
  }

  state(): CounterState {
    const snapshot = this.#hall.snapshot;
    const w = this.#window(snapshot);
    const loads = new Map((snapshot?.services ?? []).map((s) => [s.code, s]));
    const state: CounterState = {
      windowNo: this.#windowNo,
      windowName: w?.name ?? '',
      state: w?.state ?? 'closed',
      clerk: w?.clerk ? { ...w.clerk } : null,
      queue: (w?.services ?? []).map((s) => ({
        code: s.code,
        name: this.#names.get(s.code) ?? { 'zh-CN': s.code, en: s.code },
        waiting: loads.get(s.code)?.waiting ?? 0,
        estimatedWaitMinutes: loads.get(s.code)?.estimatedWaitMinutes ?? 0,
      })),
      current: this.#currentView(w),
      rating: { ...this.#rating },
      online: this.#hall.online,
      seq: snapshot?.seq ?? 0,
    };
    if (w?.pauseReason) state.pauseReason = w.pauseReason;
    return state;
  }

  #currentView(w: Window | undefined): CounterTicket | null {
    const c = w?.current;
    if (!c || (c.status !== 'called' && c.status !== 'serving')) return null;
    if (this.#current?.id === c.ticketId) {
      const out: CounterTicket = { ...this.#current, status: c.status };
      if (c.calledAt) out.calledAt = c.calledAt;
      return out;
    }
    const minimal: CounterTicket = {
      id: c.ticketId,
      number: c.number,
      serviceCode: c.serviceCode,
      serviceName: this.#names.get(c.serviceCode) ?? { 'zh-CN': c.serviceCode, en: c.serviceCode },
      status: c.status,
      recallCount: 0,
    };
    if (c.calledAt) minimal.calledAt = c.calledAt;
    return minimal;
  }

  #changed(): void {
    if (this.#closed) return;
    const w = this.#window();
    const currentId = w?.current && (w.current.status === 'called' || w.current.status === 'serving') ? w.current.ticketId : undefined;
    if (!currentId) this.#current = null;
    else if (this.#current?.id !== currentId && this.#fetching !== currentId) void this.#fetchCurrent(currentId);
    const state = this.state();
    this.emit('state', state);
    this.#updatePeripherals(state);
  }

  async #fetchCurrent(ticketId: string): Promise<void> {
    this.#fetching = ticketId;
    try {
      const t = await this.#hall.call('getTicket', { params: { ticketId } });
      const current = await this.#withFiling(t);
      if (this.#closed || this.#window()?.current?.ticketId !== ticketId) return;
      this.#current = current;
      this.#changed();
    } catch (err) {
      this.#log.warn('could not fetch the current ticket', { ticketId, error: errorSummary(err) });
    } finally {
      if (this.#fetching === ticketId) this.#fetching = undefined;
    }
  }

  /** Fetches the window and the ticket in front of it afresh (after a refusal, a reconnection or a gap). */
  async resync(): Promise<CounterState> {
    try {
      if (this.#windowNo === null) await this.#identify();
      if (this.#names.size === 0) await this.#loadNames();
      const snapshot = await this.#hall.call('getQueue');
      const w = this.#window(snapshot);
      const id = w?.current && (w.current.status === 'called' || w.current.status === 'serving') ? w.current.ticketId : undefined;
      if (id) {
        const t = await this.#hall.call('getTicket', { params: { ticketId: id } });
        this.#current = await this.#withFiling(t);
      } else this.#current = null;
    } catch (err) {
      this.#log.warn('could not resync the window', { error: errorSummary(err) });
    }
    this.#changed();
    return this.state();
  }

  /** The ticket for the console, with its filing when one is linked (a filing that cannot be fetched now is left out). */
  async #withFiling(t: Ticket): Promise<CounterTicket> {
    const ticket = counterTicket(t, this.#names);
    if (!t.filingCode) return ticket;
    try {
      const filing = await this.#hall.call('getTicketFiling', { params: { ticketId: t.id } });
      ticket.filing = counterFiling(filing);
    } catch (err) {
      this.#log.warn('could not fetch the filing of the current ticket', { number: t.number, trackingCode: t.filingCode, error: errorSummary(err) });
    }
    return ticket;
  }

  /** The hall says which window the counter token is bound to (the terminal's own record). */
  async #identify(): Promise<void> {
    try {
      const me = await this.#hall.call('reportDevices', { body: { devices: this.#devices.statuses() } });
      if (me.windowNo === undefined) {
        this.#log.error('the counter token is not bound to a window: create it with --window NO');
        return;
      }
      if (this.#o.windowNo !== undefined && this.#o.windowNo !== me.windowNo) {
        this.#log.error('KIOSK_WINDOW_NO disagrees with the window the token is bound to; using the token’s', { configured: this.#o.windowNo, bound: me.windowNo });
      }
      if (this.#windowNo !== me.windowNo) {
        this.#windowNo = me.windowNo;
        this.#log.info('counter bound to its window', { windowNo: me.windowNo });
      }
    } catch (err) {
      this.#log.warn('could not ask the hall which window this is', { error: errorSummary(err) });
    }
  }

  async #loadNames(): Promise<Service[]> {
    const { services } = await this.#hall.call('listServices');
    this.#names = new Map(services.map((s) => [s.code, s.name]));
    return services;
  }

  // --- actions ------------------------------------------------------------------

  signIn(staffNo: unknown, pin: unknown, source: Source = 'console'): Promise<CounterState> {
    if (typeof staffNo !== 'string' || !STAFF_NO.test(staffNo.trim())) return Promise.reject(kioskError('INVALID_STAFF_NO'));
    if (typeof pin !== 'string' || !PIN.test(pin)) return Promise.reject(kioskError('WRONG_PIN'));
    const no = staffNo.trim();
    return this.#act(source, 'signIn', `signIn:${no}`, async (w) => {
      await this.#resend('signIn', (idempotencyKey) => this.#hall.call('signIn', { params: { windowNo: w }, body: { staffNo: no, pin }, idempotencyKey }));
      this.#log.info('clerk signed in', { windowNo: w, staffNo: no });
      return {};
    }).then((r) => r.state);
  }

  signOut(source: Source = 'console'): Promise<CounterState> {
    return this.#act(source, 'signOut', 'signOut', async (w) => {
      await this.#resend('closeWindow', (idempotencyKey) => this.#hall.call('closeWindow', { params: { windowNo: w }, idempotencyKey }));
      this.#log.info('clerk signed out; window closed', { windowNo: w });
      return {};
    }).then((r) => r.state);
  }

  callNext(source: Source = 'console'): Promise<CounterResult> {
    return this.#act(source, 'callNext', 'callNext', async (w) => {
      const before = this.#handling();
      const t = await this.#resend('callNext', (idempotencyKey) => this.#hall.call('callNext', { params: { windowNo: w }, idempotencyKey }));
      // Calling the next visitor finishes the one before (docs/hall-server.md): ask them for a rating.
      if (before) this.#startRating(before);
      if (!t) return { nobodyWaiting: true };
      this.#log.info('ticket called', { windowNo: w, number: t.number, serviceCode: t.serviceCode });
      return { number: t.number };
    });
  }

  callTicket(raw: unknown, source: Source = 'console'): Promise<CounterResult> {
    const number = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
    if (!TICKET_NUMBER.test(number)) return Promise.reject(kioskError('INVALID_TICKET_NUMBER'));
    return this.#act(source, 'callTicket', `callTicket:${number}`, async (w) => {
      const before = this.#handling();
      const t = await this.#resend('callTicket', (idempotencyKey) => this.#hall.call('callTicket', { params: { windowNo: w }, body: { number }, idempotencyKey }));
      if (before && before.id !== t.id) this.#startRating(before);
      this.#log.info('ticket called by number', { windowNo: w, number: t.number });
      return { number: t.number };
    });
  }

  recallTicket(source: Source = 'console'): Promise<CounterResult> {
    return this.#act(source, 'recallTicket', 'recallTicket', async (w) => {
      const t = await this.#resend('recallTicket', (idempotencyKey) => this.#hall.call('recallTicket', { params: { windowNo: w }, idempotencyKey }));
      this.#log.info('ticket recalled', { windowNo: w, number: t.number, recallCount: t.recallCount });
      return { number: t.number };
    });
  }

  startService(ticketId?: unknown, source: Source = 'console'): Promise<CounterResult> {
    return this.#ticketAction(source, 'startService', ticketId, 'service started', (params, idempotencyKey) => this.#hall.call('startService', { params, idempotencyKey }));
  }

  skipTicket(ticketId?: unknown, source: Source = 'console'): Promise<CounterResult> {
    return this.#ticketAction(source, 'skipTicket', ticketId, 'ticket marked a no-show', (params, idempotencyKey) => this.#hall.call('skipTicket', { params, idempotencyKey }));
  }

  finishTicket(ticketId?: unknown, source: Source = 'console'): Promise<CounterResult> {
    return this.#ticketAction(
      source,
      'finishTicket',
      ticketId,
      'service finished',
      (params, idempotencyKey) => this.#hall.call('finishTicket', { params, idempotencyKey }),
      (t) => this.#startRating(t),
    );
  }

  transferTicket(raw: unknown, source: Source = 'console'): Promise<CounterResult> {
    const r = (raw ?? {}) as TransferRequest;
    const body: BodyIn<Contract['transferTicket']> = {};
    if (typeof r.toServiceCode === 'string' && r.toServiceCode.trim()) body.toServiceCode = r.toServiceCode.trim();
    if (typeof r.toWindowNo === 'number' && Number.isInteger(r.toWindowNo) && r.toWindowNo > 0) body.toWindowNo = r.toWindowNo;
    if (typeof r.note === 'string' && r.note.trim()) body.note = r.note.trim().slice(0, 200);
    if (body.toServiceCode === undefined && body.toWindowNo === undefined) return Promise.reject(kioskError('TRANSFER_TARGET_REQUIRED'));
    return this.#ticketAction(source, 'transferTicket', r.ticketId, 'ticket transferred', (params, idempotencyKey) => this.#hall.call('transferTicket', { params, body, idempotencyKey }));
  }

  pauseWindow(raw: unknown, source: Source = 'console'): Promise<CounterResult> {
    const reason = typeof raw === 'string' ? raw.trim().slice(0, 200) : '';
    if (!reason) return Promise.reject(kioskError('REASON_REQUIRED'));
    return this.#act(source, 'pauseWindow', 'pauseWindow', async (w) => {
      await this.#resend('pauseWindow', (idempotencyKey) => this.#hall.call('pauseWindow', { params: { windowNo: w }, body: { reason }, idempotencyKey }));
      this.#log.info('window paused', { windowNo: w });
      return {};
    });
  }

  resumeWindow(source: Source = 'console'): Promise<CounterResult> {
    return this.#act(source, 'resumeWindow', 'resumeWindow', async (w) => {
      await this.#resend('resumeWindow', (idempotencyKey) => this.#hall.call('resumeWindow', { params: { windowNo: w }, idempotencyKey }));
      this.#log.info('window resumed', { windowNo: w });
      return {};
    });
  }

  async summary(): Promise<CounterSummary> {
    const w = await this.#bound();
    try {
      const s = await this.#hall.call('getWindowSummary', { params: { windowNo: w } });
      return { day: s.day, served: s.served, noShow: s.noShow, transferred: s.transferred, avgServiceS: s.avgServiceS, ratings: { count: s.ratings.count, average: s.ratings.average } };
    } catch (err) {
      throw this.#refusal(err);
    }
  }

  async transferTargets(): Promise<TransferTargets> {
    const w = await this.#bound();
    try {
      const services = await this.#loadNames();
      const snapshot = this.#hall.snapshot ?? (await this.#hall.call('getQueue'));
      return {
        services: services.map((s) => ({ code: s.code, name: s.name })),
        windows: snapshot.windows.filter((x) => x.no !== w).map((x) => ({ no: x.no, name: x.name, state: x.state })),
      };
    } catch (err) {
      throw this.#refusal(err);
    }
  }

  /** One page of a filing, for the clerk to look at. */
  async filingPage(raw: unknown): Promise<{ contentType: string; dataBase64: string }> {
    const sha256 = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
    if (!SHA256.test(sha256)) throw kioskError('FILE_NOT_FOUND');
    try {
      const file = await this.#hall.call('getFilingFile', { params: { sha256 }, timeoutMs: PAGE_TIMEOUT_MS });
      return { contentType: file.contentType, dataBase64: Buffer.from(file.bytes).toString('base64') };
    } catch (err) {
      if (err instanceof HallRefusal && err.status === 404) throw kioskError('FILE_NOT_FOUND');
      throw this.#refusal(err);
    }
  }

  /** Moves a filing on (the hall keeps who and when); the ticket in hand shows the new status. */
  updateFiling(rawCode: unknown, rawStatus: unknown, rawReason?: unknown): Promise<CounterState> {
    const code = typeof rawCode === 'string' ? parseTrackingCode(rawCode) : null;
    if (!code) return Promise.reject(kioskError('BAD_TRACKING_CODE'));
    if (!isFilingMove(rawStatus)) return Promise.reject(kioskError('INVALID_FILING_STATUS'));
    const reason = typeof rawReason === 'string' ? rawReason.trim().slice(0, 500) : '';
    if (rawStatus === 'returned' && !reason) return Promise.reject(kioskError('REASON_REQUIRED'));
    return this.#serial(async () => {
      try {
        const body = { status: rawStatus, ...(reason ? { reason } : {}) };
        await this.#resend('updateFilingStatus', (idempotencyKey) => this.#hall.call('updateFilingStatus', { params: { trackingCode: code }, body, idempotencyKey }));
      } catch (err) {
        const refusal = this.#refusal(err);
        this.#log.warn('filing status not changed', { trackingCode: code, status: rawStatus, code: refusal.code });
        throw refusal;
      }
      this.#log.info('filing status changed', { trackingCode: code, status: rawStatus, windowNo: this.#windowNo });
      return this.resync();
    });
  }

  /** The ticket this window is handling now, if any (what an action without a ticket id means). */
  #handling(): { id: string; number: string } | undefined {
    const c = this.#window()?.current;
    return c && (c.status === 'called' || c.status === 'serving') ? { id: c.ticketId, number: c.number } : undefined;
  }

  #ticketAction(
    source: Source,
    action: CounterAction,
    rawId: unknown,
    logWhat: string,
    send: (params: TicketParams, idempotencyKey: string) => Promise<Ticket>,
    after?: (t: { id: string; number: string }) => void,
  ): Promise<CounterResult> {
    const given = typeof rawId === 'string' && rawId.length > 0 && rawId.length <= 64 ? rawId : undefined;
    return this.#act(source, action, `${action}:${given ?? 'current'}`, async (w) => {
      const target = given ? { id: given, number: this.#handling()?.id === given ? this.#handling()!.number : '' } : this.#handling();
      if (!target) throw kioskError('NO_CURRENT_TICKET');
      const t = await this.#resend(action, (idempotencyKey) => send({ ticketId: target.id }, idempotencyKey));
      this.#log.info(logWhat, { windowNo: w, number: t.number, serviceCode: t.serviceCode });
      after?.({ id: target.id, number: t.number });
      return { number: t.number };
    });
  }

  /**
   * Runs one action: one at a time per terminal, the same action in flight
   * shared, the window re-read afterwards (and after a refusal), and every
   * outcome announced to the console.
   */
  #act(source: Source, action: CounterAction, key: string, fn: (windowNo: number) => Promise<Outcome>): Promise<CounterResult> {
    const running = this.#inflight.get(key);
    if (running) return running;
    const run = this.#serial(async () => {
      try {
        const windowNo = await this.#bound();
        const outcome = await fn(windowNo);
        const state = await this.resync();
        const result: CounterResult = { state, ...outcome };
        this.emit('action', { source, action, ok: true, ...outcome });
        return result;
      } catch (err) {
        const refusal = this.#refusal(err);
        this.#log.warn('counter action refused', { action, source, code: refusal.code });
        await this.resync();
        this.emit('action', { source, action, ok: false, error: { code: refusal.code, message: refusal.messages, ...(refusal.details ? { details: refusal.details } : {}) } });
        throw refusal;
      }
    });
    this.#inflight.set(key, run);
    const clear = () => {
      if (this.#inflight.get(key) === run) this.#inflight.delete(key);
    };
    run.then(clear, clear);
    return run;
  }

  async #bound(): Promise<number> {
    if (this.#windowNo === null) await this.#identify();
    if (this.#windowNo === null) throw kioskError(this.#hall.online ? 'WINDOW_NOT_BOUND' : 'HALL_OFFLINE');
    return this.#windowNo;
  }


  /** An action with an Idempotency-Key, sent again with the same key when the hall could not be reached. */
  #resend<T>(operationId: string, send: (idempotencyKey: string) => Promise<T>): Promise<T> {
    return resendWhileUnreachable(send, {
      key: this.#o.newKey?.() ?? randomUUID(),
      ...this.#o.retry,
      onResend: (attempt) => this.#log.warn('hall unreachable: sending the action again', { operationId, attempt }),
    });
  }

  #refusal(err: unknown): KioskError {
    return hallRefusal(err, { safeDetails: SAFE_DETAILS, log: this.#log, where: 'at the counter' });
  }

  // --- rating ---------------------------------------------------------------------

  #startRating(ticket: { id: string; number: string }): void {
    this.#ratingAbort?.abort();
    this.#ratingAbort = undefined;
    if (!this.#devices.window.hasEvaluator) {
      // The window screen (display-wall) asks the visitor and posts the rating itself.
      this.#setRating({ state: 'window-screen', ticketId: ticket.id, number: ticket.number });
      return;
    }
    const abort = new AbortController();
    this.#ratingAbort = abort;
    this.#setRating({ state: 'asking', ticketId: ticket.id, number: ticket.number });
    const clerk = this.#window()?.clerk;
    // The withdrawn question sends its own "cancel" to the evaluator: wait for that before asking anew.
    const previous = this.#ratingDone;
    const done = previous
      .then(() => {
        if (abort.signal.aborted) throw new Error('superseded');
        return this.#devices.window.askRating({ clerk: clerk?.name ?? '', clerkId: clerk?.staffNo ?? '', prompt: `请对本次服务进行评价（${ticket.number}）`, timeoutMs: this.#o.ratingTimeoutMs ?? 60_000, signal: abort.signal });
      })
      .then(async (r) => {
        if (abort.signal.aborted || this.#closed) return;
        try {
          const body = { level: r.level, ...(r.reason ? { reason: r.reason } : {}) };
          await this.#resend('rateTicket', (idempotencyKey) => this.#hall.call('rateTicket', { params: { ticketId: ticket.id }, body, idempotencyKey }));
          this.#log.info('rating recorded', { number: ticket.number, level: r.level });
          this.#setRating({ state: 'rated', ticketId: ticket.id, number: ticket.number, level: r.level });
        } catch (err) {
          const code = err instanceof HallRefusal ? err.code : 'HALL_OFFLINE';
          this.#log.warn('the rating could not be recorded', { number: ticket.number, code });
          // The window screen may have taken the rating first.
          this.#setRating(code === 'ALREADY_RATED' ? { state: 'rated', ticketId: ticket.id, number: ticket.number } : { state: 'failed', ticketId: ticket.id, number: ticket.number });
        }
      })
      .catch((err: unknown) => {
        if (abort.signal.aborted || this.#closed) return;
        const timedOut = err instanceof TimeoutError;
        if (!timedOut) this.#log.warn('the evaluator failed', { error: errorSummary(err) });
        this.#setRating({ state: timedOut ? 'no-answer' : 'failed', ticketId: ticket.id, number: ticket.number });
      })
      .finally(() => {
        if (this.#ratingAbort === abort) this.#ratingAbort = undefined;
      });
    this.#ratingDone = done;
  }

  #setRating(rating: RatingProgress): void {
    this.#rating = rating;
    this.#changed();
  }

  // --- peripherals ------------------------------------------------------------------

  #updatePeripherals(state: CounterState, force = false): void {
    if (state.windowNo === null) return;
    const led = ledContent(state);
    const ledKey = JSON.stringify(led);
    const pad = keypadText(state);
    const writeLed = force || ledKey !== this.#ledShown;
    const writePad = pad !== this.#keypadShown;
    if (!writeLed && !writePad) return;
    if (writeLed) this.#ledShown = ledKey;
    if (writePad) this.#keypadShown = pad;
    this.#peripherals = this.#peripherals.then(async () => {
      if (writeLed && this.#devices.window.hasLed) {
        await this.#devices.window.showLed(led).catch((err: unknown) => {
          this.#ledShown = undefined;
          this.#log.debug('LED strip not updated', { error: errorSummary(err) });
        });
      }
      if (writePad && this.#devices.window.hasKeypad) {
        await this.#devices.window.keypadDisplay(pad).catch((err: unknown) => {
          this.#keypadShown = undefined;
          this.#log.debug('keypad display not updated', { error: errorSummary(err) });
        });
      }
    });
  }

  /** Shows a short message on the keypad's display (a refusal), until the next change. */
  #keypadMessage(text: string): void {
    this.#keypadShown = undefined;
    this.#peripherals = this.#peripherals.then(() => this.#devices.window.keypadDisplay(text.slice(0, 24)).catch(() => {}));
  }

  /** A key on the caller keypad: the same actions as the console's buttons. */
  async onKey(press: KeyPress): Promise<void> {
    const state = this.state();
    let run: Promise<unknown>;
    switch (press.key) {
      case 'call-next':
        run = this.callNext('keypad').then((r) => r.nobodyWaiting && this.#keypadMessage('无人等候'));
        break;
      case 'recall':
        run = this.recallTicket('keypad');
        break;
      case 'no-show':
        run = this.skipTicket(undefined, 'keypad');
        break;
      case 'pause':
        // One key on most keypads: it pauses an open window and resumes a paused one.
        run = state.state === 'paused' ? this.resumeWindow('keypad') : this.pauseWindow(KEYPAD_PAUSE_REASON, 'keypad');
        break;
      case 'resume':
        run = this.resumeWindow('keypad');
        break;
      case 'finish':
        run = this.finishTicket(undefined, 'keypad');
        break;
      case 'transfer': {
        const target = press.target ?? '';
        run = /^\d{1,3}$/.test(target) ? this.transferTicket({ toWindowNo: Number(target) }, 'keypad') : Promise.reject(kioskError('TRANSFER_TARGET_REQUIRED'));
        break;
      }
      default:
        return;
    }
    this.#log.info('keypad key', { key: press.key, target: press.target });
    await run.catch((err: unknown) => {
      const e = err instanceof KioskError ? err : this.#refusal(err);
      this.#keypadMessage(e.messages['zh-CN']);
    });
  }

  /** A recall makes the strip blink again, even though the number has not changed. */
  #onCalled(event: TicketCalledEvent): void {
    if (event.windowNo !== this.#windowNo) return;
    if (event.recall) this.#updatePeripherals(this.state(), true);
  }

  // --- wiring -------------------------------------------------------------------

  #wire(): void {
    const on = <A extends unknown[]>(target: { on(e: string, l: (...a: A) => void): unknown; off(e: string, l: (...a: A) => void): unknown }, event: string, listener: (...a: A) => void) => {
      target.on(event, listener);
      this.#off.push(() => target.off(event, listener));
    };
    const hall = this.#hall;
    const onHall = <E extends keyof HallPortEvents>(event: E, listener: (...args: HallPortEvents[E]) => void) => {
      hall.on(event, listener);
      this.#off.push(() => hall.off(event, listener));
    };
    onHall('online', (online) => {
      if (online) void this.resync();
      else this.#changed();
    });
    onHall('snapshot', () => this.#changed());
    onHall('window', (w) => {
      if (w.no === this.#windowNo) this.#changed();
    });
    onHall('load', (loads) => {
      const mine = new Set(this.#window()?.services.map((s) => s.code));
      if (loads.some((l) => mine.has(l.code))) this.#changed();
    });
    onHall('ticket', (t) => {
      if (this.#current?.id !== t.id) return;
      // Keep the identity fetched for this window: the broadcast carries the masked one.
      this.#current = { ...this.#current, status: t.status, recallCount: t.recallCount, ...(t.calledAt ? { calledAt: t.calledAt } : {}) };
      this.#changed();
    });
    onHall('called', (e) => this.#onCalled(e));
    on(this.#devices, 'key', (press: KeyPress) => void this.onKey(press));
  }
}

function counterTicket(t: Ticket, names: Map<string, { 'zh-CN': string; en: string }>): CounterTicket {
  const out: CounterTicket = {
    id: t.id,
    number: t.number,
    serviceCode: t.serviceCode,
    serviceName: t.serviceName ?? names.get(t.serviceCode) ?? { 'zh-CN': t.serviceCode, en: t.serviceCode },
    status: t.status,
    source: t.source,
    issuedAt: t.issuedAt,
    recallCount: t.recallCount,
  };
  if (t.priority) out.priority = t.priority;
  if (t.calledAt) out.calledAt = t.calledAt;
  if (t.identity) {
    const identity: NonNullable<CounterTicket['identity']> = { kind: t.identity.kind, masked: t.identity.masked };
    if (t.identity.nameMasked) identity.nameMasked = t.identity.nameMasked;
    if (t.identity.number) identity.number = t.identity.number;
    if (t.identity.name) identity.name = t.identity.name;
    out.identity = identity;
  }
  if (t.slotStart) out.slotStart = t.slotStart;
  if (t.transferredFrom) out.transferredFrom = t.transferredFrom;
  if (t.transferNote) out.transferNote = t.transferNote;
  return out;
}

/** The clerk's view of a filing: each value under its form label, in the form's order. */
function counterFiling(f: Filing): CounterFiling {
  const values = f.form ?? {};
  const fields = f.fields ?? [];
  const labelled = fields.filter((field) => values[field.key] !== undefined).map((field) => ({ key: field.key, label: field.label, value: values[field.key]! }));
  const known = new Set(fields.map((field) => field.key));
  for (const [key, value] of Object.entries(values)) if (!known.has(key)) labelled.push({ key, label: { 'zh-CN': key, en: key }, value });
  const applicant: CounterFiling['applicant'] = { kind: f.applicant.kind, masked: f.applicant.masked };
  if (f.applicant.number) applicant.number = f.applicant.number;
  if (f.applicant.name) applicant.name = f.applicant.name;
  const out: CounterFiling = {
    trackingCode: f.trackingCode,
    serviceName: f.serviceName,
    status: f.status,
    submittedAt: f.submittedAt,
    applicant,
    form: labelled,
    materials: f.materials.map((m) => ({ materialId: m.materialId, name: m.name, reused: m.reused, pages: m.pages.map((p) => ({ sha256: p.sha256, contentType: p.contentType, size: p.size })) })),
    history: f.history.map((h) => ({ status: h.status, at: h.at, ...(h.by ? { by: actor(h.by) } : {}), ...(h.reason ? { reason: h.reason } : {}) })),
  };
  if (f.dueDate) out.dueDate = f.dueDate;
  return out;
}

/** Who moved a filing, in the clerk's words: `3号窗口 王芳 (1003)`. */
function actor(by: NonNullable<Filing['history'][number]['by']>): string {
  const where = by.windowNo !== undefined ? `${by.windowNo}号窗口` : by.role;
  const who = by.name ? ` ${by.name}` : '';
  return `${where}${who}${by.staffNo ? ` (${by.staffNo})` : ''}`;
}

/** "A012 请到3号窗口" while a number is served; a short message while paused or closed; blank when idle. */
export function ledContent(state: CounterState): LedContent | null {
  if (state.state !== 'open') return { number: '', message: '暂停服务' };
  const c = state.current;
  if (!c) return null;
  return { number: c.number, message: `请到${state.windowNo}号窗口`, blink: c.status === 'called' };
}

/** The keypad's small display: the number in hand (or the window's state) and how many wait. */
export function keypadText(state: CounterState): string {
  const waiting = state.queue.reduce((n, q) => n + q.waiting, 0);
  if (state.state === 'closed') return `未签到 等候${waiting}`;
  if (state.state === 'paused') return `暂停 等候${waiting}`;
  return `${state.current ? state.current.number : '空闲'} 等候${waiting}`;
}

/** What a log line may say about a failure: never a request body, never an identity. */
function errorSummary(err: unknown): Record<string, unknown> {
  if (err instanceof HallRefusal) return { code: err.code, status: err.status };
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { error: String(err) };
}
