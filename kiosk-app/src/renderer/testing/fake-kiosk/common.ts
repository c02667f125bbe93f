/**
 * What every terminal answers (`common` in kiosk-methods.ts), and what the
 * roles' fakes share: the calls recorded, the events played, the card held
 * and the one member of staff the fake hall knows.
 */
import {
  KioskError,
  type DeviceStatus,
  type HallLink,
  type KioskApi,
  type KioskErrorCode,
  type KioskEvents,
  type KioskInfo,
  type MaskedCard,
  type ServiceOption,
} from '../../../shared/kiosk-api.ts';

/** When every fixture happened: a Monday morning in the hall. */
export const AT = '2025-03-03T09:00:00.000Z';

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

type Calls = { [M in keyof KioskApi]?: unknown[][] };

export class FakeTerminal {
  infoValue = info();
  servicesValue = demoServices();
  devicesValue = devicesOk();
  hallValue: HallLink = { online: true, since: AT, pendingOffline: 0 };
  /** The maintenance PIN, and the PIN of the one clerk the fake hall knows. */
  staffPin = '2468';
  clerkStaffNo = '1001';
  calls: Calls = {};
  private listeners = new Map<string, Set<(payload: unknown) => void>>();
  /** The card on the reader, until the visitor is forgotten. */
  protected held: MaskedCard | null = null;

  protected record(method: keyof KioskApi, args: unknown[]) {
    (this.calls[method] ??= []).push(args);
  }

  /** Records the call and answers with a canned value. */
  protected answer<T>(method: keyof KioskApi, value: T, args: unknown[] = []): T {
    this.record(method, args);
    return value;
  }

  protected refuse(code: KioskErrorCode, details?: Record<string, unknown>): never {
    throw new KioskError(details ? { code, details } : { code });
  }

  callCount(method: keyof KioskApi): number {
    return this.calls[method]?.length ?? 0;
  }

  /** Plays a device or the hall: the event reaches every listener at once. */
  emit<E extends keyof KioskEvents>(event: E, payload: KioskEvents[E]) {
    if (event === 'card') this.held = payload as MaskedCard;
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }

  on<E extends keyof KioskEvents>(event: E, listener: (payload: KioskEvents[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const l = listener as (payload: unknown) => void;
    set.add(l);
    return () => set.delete(l);
  }

  get holdsCard() {
    return this.held !== null;
  }

  async info() {
    return this.answer('info', this.infoValue);
  }
  async services() {
    return this.answer('services', this.servicesValue);
  }
  async devices() {
    return this.answer('devices', this.devicesValue);
  }
  async hall() {
    return this.answer('hall', this.hallValue);
  }
  async forgetVisitor() {
    this.record('forgetVisitor', []);
    this.forget();
  }
  /** Drops what is held for the visitor, as the host does when it forgets them. */
  protected forget() {
    this.held = null;
  }
  async staffLogin(pin: string) {
    return this.answer('staffLogin', pin === this.staffPin, [pin]);
  }
  async testPrint() {
    this.record('testPrint', []);
  }
  async exitKiosk() {
    this.record('exitKiosk', []);
  }
}
