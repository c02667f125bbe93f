/**
 * The window this terminal's counter token is bound to, as the clerk's
 * console shows it: the hall's snapshot of the window, the names of its
 * services, and the ticket in hand fetched with the window's own token (full
 * identity, the linked filing), where the hall's broadcasts carry the
 * identity masked.
 *
 * The hall says which window the token is bound to; the set-up's
 * KIOSK_WINDOW_NO is only a first guess, and a mismatch is logged.
 */
import type { QueueSnapshot, Ticket, Window } from '@hall/server/protocol';
import type { CounterState, CounterTicket, RatingProgress } from '../../shared/kiosk-api.ts';
import type { Service } from '../../shared/hall-types.ts';
import type { DeviceHub } from '../devices/device-hub.ts';
import type { AgentLogger } from '../log.ts';
import type { HallPort, HallPortEvents } from '../ports.ts';
import { errorSummary } from './error-summary.ts';
import { ticketFiling } from './ticket-filing.ts';
import { counterState, counterTicket, ticketInHand, windowOf } from './views.ts';

export type BoundWindowOptions = {
  hall: HallPort;
  devices: Pick<DeviceHub, 'statuses'>;
  log: AgentLogger;
  /** The window the set-up names (KIOSK_WINDOW_NO), if any. */
  windowNo?: number | undefined;
  /** The ticket in hand was fetched. */
  onFetched: () => void;
};

type TicketUpdate = HallPortEvents['ticket'][0];

export class BoundWindow {
  readonly #o: BoundWindowOptions;
  readonly #hall: HallPort;
  readonly #log: AgentLogger;
  #no: number | null;
  #names = new Map<string, { 'zh-CN': string; en: string }>();
  /** The ticket being handled, fetched with the token of the window handling it (full identity). */
  #current: CounterTicket | null = null;
  #fetching: string | undefined;
  #closed = false;

  constructor(options: BoundWindowOptions) {
    this.#o = options;
    this.#hall = options.hall;
    this.#log = options.log;
    this.#no = options.windowNo ?? null;
  }

  /** The window's number; null until the hall has said. */
  get no(): number | null {
    return this.#no;
  }

  /** The window as the hall's snapshot has it. */
  inSnapshot(snapshot: QueueSnapshot | undefined = this.#hall.snapshot): Window | undefined {
    return windowOf(snapshot, this.#no);
  }

  /** The ticket the window is handling now, if any. */
  inHand(): { id: string; number: string } | undefined {
    return ticketInHand(this.inSnapshot());
  }

  state(rating: RatingProgress): CounterState {
    return counterState({ windowNo: this.#no, snapshot: this.#hall.snapshot, names: this.#names, fetched: this.#current, rating, online: this.#hall.online });
  }

  /** Keeps up with the snapshot: the ticket no longer in hand is dropped, a new one fetched. */
  follow(): void {
    const id = this.inHand()?.id;
    if (!id) this.#current = null;
    else if (this.#current?.id !== id && this.#fetching !== id) void this.#fetch(id);
  }

  /** A broadcast about the ticket in hand updates it, keeping the identity fetched for this window; false for any other ticket. */
  ticketChanged(t: TicketUpdate): boolean {
    if (this.#current?.id !== t.id) return false;
    this.#current = { ...this.#current, status: t.status, recallCount: t.recallCount, ...(t.calledAt ? { calledAt: t.calledAt } : {}) };
    return true;
  }

  /** Fetches the window and the ticket in front of it afresh; a failure is logged and the picture kept. */
  async resync(): Promise<void> {
    try {
      if (this.#no === null) await this.identify();
      if (this.#names.size === 0) await this.loadNames();
      const snapshot = await this.#hall.call('getQueue');
      const id = ticketInHand(this.inSnapshot(snapshot))?.id;
      if (id) {
        const t = await this.#hall.call('getTicket', { params: { ticketId: id } });
        this.#current = await this.#withFiling(t);
      } else this.#current = null;
    } catch (err) {
      this.#log.warn('could not resync the window', { error: errorSummary(err) });
    }
  }

  /** Asks the hall which window the counter token is bound to (the terminal's own record). */
  async identify(): Promise<void> {
    try {
      const me = await this.#hall.call('reportDevices', { body: { devices: this.#o.devices.statuses() } });
      if (me.windowNo === undefined) {
        this.#log.error('the counter token is not bound to a window: create it with --window NO');
        return;
      }
      if (this.#o.windowNo !== undefined && this.#o.windowNo !== me.windowNo) {
        this.#log.error('KIOSK_WINDOW_NO disagrees with the window the token is bound to; using the token’s', {
          configured: this.#o.windowNo,
          bound: me.windowNo,
        });
      }
      if (this.#no !== me.windowNo) {
        this.#no = me.windowNo;
        this.#log.info('counter bound to its window', { windowNo: me.windowNo });
      }
    } catch (err) {
      this.#log.warn('could not ask the hall which window this is', { error: errorSummary(err) });
    }
  }

  async loadNames(): Promise<Service[]> {
    const { services } = await this.#hall.call('listServices');
    this.#names = new Map(services.map((s) => [s.code, s.name]));
    return services;
  }

  /** The terminal is shutting down: the identity held goes with it. */
  close(): void {
    this.#closed = true;
    this.#current = null;
  }

  async #fetch(ticketId: string): Promise<void> {
    this.#fetching = ticketId;
    try {
      const t = await this.#hall.call('getTicket', { params: { ticketId } });
      const current = await this.#withFiling(t);
      if (this.#closed || this.inSnapshot()?.current?.ticketId !== ticketId) return;
      this.#current = current;
      this.#o.onFetched();
    } catch (err) {
      this.#log.warn('could not fetch the current ticket', { ticketId, error: errorSummary(err) });
    } finally {
      if (this.#fetching === ticketId) this.#fetching = undefined;
    }
  }

  /** The ticket for the console, with its filing when one is linked (a filing that cannot be fetched now is left out). */
  async #withFiling(t: Ticket): Promise<CounterTicket> {
    const ticket = counterTicket(t, this.#names);
    const filing = await ticketFiling(this.#hall, t, this.#log);
    if (filing) ticket.filing = filing;
    return ticket;
  }
}
