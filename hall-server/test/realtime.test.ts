import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { io } from 'socket.io-client';
import { sameOriginOnly } from '../src/api/realtime.ts';
import { next, received, refusal } from './harness.ts';
import { hallPerTest } from './per-test.ts';

const HUKOU = '330106-HJ-001';

describe('socket.io namespaces', () => {
  const hall = hallPerTest();

  it('sends a snapshot with the current seq on connect', async () => {
    await hall.client(hall.token('kiosk')).call('issueTicket', { body: { serviceCode: HUKOU } });
    const wall = await hall.connect('/display', hall.token('display'));
    const snap = await wall.snapshot;
    expect(snap.seq).toBe(hall.app.hall.seq);
    expect(snap.services.find((s) => s.code === HUKOU)?.waiting).toBe(1);
    expect(snap.windows).toHaveLength(12);
  });

  it('refuses a browser handshake from a foreign origin, token or not', async () => {
    const token = hall.token('display');
    const socket = io(`${hall.url}/display`, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { origin: 'https://evil.example' },
    });
    try {
      await expect(new Promise<void>((resolve, reject) => (socket.once('connect', () => resolve()), socket.once('connect_error', reject)))).rejects.toThrow();
      expect(socket.connected).toBe(false);
    } finally {
      socket.close();
    }
  });

  it('lets a page of the hall’s own origin connect', async () => {
    const token = hall.token('display');
    const socket = io(`${hall.url}/display`, {
      auth: { token },
      transports: ['websocket', 'polling'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { origin: hall.url },
    });
    try {
      await new Promise<void>((resolve, reject) => (socket.once('connect', () => resolve()), socket.once('connect_error', reject)));
      expect(socket.connected).toBe(true);
    } finally {
      socket.close();
    }
  });

  it('lets in an origin listed with --allowed-origin, and no other foreign one', async () => {
    const judge = sameOriginOnly(['https://wall.example.gov.cn']);
    const verdict = (headers: Record<string, string>) =>
      new Promise<boolean>((resolve) => judge({ headers } as unknown as IncomingMessage, (_err, ok) => resolve(ok)));
    expect(await verdict({ host: 'hall.lan:8443', origin: 'https://wall.example.gov.cn' })).toBe(true);
    expect(await verdict({ host: 'hall.lan:8443', origin: 'https://hall.lan:8443' })).toBe(true);
    expect(await verdict({ host: 'hall.lan:8443', origin: 'http://hall.lan:8443' })).toBe(true);
    expect(await verdict({ host: 'hall.lan:8443', origin: 'https://hall.lan:9999' })).toBe(false);
    expect(await verdict({ host: 'hall.lan:8443', origin: 'null' })).toBe(false);
    expect(await verdict({ host: 'hall.lan:8443' })).toBe(true);
  });

  it('refuses a token of the wrong role with connect_error', async () => {
    await expect(hall.connect('/display', hall.token('kiosk'))).rejects.toMatchObject({ data: { code: 'FORBIDDEN_ROLE' } });
    await expect(hall.connect('/manager', 'hall_bogus')).rejects.toMatchObject({ data: { code: 'UNAUTHENTICATED' } });
  });

  it('tells every wall about a call with the seq the change committed as', async () => {
    const walls = await Promise.all([1, 2, 3].map(() => hall.connect('/display', hall.token('display'))));
    await hall.client(hall.token('kiosk')).call('issueTicket', { body: { serviceCode: HUKOU } });
    const arrivals = walls.map((w) => next(w.socket, 'ticket:called'));
    const called = await hall.client(hall.token('counter', 1)).call('callNext', { params: { windowNo: 1 } });
    for (const call of await Promise.all(arrivals)) {
      expect(call).toMatchObject({ ticketId: called!.id, number: 'A001', windowNo: 1, serviceCode: HUKOU, recall: false, seq: hall.app.hall.seq });
    }
  });

  it('marks a recall as such', async () => {
    const wall = await hall.connect('/display', hall.token('display'));
    const counter = hall.client(hall.token('counter', 1));
    await hall.client(hall.token('kiosk')).call('issueTicket', { body: { serviceCode: HUKOU } });
    await counter.call('callNext', { params: { windowNo: 1 } });
    const recall = next(wall.socket, 'ticket:called', (c) => c.recall);
    await counter.call('recallTicket', { params: { windowNo: 1 } });
    expect(await recall).toMatchObject({ number: 'A001', recall: true, recallCount: 1 });
  });

  it('gives each namespace one message per seq at least, so seq has no gaps', async () => {
    const wall = await hall.connect('/display', hall.token('display'));
    const manager = await hall.connect('/manager', hall.token('manager'));
    const start = (await wall.snapshot).seq;
    const kiosk = hall.client(hall.token('kiosk'));
    const counter = hall.client(hall.token('counter', 1));
    const t = await kiosk.call('issueTicket', { body: { serviceCode: HUKOU } });
    await counter.call('callNext', { params: { windowNo: 1 } });
    await counter.call('finishTicket', { params: { ticketId: t.id } });
    await refusal(hall.client(hall.token('display')).call('rateTicket', { params: { ticketId: t.id }, body: { level: 4 } }));
    await counter.call('pauseWindow', { params: { windowNo: 1 }, body: { reason: '会议' } });
    const end = hall.app.hall.seq;
    await received(manager, 'window:updated', (w) => w.seq === end);
    await received(wall, 'window:updated', (w) => w.seq === end);
    for (const conn of [wall, manager]) {
      const seen = new Set(conn.log.filter((m) => m.event !== 'queue:snapshot').map((m) => m.payload.seq));
      for (let s = start + 1; s <= end; s++) expect(seen.has(s), `seq ${s}`).toBe(true);
    }
  });

  it('never sends unmasked identities to displays', async () => {
    const wall = await hall.connect('/display', hall.token('display'));
    await hall.client(hall.token('kiosk')).call('issueTicket', { body: { serviceCode: HUKOU, idNumber: '11010519491231002X', name: '张三丰' } });
    await hall.client(hall.token('counter', 1)).call('callNext', { params: { windowNo: 1 } });
    await received(wall, 'ticket:called');
    const everything = JSON.stringify(wall.log);
    expect(everything).not.toContain('11010519491231002X');
    expect(everything).not.toContain('张三丰');
    expect(everything).not.toContain('110***********002X');
  });

  it('answers a snapshot request in its ack', async () => {
    const manager = await hall.connect('/manager', hall.token('manager'));
    await manager.snapshot;
    await hall.client(hall.token('kiosk')).call('issueTicket', { body: { serviceCode: HUKOU } });
    const ack = await manager.socket.timeout(3000).emitWithAck('queue:snapshot');
    expect('data' in ack && ack.data.seq).toBe(hall.app.hall.seq);
  });

  it('answers an event it does not know with an error ack and changes nothing', async () => {
    const counter = await hall.connect('/counter', hall.token('counter', 1));
    const before = hall.app.hall.seq;
    const socket = counter.socket as unknown as { timeout(ms: number): { emitWithAck(e: string, ...a: unknown[]): Promise<any> } };
    const ack = await socket.timeout(3000).emitWithAck('ticket:call-next', { windowNo: 1 });
    expect(ack.error.code).toBe('UNKNOWN_EVENT');
    expect(hall.app.hall.seq).toBe(before);
  });

  it('shows the manager which kiosks are connected and what their devices report', async () => {
    const manager = await hall.connect('/manager', hall.token('manager'));
    const kioskToken = hall.token('kiosk');
    const kiosk = await hall.connect('/kiosk', kioskToken);
    await received(manager, 'terminal:updated', (t) => t.role === 'kiosk' && t.online);
    const report = hall.client(kioskToken).call('reportDevices', {
      body: { devices: [{ device: 'printer', model: 'generic-escpos-80', state: 'warning', code: 'PAPER_LOW', since: new Date().toISOString() }] },
    });
    await expect(report).resolves.toBeDefined();
    await received(manager, 'terminal:updated', (t) => t.devices[0]?.code === 'PAPER_LOW');
    kiosk.socket.disconnect();
    await received(manager, 'terminal:updated', (t) => t.role === 'kiosk' && !t.online);
    const list = await hall.client(hall.token('manager')).call('listTerminals');
    expect(list.terminals[0]).toMatchObject({ online: false, devices: [{ code: 'PAPER_LOW' }] });
  });

  it('lets a wall that blinked off catch up on what it missed without a snapshot', async () => {
    const wall = await hall.connect('/display', hall.token('display'));
    await wall.snapshot;
    const kiosk = hall.client(hall.token('kiosk'));
    await kiosk.call('issueTicket', { body: { serviceCode: HUKOU } });
    await received(wall, 'queue:updated');
    // Drop the transport as a network blip would (not a clean disconnect, which ends the session).
    (wall.socket.io.engine as unknown as { close(): void }).close();
    await new Promise((r) => setTimeout(r, 50));
    await kiosk.call('issueTicket', { body: { serviceCode: HUKOU } });
    const seq = hall.app.hall.seq;
    wall.socket.connect();
    await received(wall, 'queue:updated', (m) => m.seq === seq);
    expect(wall.socket.recovered).toBe(true);
    expect(wall.log.filter((m) => m.event === 'queue:snapshot')).toHaveLength(1);
  });

  it('gives two clerks calling at the same instant two different tickets', async () => {
    const kiosk = hall.client(hall.token('kiosk'));
    for (let i = 0; i < 10; i++) await kiosk.call('issueTicket', { body: { serviceCode: HUKOU } });
    const c1 = hall.client(hall.token('counter', 1));
    const c2 = hall.client(hall.token('counter', 2));
    const [a, b] = await Promise.all([c1.call('callNext', { params: { windowNo: 1 } }), c2.call('callNext', { params: { windowNo: 2 } })]);
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    expect(a!.id).not.toBe(b!.id);
  });

  it('answers a double click on call-next with ALREADY_CALLED and calls once', async () => {
    const kiosk = hall.client(hall.token('kiosk'));
    for (let i = 0; i < 3; i++) await kiosk.call('issueTicket', { body: { serviceCode: HUKOU } });
    const c1 = hall.client(hall.token('counter', 1));
    const both = await Promise.allSettled([c1.call('callNext', { params: { windowNo: 1 } }), c1.call('callNext', { params: { windowNo: 1 } })]);
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const called = both.find((r) => r.status === 'fulfilled');
    expect(called?.value, 'a ticket called').toBeDefined();
    const refused = both.find((r) => r.status === 'rejected');
    expect(refused?.reason).toMatchObject({ status: 409, code: 'ALREADY_CALLED' });
    const queue = await hall.client(hall.token('manager')).call('getQueue');
    expect(queue.services.find((s) => s.code === HUKOU)!.waiting).toBe(2);
  });
});
