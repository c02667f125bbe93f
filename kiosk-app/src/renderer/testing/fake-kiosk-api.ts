/**
 * An in-memory KioskApi for renderer tests: canned answers that a test can
 * change, every call recorded, and `emit` to play the devices and the hall.
 */
import { parseTrackingCode } from '@hall/server/forms';
import {
  KioskError,
  type CounterFiling,
  type FilingGuideView,
  type FilingLookup,
  type FilingResult,
  type FilingService,
  type FilingStatus,
  type MyMaterial,
  type ServiceGuide,
  type StagedPage,
  type StagePageRequest,
  type SubmitFilingRequest,
  type UndeliveredFiling,
  type VisitorIdentity,
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
  type KioskErrorCode,
  type KioskEvents,
  type KioskInfo,
  type MaskedCard,
  type ServiceOption,
  type TicketLookup,
} from '../../shared/kiosk-api.ts';
import type { AgentLink } from '../api.ts';

const AT = '2025-03-03T09:00:00.000Z';

export function service(
  code: string,
  overrides: Partial<ServiceOption> & { waiting?: number; quotaLeft?: number; estimatedWaitMinutes?: number } = {},
): ServiceOption {
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
    service('HJ-001', {
      name: { 'zh-CN': '户口迁入登记', en: 'Household registration: moving in' },
      category: '户籍',
      prefix: 'A',
      waiting: 4,
      estimatedWaitMinutes: 16,
    }),
    service('HJ-003', { name: { 'zh-CN': '居民身份证首次申领', en: 'Resident ID card: first application' }, category: '户籍', prefix: 'A' }),
    service('CRJ-001', { name: { 'zh-CN': '普通护照签发', en: 'Ordinary passport issuance' }, category: '出入境', prefix: 'B', quotaLeft: 12 }),
    service('CRJ-002', {
      name: { 'zh-CN': '往来港澳通行证签发', en: 'Exit-entry permit for Hong Kong and Macao' },
      category: '出入境',
      prefix: 'B',
      quotaLeft: 0,
    }),
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

/** A valid unified social credit code (GB 32100 check character included). */
export const COMPANY_USCC = '91330106MA2KXY3R41';
/** A valid tracking code, and one with its check symbol wrong. */
export const TRACKING_CODE = '7G1A-02C0-280Q';
export const TRACKING_CODE_BAD = '7G1A-02C0-280R';

export function filingServices(): FilingService[] {
  return [
    { serviceCode: 'HJ-001', name: { 'zh-CN': '户口迁入登记', en: 'Household registration: moving in' }, category: '户籍', applicant: 'citizen', open: true },
    { serviceCode: 'SCJG-002', name: { 'zh-CN': '企业变更登记', en: 'Company change registration' }, category: '市场监管', applicant: 'company', open: true },
    {
      serviceCode: 'GJJ-002',
      name: { 'zh-CN': '住房公积金贷款申请', en: 'Housing provident fund loan' },
      category: '公积金',
      applicant: 'either',
      open: false,
    },
  ];
}

/** 户口迁入登记 as a filing: a form prefilled from the card, three materials of which two may be reused. */
export function filingGuideFor(serviceCode = 'HJ-001', overrides: Partial<ServiceGuide> = {}): ServiceGuide {
  const material = (id: string, name: string, more: Partial<ServiceGuide['materials'][number]> = {}) => ({
    id,
    name,
    form: 'original',
    copies: 1,
    required: true,
    reusable: false,
    accept: ['image/jpeg', 'image/png', 'application/pdf'] as ('image/jpeg' | 'image/png' | 'application/pdf')[],
    maxPages: 4,
    ...more,
  });
  return {
    serviceCode,
    name: { 'zh-CN': '户口迁入登记', en: 'Household registration: moving in' },
    category: '户籍',
    conditions: ['在本区有合法稳定住所', '与户主为直系亲属关系'],
    materials: [
      material('id-card', '居民身份证', { reusable: true, maxPages: 2 }),
      material('hukou-book', '户口簿', { reusable: true }),
      material('house-deed', '房屋所有权证明', { form: 'copy', required: false }),
    ],
    legalBasis: ['《中华人民共和国户口登记条例》第十三条'],
    legalTimeLimitDays: 20,
    promisedTimeLimitDays: 5,
    fees: { free: true },
    location: '西湖区政务服务中心一楼 3、4 号窗口',
    notes: ['未满 16 周岁的由监护人代为申报'],
    filing: {
      enabled: true,
      applicant: 'citizen',
      open: true,
      form: {
        fields: [
          { key: 'name', label: { 'zh-CN': '姓名', en: 'Name' }, type: 'text', required: true, prefill: 'card.name' },
          { key: 'idNumber', label: { 'zh-CN': '公民身份号码', en: 'ID number' }, type: 'id-number', required: true, prefill: 'card.idNumber' },
          { key: 'phone', label: { 'zh-CN': '联系电话', en: 'Phone' }, type: 'phone', required: true },
          { key: 'fromAddress', label: { 'zh-CN': '迁出地址', en: 'Moving from' }, type: 'text', required: true, input: 'hanzi' },
          {
            key: 'reason',
            label: { 'zh-CN': '迁入原因', en: 'Reason' },
            type: 'select',
            required: true,
            options: [
              { value: 'family', label: { 'zh-CN': '投靠亲属', en: 'Joining family' } },
              { value: 'work', label: { 'zh-CN': '工作调动', en: 'Job transfer' } },
              { value: 'house', label: { 'zh-CN': '购房落户', en: 'Bought a home' } },
            ],
          },
          { key: 'moveDate', label: { 'zh-CN': '拟迁入日期', en: 'Moving date' }, type: 'date', required: false },
        ],
      },
    },
    ...overrides,
  };
}

export function myMaterial(materialId: string, overrides: Partial<MyMaterial> = {}): MyMaterial {
  return {
    id: `mm-${materialId}`,
    materialId,
    name: materialId === 'id-card' ? '居民身份证' : '户口簿',
    pages: 2,
    submittedAt: '2025-01-10T02:00:00.000Z',
    expiresAt: '2099-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function filingLookup(overrides: Partial<FilingLookup> = {}): FilingLookup {
  return {
    trackingCode: TRACKING_CODE,
    serviceCode: 'HJ-001',
    serviceName: { 'zh-CN': '户口迁入登记', en: 'Household registration: moving in' },
    status: 'accepted',
    submittedAt: AT,
    dueDate: '2025-03-10',
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

/** The hall's transitions for a filing (submitted → accepted|returned; accepted → in-review|done|returned; in-review → done|returned). */
const FILING_NEXT: Record<FilingStatus, FilingStatus[]> = {
  submitted: ['accepted', 'returned'],
  accepted: ['in-review', 'done', 'returned'],
  'in-review': ['done', 'returned'],
  done: [],
  returned: [],
};

/** A one-pixel PNG, a real one: the counter shows it as a page thumbnail. */
export const PAGE_PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==';

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
  // --- filing role ---
  filingServicesValue = filingServices();
  guides: Record<string, ServiceGuide> = { 'HJ-001': filingGuideFor('HJ-001') };
  /** What filingGuide prefills for a citizen visitor (name and ID number locked and masked, as the host does). */
  prefillValue: FilingGuideView['prefill'] = { name: { value: '张*明', locked: true }, idNumber: { value: '3301**********1234', locked: true } };
  visitorValue: VisitorIdentity | null = null;
  myMaterialsValue: MyMaterial[] = [];
  /** The next stagePage fails with this. */
  nextStageRefusal: KioskErrorBody | null = null;
  /** Pages held for the current visitor, by page id. */
  staged = new Map<string, StagedPage>();
  private pageSeq = 0;
  /** The next submit answers with this (a result or a refusal); by default a filing made from the request. */
  nextFiling: FilingResult | KioskErrorBody | null = null;
  /** While set, submitFiling waits for it (a long upload). */
  submitGate: Promise<void> | null = null;
  filings = new Map<string, FilingLookup>([[TRACKING_CODE, filingLookup()]]);
  myFilingsValue: FilingLookup[] = [filingLookup()];
  /** What the staff panel lists as refused for good (none by default). */
  undeliveredValue: UndeliveredFiling[] = [];
  filingPages: Record<string, { contentType: string; dataBase64: string }> = {};
  /** The next updateFiling fails with this. */
  nextFilingRefusal: KioskErrorBody | null = null;
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
    if (event === 'card') {
      const card = payload as MaskedCard;
      this.held = card;
      this.visitorValue = { kind: 'citizen', masked: card.idMasked, nameMasked: card.nameMasked };
    }
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
    if (request.withCard && !this.held) throw new KioskError({ code: 'NO_CARD' });
    return this.answer(request.serviceCode);
  }
  async checkIn(code: string) {
    this.record('checkIn', [code]);
    if (code !== '20250303') {
      throw new KioskError({ code: 'APPOINTMENT_NOT_FOUND' });
    }
    return this.answer('HJ-001');
  }
  async lookupTicket(number: string) {
    this.record('lookupTicket', [number]);
    const found = this.lookups.get(number);
    if (!found) throw new KioskError({ code: 'TICKET_NOT_FOUND' });
    return found;
  }
  async forgetVisitor() {
    this.record('forgetVisitor', []);
    this.held = null;
    this.visitorValue = null;
    this.staged.clear();
  }
  async staffLogin(pin: string) {
    this.record('staffLogin', [pin]);
    return pin === this.staffPin;
  }
  /** The hall's answer to grantStaff: who vouches (for `clerkStaffNo` and `staffPin`), or this refusal. */
  nextGrantRefusal: KioskErrorBody | null = null;
  async grantStaff(staffNo: string, pin: string) {
    this.record('grantStaff', [staffNo, pin]);
    const refusal = this.nextGrantRefusal;
    this.nextGrantRefusal = null;
    if (refusal) throw new KioskError(refusal);
    if (!this.hallValue.online) throw new KioskError({ code: 'GREEN_CHANNEL_OFFLINE' });
    if (staffNo !== this.clerkStaffNo || pin !== this.staffPin) throw new KioskError({ code: 'WRONG_PIN' });
    return { staffNo, name: '王晓梅', expiresAt: new Date(Date.now() + 5 * 60_000).toISOString() };
  }
  async reprintLast() {
    this.record('reprintLast', []);
    if (!this.last) throw new KioskError({ code: 'NOTHING_TO_REPRINT' });
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
        if (staffNo !== this.clerkStaffNo || pin !== this.staffPin) throw new KioskError({ code: 'WRONG_PIN' });
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
      if (i < 0) throw new KioskError({ code: 'TICKET_NOT_FOUND' });
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

  // --- filing role ---

  private refuse(code: KioskErrorCode, details?: Record<string, unknown>): never {
    throw new KioskError(details ? { code, details } : { code });
  }

  async filingServices() {
    this.record('filingServices', []);
    return this.filingServicesValue;
  }
  async filingGuide(serviceCode: string): Promise<FilingGuideView> {
    this.record('filingGuide', [serviceCode]);
    const guide = this.guides[serviceCode];
    if (!guide) this.refuse('FILING_NOT_OFFERED');
    const keys = new Set(guide.filing.form.fields.map((f) => f.key));
    return { guide, prefill: Object.fromEntries(Object.entries(this.prefillValue).filter(([k]) => keys.has(k))) };
  }
  async visitor() {
    this.record('visitor', []);
    return this.visitorValue;
  }
  async identifyCompany(uscc: string) {
    this.record('identifyCompany', [uscc]);
    if (uscc !== COMPANY_USCC) this.refuse('INVALID_USCC');
    this.visitorValue = { kind: 'company', masked: uscc };
    return this.visitorValue;
  }
  async stagePage(request: StagePageRequest) {
    this.record('stagePage', [request]);
    const refusal = this.nextStageRefusal;
    if (refusal) {
      this.nextStageRefusal = null;
      throw new KioskError(refusal);
    }
    if (!this.visitorValue) this.refuse('NO_VISITOR');
    const n = ++this.pageSeq;
    const page: StagedPage = {
      pageId: `page-${n}`,
      materialId: request.materialId,
      sha256: n.toString(16).padStart(64, '0'),
      size: Math.floor((request.dataBase64.length * 3) / 4),
      contentType: request.contentType,
    };
    this.staged.set(page.pageId, page);
    return page;
  }
  async dropPage(pageId: string) {
    this.record('dropPage', [pageId]);
    this.staged.delete(pageId);
  }
  async myMaterials() {
    this.record('myMaterials', []);
    return this.myMaterialsValue;
  }
  async submitFiling(request: SubmitFilingRequest): Promise<FilingResult> {
    this.record('submitFiling', [request]);
    const pages = request.materials.reduce((n, m) => n + ('pageIds' in m ? m.pageIds.length : 0), 0);
    this.emit('filing:progress', { stage: 'checking', done: 0, total: 1 });
    this.emit('filing:progress', { stage: 'uploading', done: 0, total: pages });
    if (this.submitGate) await this.submitGate;
    const next = this.nextFiling;
    this.nextFiling = null;
    if (next && 'code' in next) throw new KioskError(next);
    if (next) return next;
    const online = this.hallValue.online;
    const guide = this.guides[request.serviceCode];
    return {
      filing: {
        trackingCode: TRACKING_CODE,
        serviceCode: request.serviceCode,
        serviceName: guide?.name ?? { 'zh-CN': request.serviceCode, en: request.serviceCode },
        status: 'submitted',
        submittedAt: AT,
        dueDate: '2025-03-10',
        pending: !online,
      },
      printed: true,
      ...(request.takeTicket ? { ticket: ticketFor(request.serviceCode, { offline: !online }) } : {}),
    };
  }
  async lookupFiling(code: string) {
    this.record('lookupFiling', [code]);
    const parsed = parseTrackingCode(code);
    if (!parsed) this.refuse('BAD_TRACKING_CODE');
    const found = this.filings.get(parsed);
    if (!found) this.refuse('FILING_NOT_FOUND');
    return found;
  }
  async myFilings() {
    this.record('myFilings', []);
    if (!this.held) this.refuse('NO_CARD');
    return this.myFilingsValue;
  }
  async undeliveredFilings() {
    this.record('undeliveredFilings', []);
    return this.undeliveredValue;
  }
  async filingPage(sha256: string) {
    this.record('filingPage', [sha256]);
    return this.filingPages[sha256] ?? { contentType: 'image/png', dataBase64: PAGE_PNG_BASE64 };
  }
  async updateFiling(trackingCode: string, status: 'accepted' | 'in-review' | 'done' | 'returned', reason?: string) {
    this.record('updateFiling', reason === undefined ? [trackingCode, status] : [trackingCode, status, reason]);
    if (this.counterGate) await this.counterGate;
    const refusal = this.nextFilingRefusal;
    if (refusal) {
      this.nextFilingRefusal = null;
      throw new KioskError(refusal);
    }
    const current = this.counterValue.current;
    const filing = current?.filing;
    if (!current || !filing || filing.trackingCode !== trackingCode) this.refuse('NO_FILING');
    if (!FILING_NEXT[filing.status].includes(status)) this.refuse('FILING_TRANSITION_NOT_ALLOWED');
    if (status === 'returned' && !reason?.trim()) this.refuse('REASON_REQUIRED');
    const history = [...filing.history, { status, at: AT, by: '3号窗口 1001', ...(reason ? { reason } : {}) }];
    this.setCounter({ current: { ...current, filing: { ...filing, status, history } } });
    return this.counterValue;
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
  keyMissing = false;
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
