import { describe, expect, it } from 'vitest';
import { AGENT_KEY_STORAGE, agentKey, agentUrl, backoffMs, connectKiosk, createWebSocketCarrier } from './api.ts';

const KEY = 'k3y_Of-The-Agent-Boot-0123456789abcdefABCDEF';
/** A page opened from the agent's address, or reloaded: the key in its fragment. */
const page = (search = '') => ({ location: { search, hash: `#agent-key=${KEY}` } });

class FakeSocket {
  readyState = 0;
  sent: string[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  readonly url: string;
  readonly protocols: string[];
  constructor(url: string, protocols: string[]) {
    this.url = url;
    this.protocols = protocols;
  }
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
    this.onclose?.({});
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({});
  }
  reply(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

function harness() {
  const sockets: FakeSocket[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const options = {
    createSocket: (url: string, protocols: string[]) => {
      const s = new FakeSocket(url, protocols);
      sockets.push(s);
      return s;
    },
    schedule: (fn: () => void, ms: number) => timers.push({ fn, ms }),
    cancel: () => {},
  };
  return { sockets, timers, options };
}

describe('choosing the carrier', () => {
  it('uses the agent given as ?agent= on the page, else the default port', () => {
    expect(agentUrl('?agent=ws://127.0.0.1:9001')).toBe('ws://127.0.0.1:9001');
    expect(agentUrl('')).toBe('ws://127.0.0.1:7410');
    expect(agentUrl('?agent=javascript:alert(1)')).toBe('ws://127.0.0.1:7410');
  });

  it('prefers Electron’s bridge when the preload put one on the window', async () => {
    const sent: unknown[] = [];
    let handler: ((m: never) => void) | null = null;
    const bridge = { send: (m: unknown) => sent.push(m), onMessage: (h: (m: never) => void) => (handler = h) };
    const c = connectKiosk({ location: { search: '?agent=ws://x:1' }, hallKiosk: bridge });
    expect(c.carrier).toBe('bridge');
    expect(c.link.connected).toBe(true);
    const answer = c.api.testPrint();
    expect(sent).toEqual([{ type: 'request', id: 1, method: 'testPrint', params: [] }]);
    handler!({ type: 'response', id: 1, result: null } as never);
    await expect(answer).resolves.toBeNull();
  });

  it('falls back to the agent’s WebSocket in a plain browser', () => {
    const h = harness();
    const c = connectKiosk(page('?agent=ws://127.0.0.1:9001'), h.options);
    expect(c.carrier).toBe('websocket');
    expect(h.sockets[0]!.url).toBe('ws://127.0.0.1:9001');
    c.link.close();
  });
});

describe('the agent’s key', () => {
  function browserWindow(href: string, stored: Record<string, string> = {}) {
    const url = new URL(href);
    const replaced: string[] = [];
    const win = {
      location: { search: url.search, hash: url.hash, pathname: url.pathname },
      sessionStorage: { getItem: (k: string) => stored[k] ?? null, setItem: (k: string, v: string) => void (stored[k] = v) },
      history: { state: null, replaceState: (_s: unknown, _t: string, u?: string | URL | null) => void replaced.push(String(u)) },
    };
    return { win, stored, replaced };
  }

  it('is read from the page address’s fragment, kept for a reload, and wiped from the address bar', () => {
    const { win, stored, replaced } = browserWindow(`http://hall.lan:8080/kiosk/?agent=ws://127.0.0.1:7410#agent-key=${KEY}`);
    expect(agentKey(win)).toBe(KEY);
    expect(stored[AGENT_KEY_STORAGE]).toBe(KEY);
    expect(replaced).toEqual(['/kiosk/?agent=ws://127.0.0.1:7410']);
  });

  it('survives a reload from the tab’s storage, and a newer address’s key (the agent restarted) replaces it', () => {
    expect(agentKey(browserWindow('http://hall.lan:8080/kiosk/', { [AGENT_KEY_STORAGE]: KEY }).win)).toBe(KEY);
    const newer = `${KEY.slice(1)}Z`;
    const { win, stored } = browserWindow(`http://hall.lan:8080/kiosk/#agent-key=${newer}`, { [AGENT_KEY_STORAGE]: KEY });
    expect(agentKey(win)).toBe(newer);
    expect(stored[AGENT_KEY_STORAGE]).toBe(newer);
  });

  it('leaves the rest of the fragment alone, and ignores a value that is not a key', () => {
    const { win, replaced } = browserWindow(`http://hall.lan:8080/kiosk/#lang=en&agent-key=${KEY}`);
    expect(agentKey(win)).toBe(KEY);
    expect(replaced).toEqual(['/kiosk/#lang=en']);
    expect(agentKey(browserWindow('http://hall.lan:8080/kiosk/#agent-key=<script>').win)).toBeUndefined();
  });

  it('is offered on every connection, beside the protocol the agent selects, and never in the address', () => {
    const h = harness();
    const c = connectKiosk(page('?agent=ws://127.0.0.1:9001'), h.options);
    h.sockets[0]!.drop();
    h.timers[0]!.fn();
    for (const s of h.sockets) {
      expect(s.protocols).toEqual(['hall-agent', `hall-agent.key.${KEY}`]);
      expect(s.url).not.toContain(KEY);
    }
    expect(h.sockets).toHaveLength(2);
    c.link.close();
  });

  it('without one the page does not try the agent, and says it must be opened from the agent’s address', async () => {
    const h = harness();
    const c = connectKiosk({ location: { search: '?agent=ws://127.0.0.1:9001' } }, h.options);
    expect(h.sockets).toEqual([]);
    expect(c.link).toMatchObject({ connected: false, keyMissing: true });
    await expect(c.api.info()).rejects.toMatchObject({ code: 'AGENT_UNREACHABLE' });
  });
});

describe('the agent WebSocket', () => {
  it('carries requests and answers once open', async () => {
    const h = harness();
    const c = connectKiosk(page(), h.options);
    const seen: boolean[] = [];
    c.link.onChange((v) => seen.push(v));
    h.sockets[0]!.open();
    expect(seen).toEqual([true]);
    const lookup = c.api.lookupTicket('A012');
    expect(JSON.parse(h.sockets[0]!.sent[0]!)).toEqual({ type: 'request', id: 1, method: 'lookupTicket', params: ['A012'] });
    h.sockets[0]!.reply({ type: 'response', id: 1, result: { number: 'A012', waitingAhead: 2 } });
    await expect(lookup).resolves.toMatchObject({ waitingAhead: 2 });
  });

  it('fails a call made while the agent is down at once, with AGENT_UNREACHABLE', async () => {
    const h = harness();
    const c = connectKiosk(page(), h.options);
    await expect(c.api.info()).rejects.toMatchObject({ code: 'AGENT_UNREACHABLE' });
  });

  it('fails pending calls when the socket drops, and reconnects with growing backoff', async () => {
    const h = harness();
    const c = connectKiosk(page(), h.options);
    h.sockets[0]!.open();
    const pending = c.api.info();
    h.sockets[0]!.drop();
    await expect(pending).rejects.toMatchObject({ code: 'AGENT_UNREACHABLE' });
    expect(c.link.connected).toBe(false);
    expect(h.timers.map((t) => t.ms)).toEqual([500]);
    h.timers[0]!.fn();
    h.sockets[1]!.drop();
    h.timers[1]!.fn();
    h.sockets[2]!.drop();
    expect(h.timers.map((t) => t.ms)).toEqual([500, 1000, 2000]);
    h.timers[2]!.fn();
    h.sockets[3]!.open();
    expect(c.link.connected).toBe(true);
  });

  it('delivers the agent’s events to listeners and ignores garbage', () => {
    const h = harness();
    const c = connectKiosk(page(), h.options);
    h.sockets[0]!.open();
    const links: unknown[] = [];
    c.api.on('hall', (l) => links.push(l));
    h.sockets[0]!.onmessage?.({ data: 'not json' });
    h.sockets[0]!.reply({ type: 'event', event: 'hall', payload: { online: false } });
    expect(links).toEqual([{ online: false }]);
  });

  it('stops reconnecting once closed', () => {
    const h = harness();
    const carrier = createWebSocketCarrier('ws://x', KEY, h.options);
    carrier.close();
    expect(h.timers).toEqual([]);
    expect(h.sockets).toHaveLength(1);
  });

  it('backs off from half a second to at most ten', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map(backoffMs)).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
  });
});
