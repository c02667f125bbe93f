import { describe, expect, it } from 'vitest';
import { agentUrl, backoffMs, connectKiosk, createWebSocketCarrier } from './api.ts';

class FakeSocket {
  readyState = 0;
  sent: string[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  readonly url: string;
  constructor(url: string) {
    this.url = url;
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
    createSocket: (url: string) => {
      const s = new FakeSocket(url);
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
    const c = connectKiosk({ location: { search: '?agent=ws://127.0.0.1:9001' } }, h.options);
    expect(c.carrier).toBe('websocket');
    expect(h.sockets[0]!.url).toBe('ws://127.0.0.1:9001');
    c.link.close();
  });
});

describe('the agent WebSocket', () => {
  it('carries requests and answers once open', async () => {
    const h = harness();
    const c = connectKiosk({ location: { search: '' } }, h.options);
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
    const c = connectKiosk({ location: { search: '' } }, h.options);
    await expect(c.api.info()).rejects.toMatchObject({ code: 'AGENT_UNREACHABLE' });
  });

  it('fails pending calls when the socket drops, and reconnects with growing backoff', async () => {
    const h = harness();
    const c = connectKiosk({ location: { search: '' } }, h.options);
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
    const c = connectKiosk({ location: { search: '' } }, h.options);
    h.sockets[0]!.open();
    const links: unknown[] = [];
    c.api.on('hall', (l) => links.push(l));
    h.sockets[0]!.onmessage?.({ data: 'not json' });
    h.sockets[0]!.reply({ type: 'event', event: 'hall', payload: { online: false } });
    expect(links).toEqual([{ online: false }]);
  });

  it('stops reconnecting once closed', () => {
    const h = harness();
    const carrier = createWebSocketCarrier('ws://x', h.options);
    carrier.close();
    expect(h.timers).toEqual([]);
    expect(h.sockets).toHaveLength(1);
  });

  it('backs off from half a second to at most ten', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map(backoffMs)).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
  });
});
