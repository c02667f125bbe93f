/**
 * KioskHost for the device agent (and for Electron's main process, which
 * hosts the same code): it routes every KioskApi method by the method map
 * (shared/kiosk-methods.ts) to the desk of the method's role — the ticket
 * desk (ticket/ticket-desk.ts), the counter desk (counter/desk.ts), the
 * filing desk (filing/filing-desk.ts) — or answers the common ones itself:
 * the terminal, its devices, the hall link, the visitor and the maintenance
 * panel. A terminal refuses another role's methods with that role's code
 * (NOT_TICKET_KIOSK, NOT_COUNTER, NOT_FILING).
 *
 * It also wires the devices and the hall to the renderer's events, and does
 * the chores of a reconnection (devices reported, outboxes drained, leases
 * topped up).
 */
import { serialQueue, TICKET_NUMBER } from '@hall/common';
import { EventEmitter } from 'node:events';
import { TextBlockError, classifyPayload, maskIdNumber, type CardRead, type DriverError, type IdCard, type Scan } from '@hall/drivers';
import type { KioskHost } from '../shared/host.ts';
import type {
  DeviceStatus,
  HallLink as HallLinkState,
  KioskErrorBody,
  KioskEvents,
  KioskInfo,
  KioskMethod,
  KioskRole,
  ScanEvent,
  ServiceOption,
} from '../shared/kiosk-api.ts';
import { kioskMethod, mayCall, ROLE_REFUSAL, type MethodRole, type RoleHandlers } from '../shared/kiosk-methods.ts';
import { maskedCard } from './card-view.ts';
import type { Catalogue } from './catalogue.ts';
import type { CounterDesk } from './counter/desk.ts';
import { testPrint } from './devices/printer-ready.ts';
import type { DeviceHub } from './devices/device-hub.ts';
import { FilingDesk } from './filing/filing-desk.ts';
import type { FilingGuides } from './filing/filing-guides.ts';
import { filingMethods } from './filing/filing-methods.ts';
import type { FilingOutbox } from './filing/filing-outbox.ts';
import { FilingSession, type FilingSessionOptions } from './filing/filing-session.ts';
import type { FilingSync } from './filing/filing-sync.ts';
import { Listeners } from './listeners.ts';
import { silentAgentLogger, type AgentLogger } from './log.ts';
import { kioskError } from './messages.ts';
import type { LeaseKeeper } from './offline/lease-keeper.ts';
import type { OfflineStore } from './offline/offline-store.ts';
import type { OutboxSync } from './offline/outbox-sync.ts';
import type { HallPort } from './ports.ts';
import { StaffSession } from './staff.ts';
import { APPOINTMENT_CODE, appointmentCode, TicketDesk } from './ticket/ticket-desk.ts';
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

type HostEvents = { event: [name: keyof KioskEvents, payload: unknown]; 'exit-requested': [] };
/** Any role's handler: `call` gives it only what the method's schema accepted. */
type Handler = (...params: never[]) => unknown;

