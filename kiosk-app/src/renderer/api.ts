/**
 * How the renderer reaches its KioskApi: Electron's preload bridge when the
 * page runs inside the app, otherwise a WebSocket to the local device agent
 * (`?agent=ws://…` on the page, or ws://127.0.0.1:7410), reconnected with
 * backoff for as long as the page lives. The agent answers only a page that
 * presents its per-boot key, which arrives once in the page address's
 * fragment (`#agent-key=…`, as the agent printed it).
 */
import { AGENT_KEY_FRAGMENT, agentProtocols, BRIDGE_GLOBAL, DEFAULT_AGENT_PORT, type KioskBridge } from '../shared/bridge.ts';
import type { KioskApi } from '../shared/kiosk-api.ts';
import { createKioskClient, type Carrier, type RpcEvent, type RpcRequest, type RpcResponse } from '../shared/rpc.ts';

/** Whether the device service is reachable right now; the bridge always is. */
export type AgentLink = {
  readonly connected: boolean;
  /** The page was opened without the agent's key, so it never will be: it must be opened from the address the agent printed. */
  readonly keyMissing: boolean;
  onChange(listener: (connected: boolean) => void): () => void;
  close(): void;
};

export type KioskConnection = { api: KioskApi; link: AgentLink; carrier: 'bridge' | 'websocket'; url?: string };

/** The agent's address: `?agent=` when it is a ws:// or wss:// URL, else the default port on this machine. */
export function agentUrl(search: string): string {
  const given = new URLSearchParams(search).get('agent');
  if (given && /^wss?:\/\/[^\s]+$/i.test(given)) return given;
  return `ws://127.0.0.1:${DEFAULT_AGENT_PORT}`;
}

/** Where the key waits for a reload of the page (a tab's sessionStorage: gone with the browser session). */
export const AGENT_KEY_STORAGE = 'hall-agent-key';

/** What agentKey needs of the window; every part but `location` may be missing. */
export type KeyWindow = {
  location: { search: string; hash?: string; pathname?: string };
  sessionStorage?: Pick<Storage, 'getItem' | 'setItem'>;
  history?: Pick<History, 'replaceState' | 'state'>;
};

const KEY_SHAPE = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * The agent's key: taken from the fragment when the page was opened from the
 * agent's address (and then kept for reloads and wiped from the address bar,
 * so it is neither shown on the kiosk's screen nor bookmarked), else the one
 * kept from before. Undefined when the page never had one.
 */
