/**
 * A small hall for the engine's tests: five services, four windows, a clock
 * the test sets and ids that count up. `exec` runs a command the way the
 * server does: start the hall day if the clock has crossed into a new one,
 * decide, then apply the events.
 */
import type { Command } from './commands.ts';
import { decide } from './commands.ts';
import { parseHallConfig, type HallConfig, type HallConfigInput } from './config.ts';
import { decideApplyConfig, decideDayStart } from './day.ts';
import { DomainError } from './errors.ts';
import type { HallEvent } from './events.ts';
import { hallDay } from './hall-time.ts';
import { checkCitizenId, citizenCheckChar, maskIdNumber, maskName } from './identity.ts';
import type { IssueTicket } from './issue.ts';
import type { Actor, DecisionContext, HallState, HallWindow, IdentityRef, Ticket } from './model.ts';
import { applyEvents, createState } from './state.ts';

/** Monday 23 November 2026, 09:00 in Shanghai: inside the default issuing hours. */
export const HALL_START = '2026-11-23T09:00:00+08:00';

const MINUTE = 60_000;

export type ServiceInput = HallConfigInput['services'][number];
export type WindowInput = HallConfigInput['windows'][number];

export type TestHallOptions = {
  rules?: HallConfigInput['rules'];
  /** Replaces the test catalogue. */
  services?: ServiceInput[];
  /** Replaces the test windows. */
  windows?: WindowInput[];
  timeZone?: string;
  /** ISO instant the clock starts at; HALL_START unless given. */
  start?: string;
};

export const manager: Actor = { role: 'manager', name: '值班长' };
export const kiosk: Actor = { role: 'kiosk', name: '1号取号机' };
export function counter(windowNo: number): Actor {
  return { role: 'counter', name: `${windowNo}号窗口终端`, windowNo };
}

/** A catalogue item with what every item needs; its category is its Chinese name and it is done on the spot unless `extra` says otherwise. */
export function testService(code: string, zh: string, en: string, prefix: string, extra: Partial<ServiceInput> = {}): ServiceInput {
  return { code, name: { 'zh-CN': zh, en }, prefix, category: zh, legalTimeLimitDays: 0, ...extra };
}

/**
 * hukou and hukou-move share prefix A; passport is by appointment; company
 * has no green channel.
 */
export function testServices(): ServiceInput[] {
  return [
    testService('hukou', '户籍证明', 'Household registration certificate', 'A'),
    testService('hukou-move', '户口迁移', 'Household registration transfer', 'A'),
    testService('social', '社保参保登记', 'Social insurance registration', 'B'),
    testService('passport', '出入境证件', 'Exit-entry documents', 'C', { appointment: true }),
    testService('company', '企业开办', 'Company registration', 'D', { greenChannel: false }),
  ];
}

/** One open window per service group, each served by a single queue. */
export function testWindows(): WindowInput[] {
  return [
    { no: 1, name: '1号窗口', services: [{ code: 'hukou' }, { code: 'hukou-move' }], initialState: 'open' },
    { no: 2, name: '2号窗口', services: [{ code: 'social' }], initialState: 'open' },
    { no: 3, name: '3号窗口', services: [{ code: 'passport' }], initialState: 'open' },
    { no: 4, name: '4号窗口', services: [{ code: 'company' }], initialState: 'open' },
  ];
}

export function testHallConfig(options: TestHallOptions = {}): HallConfig {
  return parseHallConfig({
    hallId: 'TEST-HALL',
    name: { 'zh-CN': '测试政务服务大厅', en: 'Test Government Service Hall' },
    timeZone: options.timeZone ?? 'Asia/Shanghai',
    rules: options.rules ?? {},
    services: options.services ?? testServices(),
    windows: options.windows ?? testWindows(),
  });
}

export type TestHall = {
  state: HallState;
  /** Events of the last successful `exec`, day start included. */
  lastEvents: HallEvent[];
  now(): number;
  setClock(iso: string): void;
  /** Moves the clock on by whole or fractional minutes. */
  advance(minutes: number): void;
  exec<R = unknown>(command: Command, actor?: Actor): R;
  context(actor?: Actor): DecisionContext;
  issue(serviceCode: string, extra?: Partial<Omit<IssueTicket, 'type' | 'serviceCode'>>, actor?: Actor): Ticket;
  callNext(windowNo: number, actor?: Actor): Ticket | undefined;
  /** Issues a ticket for the service and calls it to the window, where nobody else waits: the ticket as issued. */
  issueAndCall(serviceCode: string, windowNo: number): Ticket;
  /** Calls `count` times at one window, a minute apart, and returns the numbers called. */
  callSequence(windowNo: number, count: number): string[];
  ticket(id: string): Ticket;
  window(no: number): HallWindow;
  /** Numbers waiting in a service's queue, in queue order. */
  waiting(serviceCode: string): string[];
};

