/**
 * The preload bridge, apart from Electron so it can be tested: `send` and
 * `onMessage` over exactly the two IPC channels of bridge.ts. The renderer
 * gets these two functions and nothing else: no ipcRenderer, no event
 * objects, no other channel.
 */
import { IPC_CHANNELS, type KioskBridge } from '../shared/bridge.ts';
import { isKioskMethod, type RpcEvent, type RpcRequest, type RpcResponse } from '../shared/rpc.ts';

/** The slice of ipcRenderer the bridge uses. */
export type RendererIpc = {
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
};

export function isRpcRequest(message: unknown): message is RpcRequest {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return false;
  const m = message as Record<string, unknown>;
  return m.type === 'request' && Number.isSafeInteger(m.id) && isKioskMethod(m.method) && Array.isArray(m.params);
}

function isIncoming(message: unknown): message is RpcResponse | RpcEvent {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Record<string, unknown>;
  return (m.type === 'response' && typeof m.id === 'number') || (m.type === 'event' && typeof m.event === 'string');
}

export function createBridge(ipc: RendererIpc): KioskBridge {
  let current: ((event: unknown, ...args: unknown[]) => void) | undefined;
  return {
    send(message: RpcRequest): void {
      if (!isRpcRequest(message)) throw new TypeError('hallKiosk.send: not a KioskApi request');
      // Only the four fields cross over: nothing else the page attached.
      ipc.send(IPC_CHANNELS.request, { type: 'request', id: message.id, method: message.method, params: message.params });
    },
    onMessage(handler: (message: RpcResponse | RpcEvent) => void): void {
      if (typeof handler !== 'function') throw new TypeError('hallKiosk.onMessage: handler must be a function');
      // One handler (the Carrier contract); a second call replaces the first.
      if (current) ipc.removeListener(IPC_CHANNELS.message, current);
      current = (_event, message) => {
        if (isIncoming(message)) handler(message);
      };
      ipc.on(IPC_CHANNELS.message, current);
    },
  };
}
