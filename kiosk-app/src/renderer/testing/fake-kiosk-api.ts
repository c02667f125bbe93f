/**
 * An in-memory KioskApi for renderer tests: canned answers that a test can
 * change, every call recorded, and `emit` to play the devices and the hall.
 */
import {
  KioskError,
  type CounterResult,
  type CounterState,
  type CounterSummary,
  type CounterTicket,
  type TransferRequest,
  type TransferTargets,
  type DeviceStatus,
  type HallLink,
  type IssueRequest,
  type IssueResult,
  type IssuedTicket,
  type KioskApi,
  type KioskErrorBody,
  type KioskEvents,
  type KioskInfo,
  type MaskedCard,
  type ServiceOption,
  type TicketLookup,
} from '../../shared/kiosk-api.ts';
import type { AgentLink } from '../api.ts';

const AT = '2025-03-03T09:00:00.000Z';

export function service(code: string, overrides: Partial<ServiceOption> & { waiting?: number; quotaLeft?: number; estimatedWaitMinutes?: number } = {}): ServiceOption {
  const { waiting, quotaLeft, estimatedWaitMinutes, ...rest } = overrides;
  return {
    code,
    name: { 'zh-CN': `事项${code}`, en: `Service ${code}` },
    prefix: 'A',
    category: '综合',
    conditions: [],
    materials: [],
    legalTimeLimitDays: 20,
    appointment: true,
    greenChannel: true,
    issuingNow: true,
    ...rest,
    load: {
      code,
      waiting: waiting ?? 3,
      longestWaitS: 300,
      estimatedWaitMinutes: estimatedWaitMinutes ?? 12,
      windowsOpen: 2,
      issuedToday: 40,
      ...(quotaLeft === undefined ? {} : { quotaLeft }),
      ...rest.load,
    },
  };
}

/** A few services shaped like the demo hall's catalogue. */
export function demoServices(): ServiceOption[] {
  return [
    service('HJ-001', { name: { 'zh-CN': '户口迁入登记', en: 'Household registration: moving in' }, category: '户籍', prefix: 'A', waiting: 4, estimatedWaitMinutes: 16 }),
    service('HJ-003', { name: { 'zh-CN': '居民身份证首次申领', en: 'Resident ID card: first application' }, category: '户籍', prefix: 'A' }),
    service('CRJ-001', { name: { 'zh-CN': '普通护照签发', en: 'Ordinary passport issuance' }, category: '出入境', prefix: 'B', quotaLeft: 12 }),
    service('CRJ-002', { name: { 'zh-CN': '往来港澳通行证签发', en: 'Exit-entry permit for Hong Kong and Macao' }, category: '出入境', prefix: 'B', quotaLeft: 0 }),
    service('SCJG-001', { name: { 'zh-CN': '企业设立登记', en: 'Company establishment registration' }, category: '市场监管', prefix: 'F', issuingNow: false }),
    service('GJJ-001', { name: { 'zh-CN': '住房公积金提取', en: 'Housing provident fund withdrawal' }, category: '公积金', prefix: 'E', greenChannel: false }),
  ];
}

export function maskedCard(overrides: Partial<MaskedCard> = {}): MaskedCard {
  return {
    cardType: 'resident',
    nameMasked: '张*明',
    idMasked: '3301**********1234',
    gender: 'male',
    age: 42,
    greenChannelByAge: false,
    readAt: AT,
    ...overrides,
  };
}

export function info(overrides: Partial<KioskInfo> = {}): KioskInfo {
  return {
    role: 'ticket',
    terminalName: '一楼取号机 1',
    hall: { id: '330106-ZWFW-01', name: { 'zh-CN': '西湖区政务服务中心', en: 'Xihu District Government Service Center' } },
    policy: { anonymousTickets: true, greenChannelAge: 65 },
    trackBaseUrl: 'http://hall.local/t/',
    agentVersion: '0.1.0',
    ...overrides,
  };
}

export function devicesOk(): DeviceStatus[] {
  return [
    { device: 'idReader', model: 'generic-ga467', state: 'ok', since: AT },
    { device: 'printer', model: 'generic-escpos-80', state: 'ok', since: AT },
    { device: 'scanner', model: 'generic-serial-scanner', state: 'ok', since: AT },
  ];
}

export function ticketFor(serviceCode: string, overrides: Partial<IssuedTicket> = {}): IssuedTicket {
  return {
    id: 't-1',
    number: 'A012',
    serviceCode,
    serviceName: { 'zh-CN': '户口迁入登记', en: 'Household registration: moving in' },
    windowHint: '3、4 号窗口',
    waitingAhead: 4,
    estimatedWaitMinutes: 16,
    issuedAt: AT,
    trackUrl: 'http://hall.local/t/A012?k=abc',
    offline: false,
    ...overrides,
  };
}

