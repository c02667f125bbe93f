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

/**
 * How a browser page proves to the agent that it is the page the agent
 * printed: a browser cannot set headers on a WebSocket, but it can offer
 * subprotocols, so the per-boot key rides in a second offer next to the
 * protocol the agent selects. Never in the URL, which proxies and logs keep.
 */
export const AGENT_PROTOCOL = 'hall-agent';
export const AGENT_KEY_PROTOCOL_PREFIX = 'hall-agent.key.';
/** The fragment parameter carrying the key on the kiosk page's address (a fragment never reaches the hall server). */
export const AGENT_KEY_FRAGMENT = 'agent-key';

/** The subprotocols a client offers to present `key`. */
export function agentProtocols(key: string): string[] {
  return [AGENT_PROTOCOL, `${AGENT_KEY_PROTOCOL_PREFIX}${key}`];
}

/** The address a browser kiosk opens: the hall's `/kiosk/` page, its agent in the query and the agent's key in the fragment. */
export function kioskPageUrl(hallUrl: string, agentUrl: string, key: string): string {
  return `${hallUrl.replace(/\/+$/, '')}/kiosk/?agent=${agentUrl}#${AGENT_KEY_FRAGMENT}=${key}`;
}
