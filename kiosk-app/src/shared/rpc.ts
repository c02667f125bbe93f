/**
 * The messages both carriers move, and the client side of KioskApi over any
 * carrier that can send a message and deliver incoming ones.
 */
import {
  KIOSK_METHODS,
  KioskError,
  type IssueRequest,
  type KioskApi,
  type KioskErrorBody,
  type KioskEvents,
  type KioskMethod,
  type StagePageRequest,
  type SubmitFilingRequest,
  type TransferRequest,
} from './kiosk-api.ts';

export type RpcRequest = { type: 'request'; id: number; method: KioskMethod; params: unknown[] };
export type RpcResponse = { type: 'response'; id: number; result?: unknown; error?: KioskErrorBody };
export type RpcEvent = { type: 'event'; event: keyof KioskEvents; payload: unknown };
export type RpcMessage = RpcRequest | RpcResponse | RpcEvent;

export type Carrier = {
  send(message: RpcRequest): void;
  /** Registers the one handler for incoming responses and events. */
  onMessage(handler: (message: RpcResponse | RpcEvent) => void): void;
  /** Rejects pending calls when the carrier goes away (agent restarted, socket closed). */
  onClose?(handler: () => void): void;
};

export function isKioskMethod(name: unknown): name is KioskMethod {
  return typeof name === 'string' && (KIOSK_METHODS as readonly string[]).includes(name);
}

const LOST: KioskErrorBody = {
  code: 'AGENT_UNREACHABLE',
  message: { 'zh-CN': '终端设备服务未响应，请稍候或联系工作人员', 'zh-TW': '終端設備服務未回應，請稍候或聯繫工作人員', en: 'The terminal’s device service is not answering; please wait or ask staff' },
};

/**
 * Calls that may rightly take longer than any ordinary timeout: a filing
 * uploads up to 30 MiB of pages to the hall before it answers (it reports its
 * progress meanwhile with `filing:progress`).
 */
const SLOW_METHODS: Partial<Record<KioskMethod, number>> = { submitFiling: 180_000 };

export function createKioskClient(carrier: Carrier, options: { timeoutMs?: number } = {}): KioskApi {
  const timeoutMs = options.timeoutMs ?? 30_000;
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void; timer: ReturnType<typeof setTimeout> }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  carrier.onMessage((message) => {
    if (message.type === 'response') {
      const call = pending.get(message.id);
      if (!call) return;
      pending.delete(message.id);
      clearTimeout(call.timer);
      if (message.error) call.reject(new KioskError(message.error));
      else call.resolve(message.result);
    } else if (message.type === 'event') {
      for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
    }
  });
  carrier.onClose?.(() => {
    for (const [id, call] of pending) {
      clearTimeout(call.timer);
      call.reject(new KioskError(LOST));
      pending.delete(id);
    }
  });

  const call = <T>(method: KioskMethod, ...params: unknown[]): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(
        () => {
          pending.delete(id);
          reject(new KioskError(LOST));
        },
        Math.max(timeoutMs, SLOW_METHODS[method] ?? 0),
      );
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      carrier.send({ type: 'request', id, method, params });
    });

  return {
    info: () => call('info'),
    services: () => call('services'),
    devices: () => call('devices'),
    hall: () => call('hall'),
    issueTicket: (request: IssueRequest) => call('issueTicket', request),
    checkIn: (code: string) => call('checkIn', code),
    lookupTicket: (number: string) => call('lookupTicket', number),
    forgetVisitor: () => call('forgetVisitor'),
    staffLogin: (pin: string) => call('staffLogin', pin),
    grantStaff: (staffNo: string, pin: string) => call('grantStaff', staffNo, pin),
    reprintLast: () => call('reprintLast'),
    testPrint: () => call('testPrint'),
    exitKiosk: () => call('exitKiosk'),
    counterState: () => call('counterState'),
    signIn: (staffNo: string, pin: string) => call('signIn', staffNo, pin),
    signOut: () => call('signOut'),
    callNext: () => call('callNext'),
    callTicket: (number: string) => call('callTicket', number),
    recallTicket: () => call('recallTicket'),
    startService: (ticketId?: string) => call('startService', ...(ticketId === undefined ? [] : [ticketId])),
    skipTicket: (ticketId?: string) => call('skipTicket', ...(ticketId === undefined ? [] : [ticketId])),
    transferTicket: (request: TransferRequest) => call('transferTicket', request),
    finishTicket: (ticketId?: string) => call('finishTicket', ...(ticketId === undefined ? [] : [ticketId])),
    pauseWindow: (reason: string) => call('pauseWindow', reason),
    resumeWindow: () => call('resumeWindow'),
    windowSummary: () => call('windowSummary'),
    transferTargets: () => call('transferTargets'),
    filingPage: (sha256: string) => call('filingPage', sha256),
    updateFiling: (trackingCode: string, status: string, reason?: string) => call('updateFiling', trackingCode, status, ...(reason === undefined ? [] : [reason])),
    filingServices: () => call('filingServices'),
    filingGuide: (serviceCode: string) => call('filingGuide', serviceCode),
    visitor: () => call('visitor'),
    identifyCompany: (uscc: string) => call('identifyCompany', uscc),
    stagePage: (request: StagePageRequest) => call('stagePage', request),
    dropPage: (pageId: string) => call('dropPage', pageId),
    myMaterials: () => call('myMaterials'),
    submitFiling: (request: SubmitFilingRequest) => call('submitFiling', request),
    lookupFiling: (code: string) => call('lookupFiling', code),
    myFilings: () => call('myFilings'),
    undeliveredFilings: () => call('undeliveredFilings'),
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: unknown) => void);
      return () => set!.delete(listener as (payload: unknown) => void);
    },
  };
}
