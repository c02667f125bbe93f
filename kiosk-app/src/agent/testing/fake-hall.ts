/**
 * The hall in memory, behind the same port as HallLink (ports.ts), for tests
 * of the desks' and outboxes' own rules without a hall, a network or a
 * clock to wait on. Each operation answers from a small script — answers,
 * answers made from what was sent, refusals, unreachable calls — and every
 * call is kept, with what it sent, for the test to look at.
 *
 * It behaves as the link does where the desks can tell: a call that cannot
 * reach the hall marks the port offline at once, and the port comes back
 * by itself once the hall answers again (a scripted `unreachable()` is a
 * one-off failure, found again on a later turn); an answer, even a
 * refusal, shows it reachable; a `getQueue` answer becomes the snapshot.
 * `cut()` is a hall that stops answering before the port notices (`mend()`
 * ends it); `goOffline()` one the port knows to be gone; `goOnline()` brings
 * either back. The suite in hall-port.contract.ts holds it and HallLink to
 * the same behaviour.
 */
import { EventEmitter } from 'node:events';
import { HallRefusal, HallUnreachableError, type CallInput, type HallClient } from '@hall/server/client';
import type { AnswerOf, Contract, ErrorCode, OperationId } from '@hall/server/contract';
import type { QueueSnapshot } from '@hall/server/protocol';
import type { HallPort, HallPortEvents } from '../ports.ts';

type Answer<K extends OperationId> = AnswerOf<Contract[K]>;
type Input<K extends OperationId> = CallInput<Contract[K]>;

/** One scripted outcome: an answer, an answer made from what was sent (it may throw), or a failure. */
export type FakeStep<K extends OperationId> = Answer<K> | HallRefusal | HallUnreachableError | ((input: Input<K>) => Answer<K> | Promise<Answer<K>>);

export type FakeCall = { operationId: OperationId; input: Record<string, unknown> };

/** The hall's refusal, as the client makes it from the hall's answer. */
export function refusal(status: number, code: ErrorCode, details?: Record<string, unknown>, retryAfterS?: number): HallRefusal {
  return new HallRefusal(status, code, `refused (${code})`, details, retryAfterS);
}

/** A call that could not reach the hall (refused, reset, timed out). */
export function unreachable(why = 'connect ECONNREFUSED'): HallUnreachableError {
  return new HallUnreachableError(why);
}

export class FakeHall extends EventEmitter<HallPortEvents> implements HallPort {
  /** Every call made, in order, with what it sent. */
  readonly calls: FakeCall[] = [];
  readonly #script = new Map<OperationId, FakeStep<never>[]>();
  #online: boolean;
  /** The hall answers calls. */
  #reachable: boolean;
  /** The link's socket is up: the port may find the hall again by itself. */
  #connected: boolean;
  #probe: ReturnType<typeof setTimeout> | undefined;
  #snapshot: QueueSnapshot | undefined;

  constructor(options: { online?: boolean; snapshot?: QueueSnapshot } = {}) {
    super();
    this.#online = options.online ?? true;
    this.#reachable = this.#online;
    this.#connected = this.#online;
    this.#snapshot = options.snapshot;
  }

  get online(): boolean {
    return this.#online;
  }

  get snapshot(): QueueSnapshot | undefined {
    return this.#snapshot;
  }

  // The port's plain signatures: EventEmitter's own generic ones cannot be checked against an interface.
  override on<E extends keyof HallPortEvents>(event: E, listener: (...args: HallPortEvents[E]) => void): this {
    return super.on(event, listener as never);
  }

  override off<E extends keyof HallPortEvents>(event: E, listener: (...args: HallPortEvents[E]) => void): this {
    return super.off(event, listener as never);
  }

  /** Scripts an operation's next outcomes, used in turn; the last one answers every call after it. */
  answer<K extends OperationId>(operationId: K, ...steps: FakeStep<K>[]): this {
    if (steps.length === 0) throw new TypeError(`${operationId}: script at least one outcome`);
    this.#script.set(operationId, steps as FakeStep<never>[]);
    return this;
  }

  /** What each call of one operation sent, in order. */
  sent<K extends OperationId>(operationId: K): Input<K>[] {
    return this.calls.filter((c) => c.operationId === operationId).map((c) => c.input as Input<K>);
  }

  /** The hall is gone and the port knows it (its socket dropped): offline, every call unreachable, until `goOnline()`. */
  goOffline(): void {
    this.#reachable = false;
    this.#connected = false;
    this.#setOnline(false);
  }

  /** The hall stopped answering, but the port has not noticed yet: still online until a call fails. */
  cut(): void {
    this.#reachable = false;
  }

