/**
 * What Electron's preload script exposes to the renderer as `window.hallKiosk`:
 * a carrier for the RPC messages and nothing else (no ipcRenderer, no Node).
 */
import type { RpcEvent, RpcRequest, RpcResponse } from './rpc.ts';

export const BRIDGE_GLOBAL = 'hallKiosk';

/** IPC channels between preload and main; main drops anything else. */
export const IPC_CHANNELS = { request: 'kiosk:request', message: 'kiosk:message' } as const;

export type KioskBridge = {
  send(message: RpcRequest): void;
  onMessage(handler: (message: RpcResponse | RpcEvent) => void): void;
};

/** Where the device agent listens for browsers (contract: KIOSK_AGENT_PORT, `?agent=` on the page). */
export const DEFAULT_AGENT_PORT = 7410;
