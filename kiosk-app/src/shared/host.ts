/**
 * The serving side of the RPC: whatever hosts the devices (the device agent
 * process, or Electron's main process) implements KioskHost, and a carrier
 * feeds it requests through `serveRequest`.
 */
import { KioskError, type KioskErrorBody, type KioskEvents, type KioskMethod } from './kiosk-api.ts';
import { isKioskMethod, type RpcEvent, type RpcResponse } from './rpc.ts';

export type KioskHost = {
  call(method: KioskMethod, params: unknown[]): Promise<unknown>;
  /** Every event for the renderer; returns an unsubscribe function. */
  subscribe(listener: <E extends keyof KioskEvents>(event: E, payload: KioskEvents[E]) => void): () => void;
};

const INTERNAL: KioskErrorBody = { code: 'INTERNAL' };

/** Answers one incoming message. Unknown methods and malformed messages get an error, never a call. */
export async function serveRequest(host: KioskHost, message: unknown, onUnexpected?: (err: unknown) => void): Promise<RpcResponse | undefined> {
  const m = message as { type?: unknown; id?: unknown; method?: unknown; params?: unknown };
  if (m?.type !== 'request' || typeof m.id !== 'number') return undefined;
  if (!isKioskMethod(m.method)) {
    return { type: 'response', id: m.id, error: { code: 'UNKNOWN_METHOD', details: { method: String(m.method) } } };
  }
  const params = Array.isArray(m.params) ? m.params : [];
  try {
    return { type: 'response', id: m.id, result: await host.call(m.method, params) };
  } catch (err) {
    if (err instanceof KioskError) return { type: 'response', id: m.id, error: { code: err.code, details: err.details } };
    onUnexpected?.(err);
    return { type: 'response', id: m.id, error: INTERNAL };
  }
}

export function eventMessage<E extends keyof KioskEvents>(event: E, payload: KioskEvents[E]): RpcEvent {
  return { type: 'event', event, payload };
}
