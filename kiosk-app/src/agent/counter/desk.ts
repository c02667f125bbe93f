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
 * - The LED strip and the caller keypad show the window, and keypad keys are
 *   the same actions as the console's buttons (peripherals.ts).
 * - After a service ends the visitor is asked for a rating (rating.ts).
 * - 前台一口受理: a called ticket linked to a filing made at a filing machine
 *   brings the filing along, and the clerk moves it on (ticket-filing.ts).
 *
 * The full name and ID number of the visitor being served, and their
 * filing's form values, are held only while the window handles the ticket,
 * and are never logged.
 *
 * Its methods named as the kiosk API's counter methods are those methods:
 * the device host routes them here.
 */
import { serialQueue, TICKET_NUMBER } from '@hall/common';
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { KeyPress } from '@hall/drivers';
import type { BodyIn, Contract, ParamsIn } from '@hall/server/contract';
import type { Ticket, TicketCalledEvent } from '@hall/server/protocol';
import type {
  CounterAction,
  CounterActionEvent,
  CounterResult,
  CounterState,
  CounterSummary,
  TransferRequest,
  TransferTargets,
} from '../../shared/kiosk-api.ts';
import { KioskError } from '../../shared/kiosk-api.ts';
import type { RoleHandlers } from '../../shared/kiosk-methods.ts';
import type { DeviceHub } from '../devices/device-hub.ts';
import { hallRefusal } from '../hall-refusal.ts';
import { resendWhileUnreachable } from '../hall-resend.ts';
import { silentAgentLogger, type AgentLogger } from '../log.ts';
import { kioskError } from '../messages.ts';
import type { HallPort } from '../ports.ts';
import { Listeners } from '../listeners.ts';
import { BoundWindow } from './bound-window.ts';
import { pressKey, WindowPeripherals } from './peripherals.ts';
import { RatingFollowUp } from './rating.ts';
import { filingMove, filingPage } from './ticket-filing.ts';

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

export class CounterDesk extends EventEmitter<DeskEvents> implements RoleHandlers<'counter'> {
  readonly #o: CounterDeskOptions;
  readonly #hall: HallPort;
  readonly #devices: DeviceHub;
  readonly #log: AgentLogger;
  readonly #window: BoundWindow;
  readonly #rating: RatingFollowUp;
  readonly #peripherals: WindowPeripherals;
  readonly #inflight = new Map<string, Promise<CounterResult>>();
  /** Issuing, printing and window actions run one at a time. */
  readonly #serial = serialQueue();
  readonly #listeners = new Listeners();
  #closed = false;