export function createTestHall(options: TestHallOptions = {}): TestHall {
  const config = testHallConfig(options);
  let now = Date.parse(options.start ?? HALL_START);
  let ids = 0;
  let codes = 0;
  const state = createState(config, hallDay(now, config.timeZone, config.rules.dailyResetAt));

  const context = (actor: Actor = manager): DecisionContext => ({
    now,
    newId: () => `id-${++ids}`,
    newCode: () => String(100_000 + ++codes),
    actor,
  });
  applyEvents(state, decideApplyConfig(state, { type: 'applyConfig', config }, context()).events);

  const hall: TestHall = {
    state,
    lastEvents: [],
    now: () => now,
    setClock(iso) {
      now = Date.parse(iso);
      if (Number.isNaN(now)) throw new TypeError(`not an instant: ${iso}`);
    },
    advance(minutes) {
      now += Math.round(minutes * MINUTE);
    },
    context,
    exec<R>(command: Command, actor: Actor = manager): R {
      const ctx = context(actor);
      const dayEvents = decideDayStart(state, ctx);
      applyEvents(state, dayEvents);
      const decision = decide(state, command, ctx);
      applyEvents(state, decision.events);
      hall.lastEvents = [...dayEvents, ...decision.events];
      return decision.result as R;
    },
    issue(serviceCode, extra = {}, actor = kiosk) {
      return hall.exec<Ticket>({ type: 'issueTicket', serviceCode, source: 'kiosk', ...extra }, actor);
    },
    callNext(windowNo, actor = counter(windowNo)) {
      return hall.exec<Ticket | undefined>({ type: 'callNext', windowNo }, actor);
    },
    issueAndCall(serviceCode, windowNo) {
      const ticket = hall.issue(serviceCode);
      const called = hall.callNext(windowNo);
      if (called?.id !== ticket.id) throw new Error(`window ${windowNo} called ${called?.number ?? 'nobody'}, not the new ticket ${ticket.number}`);
      return ticket;
    },
    callSequence(windowNo, count) {
      const numbers: string[] = [];
      for (let i = 0; i < count; i++) {
        hall.advance(1);
        const t = hall.callNext(windowNo);
        if (!t) break;
        numbers.push(t.number);
      }
      return numbers;
    },
    ticket(id) {
      const t = state.tickets.get(id);
      if (!t) throw new Error(`no ticket ${id} in the test hall`);
      return t;
    },
    window(no) {
      const w = state.windows.get(no);
      if (!w) throw new Error(`no window ${no} in the test hall`);
      return w;
    },
    waiting(serviceCode) {
      return (state.queues.get(serviceCode) ?? []).map((t) => t.number);
    },
  };
  return hall;
}

/** A valid GB 11643 number for someone born on `birthDate` (YYYY-MM-DD). */
export function idNumberBornOn(birthDate: string, serial = '001', region = '330106'): string {
  const first17 = region + birthDate.replaceAll('-', '') + serial;
  return first17 + citizenCheckChar(first17);
}

/** The identity the API would put on a command after reading an ID card. */
export function citizen(idNumber: string, name = '张三'): IdentityRef & { birthDate?: string } {
  const check = checkCitizenId(idNumber);
  if (!check.ok) throw new Error(`test identity ${idNumber} is invalid: ${check.message}`);
  return {
    kind: 'citizen',
    ref: `ref-${check.normalized}`,
    keyHash: `hash-${check.normalized}`,
    masked: maskIdNumber(check.normalized),
    nameMasked: maskName(name),
    birthDate: check.birthDate,
  };
}

/** The n-th of several different visitors aged 76 today (born 1950), for the elderly green channel. */
export function elderlyVisitor(n: number): IdentityRef & { birthDate?: string } {
  return citizen(idNumberBornOn('1950-01-01', String(n).padStart(3, '0')), '王老伯');
}

/** The n-th of several different visitors aged 36 today. */
export function adultVisitor(n: number): IdentityRef & { birthDate?: string } {
  return citizen(idNumberBornOn('1990-05-06', String(n).padStart(3, '0')), '李四');
}

/** The code of the DomainError `fn` throws; fails the test if it returns or throws anything else. */
export function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('expected a refusal, but the command succeeded');
}