/** Window 3, open with a clerk on duty, nobody at the counter, three people waiting for HJ-001. */
export function counterState(overrides: Partial<CounterState> = {}): CounterState {
  return {
    windowNo: 3,
    windowName: '3号窗口',
    state: 'open',
    clerk: { staffNo: '1001', name: '王晓梅' },
    queue: [
      { code: 'HJ-001', name: { 'zh-CN': '户口迁入登记', en: 'Household registration: moving in' }, waiting: 3, estimatedWaitMinutes: 12 },
      { code: 'HJ-003', name: { 'zh-CN': '居民身份证首次申领', en: 'Resident ID card: first application' }, waiting: 1, estimatedWaitMinutes: 4 },
    ],
    current: null,
    rating: { state: 'idle' },
    online: true,
    seq: 100,
    ...overrides,
  };
}

export function counterTicket(number: string, overrides: Partial<CounterTicket> = {}): CounterTicket {
  return {
    id: `t-${number}`,
    number,
    serviceCode: 'HJ-001',
    serviceName: { 'zh-CN': '户口迁入登记', en: 'Household registration: moving in' },
    status: 'called',
    source: 'kiosk',
    issuedAt: AT,
    calledAt: AT,
    recallCount: 0,
    ...overrides,
  };
}

type Calls = { [M in keyof KioskApi]?: unknown[][] };

export class FakeKioskApi implements KioskApi {
  infoValue = info();
  servicesValue = demoServices();
  devicesValue = devicesOk();
  hallValue: HallLink = { online: true, since: AT, pendingOffline: 0 };
  staffPin = '2468';
  /** The next issue or check-in answers with this, or fails with it when it is an error body. */
  nextIssue: IssueResult | KioskErrorBody | null = null;
  lookups = new Map<string, TicketLookup>();
  calls: Calls = {};
  // --- counter role ---
  counterValue: CounterState = counterState();
  /** Numbers call next hands out, in order (the first service's queue). */
  waiting: string[] = ['A001', 'A002', 'A003'];
  clerkStaffNo = '1001';
  /** The next counter action fails with this. */
  nextCounterRefusal: KioskErrorBody | null = null;
  /** While set, counter actions wait for it to resolve (a request in flight). */
  counterGate: Promise<void> | null = null;
  summaryValue: CounterSummary = { day: '2025-03-03', served: 12, noShow: 1, transferred: 2, avgServiceS: 372, ratings: { count: 9, average: 4.67 } };
  private listeners = new Map<string, Set<(payload: unknown) => void>>();
  private held: MaskedCard | null = null;
  private last: IssuedTicket | null = null;

  private record(method: keyof KioskApi, args: unknown[]) {
    (this.calls[method] ??= []).push(args);
  }

  callCount(method: keyof KioskApi): number {
    return this.calls[method]?.length ?? 0;
  }

  /** Plays a device or the hall: the event reaches every listener at once. */
  emit<E extends keyof KioskEvents>(event: E, payload: KioskEvents[E]) {
    if (event === 'card') this.held = payload as MaskedCard;
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }

  get holdsCard() {
    return this.held !== null;
  }

  async info() {
    this.record('info', []);
    return this.infoValue;
  }
  async services() {
    this.record('services', []);
    return this.servicesValue;
  }
  async devices() {
    this.record('devices', []);
    return this.devicesValue;
  }
  async hall() {
    this.record('hall', []);
    return this.hallValue;
  }
  private answer(serviceCode: string): IssueResult {
    const next = this.nextIssue;
    this.nextIssue = null;
    if (next && 'code' in next) throw new KioskError(next);
    const result = next ?? { ticket: ticketFor(serviceCode, { offline: !this.hallValue.online }), printed: true };
    this.last = result.ticket;
    return result;
  }
  async issueTicket(request: IssueRequest) {
    this.record('issueTicket', [request]);
    if (request.withCard && !this.held) throw new KioskError({ code: 'NO_CARD', message: { 'zh-CN': '请先刷身份证', en: 'Place your ID card first' } });
    return this.answer(request.serviceCode);
  }
  async checkIn(code: string) {
    this.record('checkIn', [code]);
    if (code !== '20250303') {
      throw new KioskError({
        code: 'APPOINTMENT_NOT_FOUND',
        message: { 'zh-CN': '没有找到这个预约，请核对预约码', 'zh-TW': '沒有找到這個預約，請核對預約碼', en: 'No appointment with this code; please check it' },
      });
    }
    return this.answer('HJ-001');
  }
  async lookupTicket(number: string) {
    this.record('lookupTicket', [number]);
    const found = this.lookups.get(number);
    if (!found) throw new KioskError({ code: 'TICKET_NOT_FOUND', message: { 'zh-CN': '没有找到这个号码', en: 'No such ticket today' } });
    return found;
  }
  async forgetVisitor() {
    this.record('forgetVisitor', []);
    this.held = null;
  }
  async staffLogin(pin: string) {
    this.record('staffLogin', [pin]);
    return pin === this.staffPin;
  }
  async reprintLast() {
    this.record('reprintLast', []);
    if (!this.last) throw new KioskError({ code: 'NOTHING_TO_REPRINT', message: { 'zh-CN': '还没有出过票', en: 'No ticket issued yet' } });
    return { ticket: this.last, printed: true };
  }
  async testPrint() {
    this.record('testPrint', []);
  }
  async exitKiosk() {
    this.record('exitKiosk', []);
  }