  constructor(options: CounterDeskOptions) {
    super();
    this.#o = options;
    this.#hall = options.hall;
    this.#devices = options.devices;
    this.#log = options.logger ?? silentAgentLogger;
    this.#window = new BoundWindow({
      hall: options.hall,
      devices: options.devices,
      log: this.#log,
      windowNo: options.windowNo,
      onFetched: () => this.#changed(),
    });
    this.#rating = new RatingFollowUp({
      evaluator: options.devices.window,
      record: (ticketId, body) => this.#resend('rateTicket', (idempotencyKey) => this.#hall.call('rateTicket', { params: { ticketId }, body, idempotencyKey })),
      timeoutMs: options.ratingTimeoutMs ?? 60_000,
      log: this.#log,
      onChange: () => this.#changed(),
    });
    this.#peripherals = new WindowPeripherals(options.devices.window, this.#log);
    this.#wire();
  }

  get windowNo(): number | null {
    return this.#window.no;
  }

  dispose(): void {
    this.#closed = true;
    this.#rating.dispose();
    this.#listeners.clear();
    this.#window.close();
  }

  /** Resolves once the rating under way (if any) and the peripherals' updates are done. */
  async idle(): Promise<void> {
    await Promise.all([this.#rating.idle(), this.#peripherals.idle(), this.#serial(async () => {})]);
  }

  // --- state ------------------------------------------------------------------

  counterState(): CounterState {
    return this.#window.state(this.#rating.progress);
  }

  /** Fetches the window and the ticket in front of it afresh (after a refusal, a reconnection or a gap). */
  async resync(): Promise<CounterState> {
    await this.#window.resync();
    this.#changed();
    return this.counterState();
  }

  #changed(): void {
    if (this.#closed) return;
    this.#window.follow();
    const state = this.counterState();
    this.emit('state', state);
    this.#peripherals.show(state);
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
      if (before) this.#askRating(before);
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
      const t = await this.#resend('callTicket', (idempotencyKey) =>
        this.#hall.call('callTicket', { params: { windowNo: w }, body: { number }, idempotencyKey }),
      );
      if (before && before.id !== t.id) this.#askRating(before);
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
    return this.#ticketAction(source, 'startService', ticketId, 'service started', (params, idempotencyKey) =>
      this.#hall.call('startService', { params, idempotencyKey }),
    );
  }

  skipTicket(ticketId?: unknown, source: Source = 'console'): Promise<CounterResult> {
    return this.#ticketAction(source, 'skipTicket', ticketId, 'ticket marked a no-show', (params, idempotencyKey) =>
      this.#hall.call('skipTicket', { params, idempotencyKey }),
    );
  }

  finishTicket(ticketId?: unknown, source: Source = 'console'): Promise<CounterResult> {
    return this.#ticketAction(
      source,
      'finishTicket',
      ticketId,
      'service finished',
      (params, idempotencyKey) => this.#hall.call('finishTicket', { params, idempotencyKey }),
      (t) => this.#askRating(t),
    );
  }

  transferTicket(raw: unknown, source: Source = 'console'): Promise<CounterResult> {
    const r = (raw ?? {}) as TransferRequest;
    const body: BodyIn<Contract['transferTicket']> = {};
    if (typeof r.toServiceCode === 'string' && r.toServiceCode.trim()) body.toServiceCode = r.toServiceCode.trim();
    if (typeof r.toWindowNo === 'number' && Number.isInteger(r.toWindowNo) && r.toWindowNo > 0) body.toWindowNo = r.toWindowNo;
    if (typeof r.note === 'string' && r.note.trim()) body.note = r.note.trim().slice(0, 200);
    if (body.toServiceCode === undefined && body.toWindowNo === undefined) return Promise.reject(kioskError('TRANSFER_TARGET_REQUIRED'));
    return this.#ticketAction(source, 'transferTicket', r.ticketId, 'ticket transferred', (params, idempotencyKey) =>
      this.#hall.call('transferTicket', { params, body, idempotencyKey }),
    );
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

  async windowSummary(): Promise<CounterSummary> {
    const w = await this.#bound();
    try {
      const s = await this.#hall.call('getWindowSummary', { params: { windowNo: w } });
      return {
        day: s.day,
        served: s.served,
        noShow: s.noShow,
        transferred: s.transferred,
        avgServiceS: s.avgServiceS,
        ratings: { count: s.ratings.count, average: s.ratings.average },
      };
    } catch (err) {
      throw this.#refusal(err);
    }
  }

  async transferTargets(): Promise<TransferTargets> {
    const w = await this.#bound();
    try {
      const services = await this.#window.loadNames();
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
  filingPage(sha256: unknown): Promise<{ contentType: string; dataBase64: string }> {
    return filingPage(this.#hall, sha256, (err) => this.#refusal(err));
  }

  /** Moves a filing on (the hall keeps who and when); the ticket in hand shows the new status. */
  async updateFiling(rawCode: unknown, rawStatus: unknown, rawReason?: unknown): Promise<CounterState> {
    const { trackingCode, body } = filingMove(rawCode, rawStatus, rawReason);
    return this.#serial(async () => {
      try {
        await this.#resend('updateFilingStatus', (idempotencyKey) => this.#hall.call('updateFilingStatus', { params: { trackingCode }, body, idempotencyKey }));
      } catch (err) {
        const refusal = this.#refusal(err);
        this.#log.warn('filing status not changed', { trackingCode, status: body.status, code: refusal.code });
        throw refusal;
      }
      this.#log.info('filing status changed', { trackingCode, status: body.status, windowNo: this.#window.no });
      return this.resync();
    });
  }

  /** A key on the caller keypad: the same actions as the console's buttons. */
  async onKey(press: KeyPress): Promise<void> {
    const run = pressKey(press, this);
    if (!run) return;
    this.#log.info('keypad key', { key: press.key, target: press.target });
    await run
      .then((r) => r.nobodyWaiting && this.#peripherals.message('无人等候'))
      .catch((err: unknown) => {
        const e = err instanceof KioskError ? err : this.#refusal(err);
        // The keypad's few characters name the refusal; its words are on the console's screen (renderer i18n).
        this.#peripherals.message(`未完成 ${e.code}`);
      });
  }

  // --- how an action runs ---------------------------------------------------------

  /** The ticket this window is handling now, if any (what an action without a ticket id means). */
  #handling(): { id: string; number: string } | undefined {
    return this.#window.inHand();
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
        this.emit('action', { source, action, ok: false, error: { code: refusal.code, ...(refusal.details ? { details: refusal.details } : {}) } });
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
    if (this.#window.no === null) await this.#window.identify();
    const no = this.#window.no;
    if (no === null) throw kioskError(this.#hall.online ? 'WINDOW_NOT_BOUND' : 'HALL_OFFLINE');
    return no;
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

  /** Asks the visitor of a ticket just finished for a rating, with the clerk who served them. */
  #askRating(ticket: { id: string; number: string }): void {
    this.#rating.ask(ticket, this.#window.inSnapshot()?.clerk);
  }

  // --- wiring -------------------------------------------------------------------

  #wire(): void {
    const { on, onHall } = this.#listeners;
    const hall = this.#hall;
    onHall(hall, 'online', (online) => {
      if (online) void this.resync();
      else this.#changed();
    });
    onHall(hall, 'snapshot', () => this.#changed());
    onHall(hall, 'window', (w) => {
      if (w.no === this.#window.no) this.#changed();
    });
    onHall(hall, 'load', (loads) => {
      const mine = new Set(this.#window.inSnapshot()?.services.map((s) => s.code));
      if (loads.some((l) => mine.has(l.code))) this.#changed();
    });
    onHall(hall, 'ticket', (t) => {
      if (this.#window.ticketChanged(t)) this.#changed();
    });
    onHall(hall, 'called', (e) => this.#onCalled(e));
    on(this.#devices, 'key', (press: KeyPress) => void this.onKey(press));
  }

  /** A recall makes the strip blink again, even though the number has not changed. */
  #onCalled(event: TicketCalledEvent): void {
    if (event.windowNo !== this.#window.no) return;
    if (event.recall) this.#peripherals.show(this.counterState(), true);
  }
}
