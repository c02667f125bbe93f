/**
 * The counter terminal's methods (`counter` in kiosk-methods.ts): the
 * window as the hall would move it, the clerk's actions, and the called
 * ticket's filing.
 */
import { FILING_TRANSITIONS } from '@hall/server/forms';
import {
  KioskError,
  type CounterFiling,
  type CounterResult,
  type CounterState,
  type CounterSummary,
  type CounterTicket,
  type KioskApi,
  type KioskErrorBody,
  type TransferRequest,
  type TransferTargets,
} from '../../../shared/kiosk-api.ts';
import { AT } from './common.ts';
import { FakeFilingRole, TRACKING_CODE } from './filing.ts';

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

/** A filing as the clerk who called its ticket sees it. */
export function counterFiling(overrides: Partial<CounterFiling> = {}): CounterFiling {
  return {
    trackingCode: TRACKING_CODE,
    serviceName: { 'zh-CN': '户口迁入登记', en: 'Household registration: moving in' },
    status: 'submitted',
    submittedAt: AT,
    dueDate: '2025-03-10',
    applicant: { kind: 'citizen', masked: '110***********002X', number: '11010519491231002X', name: '赵天明' },
    form: [
      { key: 'name', label: { 'zh-CN': '姓名', en: 'Name' }, value: '赵天明' },
      { key: 'phone', label: { 'zh-CN': '联系电话', en: 'Phone' }, value: '13800138000' },
      { key: 'fromAddress', label: { 'zh-CN': '迁出地址', en: 'Moving from' }, value: '杭州市上城区清波街道 12 号' },
    ],
    materials: [
      { materialId: 'id-card', name: '居民身份证', reused: true, pages: [{ sha256: 'a'.repeat(64), contentType: 'image/jpeg', size: 120_000 }] },
      {
        materialId: 'hukou-book',
        name: '户口簿',
        reused: false,
        pages: [
          { sha256: 'b'.repeat(64), contentType: 'image/jpeg', size: 300_000 },
          { sha256: 'c'.repeat(64), contentType: 'application/pdf', size: 80_000 },
        ],
      },
    ],
    history: [{ status: 'submitted', at: AT }],
    ...overrides,
  };
}

/** A one-pixel PNG, a real one: the counter shows it as a page thumbnail. */
export const PAGE_PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==';

export class FakeCounterRole extends FakeFilingRole {
  counterValue: CounterState = counterState();
  /** Numbers call next hands out, in order (the first service's queue). */
  waiting: string[] = ['A001', 'A002', 'A003'];
  /** The next counter action fails with this. */
  nextCounterRefusal: KioskErrorBody | null = null;
  /** While set, counter actions wait for it to resolve (a request in flight). */
  counterGate: Promise<void> | null = null;
  summaryValue: CounterSummary = { day: '2025-03-03', served: 12, noShow: 1, transferred: 2, avgServiceS: 372, ratings: { count: 9, average: 4.67 } };
  filingPages: Record<string, { contentType: string; dataBase64: string }> = {};
  /** The next updateFiling fails with this. */
  nextFilingRefusal: KioskErrorBody | null = null;

  /** Changes the window as the hall would, and tells the listeners. */
  setCounter(patch: Partial<CounterState>) {
    const next = { ...this.counterValue, ...patch };
    next.queue = next.queue.map((q, i) => (i === 0 ? { ...q, waiting: this.waiting.length } : q));
    this.counterValue = next;
    this.emit('counter', next);
  }

  /** A request to the hall: recorded, held while the gate is shut, refused when a refusal is waiting. */
  private async sent(method: keyof KioskApi, args: unknown[], refusal: 'nextCounterRefusal' | 'nextFilingRefusal') {
    this.record(method, args);
    if (this.counterGate) await this.counterGate;
    const body = this[refusal];
    this[refusal] = null;
    if (body) throw new KioskError(body);
  }

  private async counterAct(method: keyof KioskApi, args: unknown[], act: () => Omit<CounterResult, 'state'> | void): Promise<CounterResult> {
    await this.sent(method, args, 'nextCounterRefusal');
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
    return this.answer('counterState', this.counterValue);
  }
  async signIn(staffNo: string, pin: string) {
    const act = () => {
      if (staffNo !== this.clerkStaffNo || pin !== this.staffPin) this.refuse('WRONG_PIN');
      this.setCounter({ state: 'open', clerk: { staffNo, name: '王晓梅' } });
    };
    return (await this.counterAct('signIn', [staffNo, pin], act)).state;
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
      if (i < 0) this.refuse('TICKET_NOT_FOUND');
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
    return this.answer('windowSummary', this.summaryValue);
  }
  async transferTargets(): Promise<TransferTargets> {
    return this.answer('transferTargets', {
      services: this.servicesValue.map((s) => ({ code: s.code, name: s.name })),
      windows: [
        { no: 1, name: '1号窗口', state: 'open' },
        { no: 5, name: '5号窗口', state: 'paused' },
      ],
    });
  }
  async filingPage(sha256: string) {
    return this.answer('filingPage', this.filingPages[sha256] ?? { contentType: 'image/png', dataBase64: PAGE_PNG_BASE64 }, [sha256]);
  }
  /** Moves the called ticket's filing as the hall would: only along its transitions, a return with its reason. */
  async updateFiling(trackingCode: string, status: 'accepted' | 'in-review' | 'done' | 'returned', reason?: string) {
    await this.sent('updateFiling', reason === undefined ? [trackingCode, status] : [trackingCode, status, reason], 'nextFilingRefusal');
    const current = this.counterValue.current;
    const filing = current?.filing;
    if (!current || !filing || filing.trackingCode !== trackingCode) this.refuse('NO_FILING');
    if (!FILING_TRANSITIONS[filing.status].includes(status)) this.refuse('FILING_TRANSITION_NOT_ALLOWED');
    if (status === 'returned' && !reason?.trim()) this.refuse('REASON_REQUIRED');
    const history = [...filing.history, { status, at: AT, by: '3号窗口 1001', ...(reason ? { reason } : {}) }];
    this.setCounter({ current: { ...current, filing: { ...filing, status, history } } });
    return this.counterValue;
  }
}