export class AgentHost implements KioskHost {
  readonly #d: AgentHostDeps;
  readonly #log: AgentLogger;
  readonly #now: () => number;
  readonly #events = new EventEmitter<HostEvents>();
  readonly #visitor: VisitorSession;
  /** The device-maintenance panel's session (the local PIN, works offline). */
  readonly #staff: StaffSession;
  /** Issues tickets for the ticket role, and for the filing machine's 预登记. */
  readonly #ticket: TicketDesk;
  readonly #filingSession: FilingSession | undefined;
  readonly #filing: FilingDesk | undefined;
  /** The handlers of the common methods, and of this terminal's own role (the others stay unset). */
  readonly #routes: { [R in MethodRole]?: RoleHandlers<R> } = {};
  #linkSince: number;
  /** Issuing, printing and filing run one at a time. */
  readonly #serial = serialQueue();
  readonly #listeners = new Listeners();
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
    this.#ticket = new TicketDesk({
      hall: deps.hall,
      devices: deps.devices,
      store: deps.store,
      catalogue: deps.catalogue,
      visitor: this.#visitor,
      staff: this.#staff,
      trackBaseUrl: deps.trackBaseUrl,
      serial: this.#serial,
      onOutboxChange: () => this.#emit('hall', this.hallState()),
      logger: this.#log,
      now: this.#now,
      ...(deps.newKey ? { newKey: deps.newKey } : {}),
    });
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
        issueTicket: (serviceCode, card) => this.#ticket.issueForFiling(serviceCode, card),
        offlineTicketLease: (number) => this.#d.store.findPending(number)?.leaseId,
        printerReady: () => this.#ticket.printerReady(),
        progress: (p) => this.#emit('filing:progress', p),
        onChange: () => this.announceHall(),
        logger: this.#log.child({ part: 'filing' }),
        now: this.#now,
        ...(deps.newKey ? { newKey: deps.newKey } : {}),
      });
    }
    this.#routes.common = this.#commonMethods();
    if (deps.role === 'ticket') this.#routes.ticket = this.#ticket.methods();
    if (deps.role === 'counter' && deps.counter) this.#routes.counter = deps.counter;
    if (deps.role === 'filing' && this.#filing) this.#routes.filing = filingMethods(this.#filing, { serial: this.#serial, staff: this.#staff });
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
    const spec = kioskMethod(method);
    if (!spec) throw kioskError('INVALID_REQUEST', { method });
    if (spec.role !== 'common' && !mayCall(this.#d.role, method)) throw kioskError(ROLE_REFUSAL[spec.role]);
    // A terminal of the role whose desk was not set up refuses the same way.
    const routes = this.#routes[spec.role] as Readonly<Record<string, Handler>> | undefined;
    if (!routes?.[method]) throw kioskError(spec.role === 'common' ? 'INVALID_REQUEST' : ROLE_REFUSAL[spec.role]);
    const checked = spec.params.safeParse(params);
    if (!checked.success) {
      // Where the call is wrong, never what it held: a parameter may be an ID number or a PIN.
      const path = checked.error.issues[0]?.path ?? [];
      throw kioskError('INVALID_REQUEST', { method, path: path.map((key) => (typeof key === 'number' ? key : String(key))) });
    }
    // A visitor gone past the idle time is dropped before anything of theirs can be used.
    this.#visitor.expireIfIdle();
    this.#visitor.touch();
    // Called on its routes: a desk's methods are its role's handlers.
    return routes[method](...(checked.data as never[]));
  }

  #commonMethods(): RoleHandlers<'common'> {
    return {
      info: () => this.info(),
      services: () => this.services(),
      devices: () => this.#d.devices.statuses(),
      hall: () => this.hallState(),
      forgetVisitor: () => this.#visitor.forget(),
      staffLogin: (pin) => this.#staff.login(pin),
      testPrint: () =>
        this.#serial(() => {
          this.#staff.require();
          return testPrint(this.#d.devices, this.#log);
        }),
      exitKiosk: () => {
        this.#staff.require();
        this.#log.warn('staff asked to leave kiosk mode');
        this.#events.emit('exit-requested');
      },
    };
  }

  dispose(): void {
    this.#closed = true;
    this.#d.counter?.dispose();
    this.#listeners.clear();
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
      policy: this.#d.catalogue.policy(),
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

  #emit<E extends keyof KioskEvents>(event: E, payload: KioskEvents[E]): void {
    this.#events.emit('event', event, payload);
  }

  // --- wiring -------------------------------------------------------------------

  #wire(): void {
    const { devices, hall, catalogue } = this.#d;
    const { on, onHall } = this.#listeners;
    on(devices, 'devices', (statuses: DeviceStatus[]) => {
      this.#emit('devices', statuses);
      void this.#reportDevices(statuses);
    });
    on(devices, 'card', (read: CardRead) => this.#onCard(read.card));
    on(devices, 'card-error', (err: DriverError) => {
      this.#log.warn('card read failed', { error: err });
      const body: KioskErrorBody = { code: 'CARD_READ_FAILED' };
      if (err instanceof TextBlockError && /number|check digit/i.test(err.message)) {
        body.code = 'INVALID_ID_NUMBER';
      }
      this.#emit('card:error', body);
    });
    on(devices, 'scan', (scan: Scan) => this.#onScan(scan));
    const desk = this.#d.counter;
    if (desk) {
      on(desk, 'state', (state: KioskEvents['counter']) => this.#emit('counter', state));
      on(desk, 'action', (event: KioskEvents['counter:action']) => this.#emit('counter:action', event));
    }
    onHall(hall, 'online', (online) => {
      this.#linkSince = this.#now();
      this.#emit('hall', this.hallState());
      if (online) this.#background = this.#onReconnect();
    });
    onHall(hall, 'snapshot', (snapshot) => {
      const newDay = catalogue.setSnapshot(snapshot);
      this.#emit('services', catalogue.services);
      if (newDay && hall.online) void this.#refreshServices().then(() => this.#refillLeases());
    });
    onHall(hall, 'load', (loads) => {
      if (catalogue.applyLoad(loads)) this.#emit('services', catalogue.services);
    });
  }

  #onCard(card: IdCard): void {
    this.#ticket.cardSwiped(card);
    this.#visitor.hold(card);
    this.#filingSession?.cardSwiped();
    const masked = maskedCard(card, {
      day: this.#d.catalogue.day(this.#now()),
      greenChannelAge: this.#d.catalogue.policy().greenChannelAge,
      readAt: this.#now(),
    });
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
    if (!this.#d.catalogue.hall)
      await this.#d.hall
        .call('getQueue')
        .then((s) => !this.#closed && this.#d.catalogue.setSnapshot(s))
        .catch(() => {});
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