export function agentKey(win: KeyWindow): string | undefined {
  const fragment = new URLSearchParams((win.location.hash ?? '').replace(/^#/, ''));
  const given = fragment.get(AGENT_KEY_FRAGMENT);
  if (given !== null && KEY_SHAPE.test(given)) {
    try {
      win.sessionStorage?.setItem(AGENT_KEY_STORAGE, given);
    } catch {
      // Storage refused (a locked-down profile): the key still works until the page is reloaded.
    }
    fragment.delete(AGENT_KEY_FRAGMENT);
    const rest = fragment.toString();
    win.history?.replaceState(win.history.state, '', `${win.location.pathname ?? ''}${win.location.search}${rest ? `#${rest}` : ''}`);
    return given;
  }
  try {
    const kept = win.sessionStorage?.getItem(AGENT_KEY_STORAGE) ?? null;
    return kept !== null && KEY_SHAPE.test(kept) ? kept : undefined;
  } catch {
    return undefined;
  }
}

/** 0.5 s, 1 s, 2 s, … capped at 10 s: an agent restarting comes back within a breath; a dead one is not hammered. */
export function backoffMs(attempt: number): number {
  return Math.min(10_000, 500 * 2 ** Math.max(0, attempt));
}

type SocketLike = {
  readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
};
export type SocketFactory = (url: string, protocols: string[]) => SocketLike;

export type WebSocketCarrierOptions = {
  createSocket?: SocketFactory;
  schedule?: (fn: () => void, ms: number) => unknown;
  cancel?: (handle: unknown) => void;
};

const OPEN = 1;

/**
 * A carrier over a WebSocket that keeps reconnecting, presenting `key` on
 * every connection. Calls made while it is down fail at once
 * (AGENT_UNREACHABLE). Without a key it never connects: the agent would
 * refuse it anyway, and the page says why instead.
 */
export function createWebSocketCarrier(url: string, key: string | undefined, options: WebSocketCarrierOptions = {}): Carrier & AgentLink {
  const createSocket: SocketFactory = options.createSocket ?? ((u, protocols) => new WebSocket(u, protocols) as unknown as SocketLike);
  const schedule = options.schedule ?? ((fn, ms) => setTimeout(fn, ms));
  const cancel = options.cancel ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));

  let socket: SocketLike | null = null;
  let connected = false;
  let attempt = 0;
  let closed = false;
  let retry: unknown = null;
  let messageHandler: ((message: RpcResponse | RpcEvent) => void) | null = null;
  const closeHandlers: (() => void)[] = [];
  const linkListeners = new Set<(connected: boolean) => void>();

  const setConnected = (value: boolean) => {
    if (connected === value) return;
    connected = value;
    for (const listener of linkListeners) listener(value);
  };

  const dropped = () => {
    for (const handler of closeHandlers) handler();
  };

  const open = () => {
    retry = null;
    if (closed || key === undefined) return;
    let s: SocketLike;
    try {
      s = createSocket(url, agentProtocols(key));
    } catch {
      reconnectLater();
      return;
    }
    socket = s;
    s.onopen = () => {
      attempt = 0;
      setConnected(true);
    };
    s.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      let message: unknown;
      try {
        message = JSON.parse(ev.data);
      } catch {
        return;
      }
      const m = message as { type?: unknown };
      if (m && (m.type === 'response' || m.type === 'event')) messageHandler?.(message as RpcResponse | RpcEvent);
    };
    s.onerror = () => {};
    s.onclose = () => {
      if (socket !== s) return;
      socket = null;
      setConnected(false);
      dropped();
      reconnectLater();
    };
  };

  const reconnectLater = () => {
    if (closed || retry !== null) return;
    retry = schedule(open, backoffMs(attempt++));
  };

  open();

  return {
    send(message: RpcRequest) {
      if (!socket || socket.readyState !== OPEN) {
        // The client registered the call before sending it: failing now answers it at once.
        dropped();
        return;
      }
      socket.send(JSON.stringify(message));
    },
    onMessage(handler) {
      messageHandler = handler;
    },
    onClose(handler) {
      closeHandlers.push(handler);
    },
    get connected() {
      return connected;
    },
    keyMissing: key === undefined,
    onChange(listener) {
      linkListeners.add(listener);
      return () => linkListeners.delete(listener);
    },
    close() {
      closed = true;
      if (retry !== null) cancel(retry);
      retry = null;
      const s = socket;
      socket = null;
      s?.close();
      setConnected(false);
    },
  };
}

const ALWAYS: AgentLink = { connected: true, keyMissing: false, onChange: () => () => {}, close: () => {} };

/**
 * The bridge if Electron's preload put one on the window (IPC, where the main
 * process checks the sender and no key is needed), else the agent's WebSocket.
 */
export function connectKiosk(win: KeyWindow & Record<string, unknown>, options: WebSocketCarrierOptions = {}): KioskConnection {
  const bridge = win[BRIDGE_GLOBAL] as KioskBridge | undefined;
  if (bridge && typeof bridge.send === 'function' && typeof bridge.onMessage === 'function') {
    return { api: createKioskClient(bridge), link: ALWAYS, carrier: 'bridge' };
  }
  const url = agentUrl(win.location.search);
  const carrier = createWebSocketCarrier(url, agentKey(win), options);
  return { api: createKioskClient(carrier), link: carrier, carrier: 'websocket', url };
}