  /** Changes the window as the hall would, and tells the listeners. */
  setCounter(patch: Partial<CounterState>) {
    const next = { ...this.counterValue, ...patch };
    next.queue = next.queue.map((q, i) => (i === 0 ? { ...q, waiting: this.waiting.length } : q));
    this.counterValue = next;
    this.emit('counter', next);
  }

  private async counterAct(method: keyof KioskApi, args: unknown[], act: () => Omit<CounterResult, 'state'> | void): Promise<CounterResult> {
    this.record(method, args);
    if (this.counterGate) await this.counterGate;
    const refusal = this.nextCounterRefusal;
    if (refusal) {
      this.nextCounterRefusal = null;
      throw new KioskError(refusal);
    }
    const out = act() ?? {};
    return { state: this.counterValue, ...out };
  }

  private finishCurrent(): { number?: string } {
    const c = this.counterValue.current;
    if (c) this.setCounter({ current: null, rating: { state: 'asking', ticketId: c.id, number: c.number } });
    return c ? { number: c.number } : {};
  }

  private release(): { number?: string } {
    const c = this.counterValue.current;
    this.setCounter({ current: null });
    return c ? { number: c.number } : {};
  }

  async counterState() {
    this.record('counterState', []);
    return this.counterValue;
  }
  async signIn(staffNo: string, pin: string) {
    return (
      await this.counterAct('signIn', [staffNo, pin], () => {
        if (staffNo !== this.clerkStaffNo || pin !== this.staffPin) throw new KioskError({ code: 'WRONG_PIN', message: { 'zh-CN': '工号或密码错误。', en: 'Wrong staff number or PIN.' } });
        this.setCounter({ state: 'open', clerk: { staffNo, name: '王晓梅' } });
      })
    ).state;
  }
  async signOut() {
    return (await this.counterAct('signOut', [], () => this.setCounter({ state: 'closed', clerk: null }))).state;
  }
  async callNext() {
    return this.counterAct('callNext', [], () => {
      this.finishCurrent();
      const number = this.waiting.shift();
      if (!number) {
        this.setCounter({});
        return { nobodyWaiting: true };
      }
      this.setCounter({ current: counterTicket(number) });
      return { number };
    });
  }
  async callTicket(number: string) {
    return this.counterAct('callTicket', [number], () => {
      const i = this.waiting.indexOf(number);
      if (i < 0) throw new KioskError({ code: 'TICKET_NOT_FOUND', message: { 'zh-CN': '今天没有这个号码，请核对后重新输入。', en: 'No ticket with this number was issued today; please check it.' } });
      this.waiting.splice(i, 1);
      this.finishCurrent();
      this.setCounter({ current: counterTicket(number) });
      return { number };
    });
  }
  async recallTicket() {
    return this.counterAct('recallTicket', [], () => {
      const c = this.counterValue.current;
      if (c) this.setCounter({ current: { ...c, recallCount: c.recallCount + 1 } });
      return c ? { number: c.number } : {};
    });
  }
  async startService(ticketId?: string) {
    return this.counterAct('startService', ticketId === undefined ? [] : [ticketId], () => {
      const c = this.counterValue.current;
      if (c) this.setCounter({ current: { ...c, status: 'serving' } });
    });
  }
  async skipTicket(ticketId?: string) {
    return this.counterAct('skipTicket', ticketId === undefined ? [] : [ticketId], () => this.release());
  }
  async transferTicket(request: TransferRequest) {
    return this.counterAct('transferTicket', [request], () => this.release());
  }
  async finishTicket(ticketId?: string) {
    return this.counterAct('finishTicket', ticketId === undefined ? [] : [ticketId], () => this.finishCurrent());
  }
  async pauseWindow(reason: string) {
    return this.counterAct('pauseWindow', [reason], () => this.setCounter({ state: 'paused', pauseReason: reason }));
  }
  async resumeWindow() {
    return this.counterAct('resumeWindow', [], () => {
      const { pauseReason: _r, ...rest } = this.counterValue;
      this.counterValue = rest;
      this.setCounter({ state: 'open' });
    });
  }
  async windowSummary() {
    this.record('windowSummary', []);
    return this.summaryValue;
  }
  async transferTargets(): Promise<TransferTargets> {
    this.record('transferTargets', []);
    return {
      services: this.servicesValue.map((s) => ({ code: s.code, name: s.name })),
      windows: [
        { no: 1, name: '1号窗口', state: 'open' },
        { no: 5, name: '5号窗口', state: 'paused' },
      ],
    };
  }

  on<E extends keyof KioskEvents>(event: E, listener: (payload: KioskEvents[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const l = listener as (payload: unknown) => void;
    set.add(l);
    return () => set.delete(l);
  }
}

/** A device-service link a test can drop and restore. */
export class FakeLink implements AgentLink {
  connected: boolean;
  private listeners = new Set<(connected: boolean) => void>();
  constructor(connected = true) {
    this.connected = connected;
  }
  set(connected: boolean) {
    this.connected = connected;
    for (const l of this.listeners) l(connected);
  }
  onChange(listener: (connected: boolean) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  close() {}
}

/** Lets pending promise callbacks run. */
export const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