  /** A cut hall answers again; a port that went offline over it finds it by itself. */
  mend(): void {
    this.#reachable = true;
  }

  /** The hall is back and connected (after `goOffline()` or `cut()`). */
  goOnline(): void {
    this.#reachable = true;
    this.#connected = true;
    this.#setOnline(true);
  }

  /** The hall sends a whole snapshot, as on connecting. */
  sendSnapshot(snapshot: QueueSnapshot): void {
    this.#snapshot = snapshot;
    this.emit('snapshot', snapshot);
  }

  readonly call: HallClient['call'] = async (operationId, ...args) => {
    const input = (args[0] ?? {}) as Record<string, unknown>;
    this.calls.push({ operationId, input });
    // As a network call would, the answer comes on a later turn.
    await Promise.resolve();
    if (!this.#reachable) throw this.#unreachable(unreachable(`${operationId}: the hall cannot be reached`));
    const steps = this.#script.get(operationId);
    const step = steps && (steps.length > 1 ? steps.shift() : steps[0]);
    if (step === undefined) throw new Error(`FakeHall: no answer scripted for ${operationId}`);
    let answer: unknown;
    try {
      if (step instanceof Error) throw step;
      answer = typeof step === 'function' ? await (step as (input: unknown) => unknown)(input) : step;
    } catch (err) {
      if (err instanceof HallUnreachableError) throw this.#unreachable(err);
      if (err instanceof HallRefusal) this.#answered();
      throw err;
    }
    this.#answered();
    if (operationId === 'getQueue') this.#snapshot = answer as QueueSnapshot;
    return answer as Answer<typeof operationId>;
  };

  #answered(): void {
    if (this.#connected) this.#setOnline(true);
  }

  #unreachable(err: HallUnreachableError): HallUnreachableError {
    this.#setOnline(false);
    this.#probeUntilBack();
    return err;
  }

  /** The link's health probe, without its backoff: a hall that is there again is found on a later turn. */
  #probeUntilBack(): void {
    if (this.#probe || !this.#connected) return;
    const attempt = () => {
      this.#probe = undefined;
      if (!this.#connected) return;
      if (this.#reachable) this.#setOnline(true);
      else this.#probe = setTimeout(attempt, 5).unref();
    };
    this.#probe = setTimeout(attempt, 0).unref();
  }

  #setOnline(online: boolean): void {
    if (online === this.#online) return;
    this.#online = online;
    this.emit('online', online);
  }
}

// --- what a small hall answers --------------------------------------------------------

type Service = Answer<'listServices'>['services'][number];
type Ticket = Answer<'getTicket'>;

/** A service item as listServices answers it: issuing now, nobody waiting. */
export function hallService(code: string, overrides: Partial<Service> = {}): Service {
  return {
    code,
    name: { 'zh-CN': `事项${code}`, en: `Item ${code}` },
    prefix: 'A',
    category: '综合',
    conditions: [],
    materials: [],
    legalTimeLimitDays: 0,
    appointment: false,
    greenChannel: true,
    issuingNow: true,
    load: { code, waiting: 0, longestWaitS: 0, estimatedWaitMinutes: 0, windowsOpen: 1, issuedToday: 0 },
    ...overrides,
  };
}

/** A queue snapshot of a one-window hall serving `services`, on `day`. */
export function hallSnapshot(services: Service[], day = '2026-03-14', seq = 1): QueueSnapshot {
  return {
    seq,
    at: `${day}T01:00:00.000Z`,
    day,
    hall: {
      id: 'test-hall',
      name: { 'zh-CN': '测试政务服务大厅', en: 'Test service hall' },
      timeZone: 'Asia/Shanghai',
      ratingReasons: [],
      policy: { greenChannelAge: 65, anonymousTickets: true },
    },
    services: services.map((s) => s.load),
    windows: [{ no: 1, name: '1号窗口', state: 'open', services: services.map((s) => ({ code: s.code, weight: 1 })) }],
    recentCalls: [],
  };
}

/** A waiting ticket as the hall answers it when issuing. */
export function hallTicket(number: string, serviceCode: string, overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: `t-${number}`,
    number,
    serviceCode,
    serviceName: { 'zh-CN': `事项${serviceCode}`, en: `Item ${serviceCode}` },
    status: 'waiting',
    source: 'kiosk',
    issuedAt: '2026-03-14T01:00:00.000Z',
    recallCount: 0,
    waitingAhead: 0,
    estimatedWaitMinutes: 0,
    rated: false,
    ...overrides,
  };
}
