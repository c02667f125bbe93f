/**
 * The messages both carriers move, and the client side of KioskApi over any
 * carrier that can send a message and deliver incoming ones.
 */
import { KioskError, type KioskApi, type KioskErrorBody, type KioskEvents } from './kiosk-api.ts';
import { isKioskMethod, KIOSK_METHODS, kioskMethod, type KioskMethod, type KioskMethods } from './kiosk-methods.ts';

export { isKioskMethod };

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

/** Calls the host did not answer: it went away, or took longer than the call may. */
const LOST: KioskErrorBody = { code: 'AGENT_UNREACHABLE' };

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

  const call = (method: KioskMethod, params: unknown[]): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(
        () => {
          pending.delete(id);
          reject(new KioskError(LOST));
        },
        Math.max(timeoutMs, kioskMethod(method)?.timeoutMs ?? 0),
      );
      pending.set(id, { resolve, reject, timer });
      carrier.send({ type: 'request', id, method, params });
    });

  // Optional parameters left out are not sent, so the host sees the same params over every carrier.
  const methods = Object.fromEntries(
    KIOSK_METHODS.map((method) => [method, (...params: unknown[]) => call(method, withoutUnsetTail(params))]),
  ) as unknown as KioskMethods;
  return {
    ...methods,
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: unknown) => void);
      return () => set!.delete(listener as (payload: unknown) => void);
    },
  };
}

function withoutUnsetTail(params: unknown[]): unknown[] {
  let end = params.length;
  while (end > 0 && params[end - 1] === undefined) end--;
  return end === params.length ? params : params.slice(0, end);
}
