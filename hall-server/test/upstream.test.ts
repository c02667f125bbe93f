import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpSink } from '../src/upstream/sinks.ts';
import { tempDir } from './harness.ts';
import { hallStarter } from './per-test.ts';

const SECRET = 'city-secret';

type Received = { key: string; body: any; signatureOk: boolean; hallId: string };

/** A city platform that can be told to fail: 500, silence, garbage, or accept. */
function receiver() {
  const accepted: Received[] = [];
  const seen: string[] = [];
  let mode: 'ok' | '500' | 'hang' | 'garbage' = 'ok';
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const key = String(req.headers['idempotency-key']);
      seen.push(key);
      if (mode === '500') return void res.writeHead(500).end('busy');
      if (mode === 'hang') return; // never answers
      if (mode === 'garbage') return void req.socket.end('HTTP/1.1 ???\r\n\r\nnot http');
      const expected = `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`;
      accepted.push({ key, body: JSON.parse(raw), signatureOk: req.headers['x-hall-signature'] === expected, hallId: String(req.headers['x-hall-id']) });
      res.writeHead(202).end();
    });
  });
  return {
    accepted,
    seen,
    setMode: (m: typeof mode) => (mode = m),
    async listen(port = 0): Promise<string> {
      await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/ingest`;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const until = (check: () => boolean, timeout = 10_000) => vi.waitUntil(check, { timeout, interval: 20 });

describe('upstream reporting', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });
  const start = hallStarter();

  it('delivers every report exactly once and in order through 500s, silence and garbage', { timeout: 30_000 }, async () => {
    const city = receiver();
    const url = await city.listen();
    closers.push(city.close);
    city.setMode('500');
    const hall = await start({
      upstream: { url, secret: SECRET, intervalS: 3600, hallId: 'HALL-T' },
      upstreamSink: new HttpSink({ url, secret: SECRET, hallId: 'HALL-T', timeoutMs: 300 }),
      upstreamDelivery: { baseDelayMs: 40, maxDelayMs: 200 },
    });
    const up = hall.app.upstream!;
    for (let i = 0; i < 3; i++) up.reportQueueLoad();
    await until(() => city.seen.length >= 3);
    // A retry may be in flight at this moment: wait for it to come back refused.
    await until(() => up.status.state === 'retrying');
    expect(up.status).toMatchObject({ state: 'retrying', lastError: 'HTTP 500' });
    city.setMode('hang');
    const seenBefore = city.seen.length;
    await until(() => city.seen.length >= seenBefore + 2);
    city.setMode('garbage');
    await until(() => city.seen.length >= seenBefore + 4);
    expect(city.accepted).toHaveLength(0);
    expect(up.status.backlog).toBe(3);

    city.setMode('ok');
    for (let i = 0; i < 2; i++) up.reportQueueLoad();
    await until(() => city.accepted.length === 5 && up.status.backlog === 0);
    const keys = city.accepted.map((r) => r.key);
    expect(new Set(keys).size).toBe(5);
    expect(city.accepted.every((r) => r.signatureOk && r.hallId === 'HALL-T' && r.body.type === 'queue-load')).toBe(true);
    const stored = hall.app.store.db.prepare('SELECT key FROM upstream_outbox ORDER BY id').pluck().all();
    expect(keys).toEqual(stored);
    expect(new Set(city.seen).size).toBe(5);
  });

  it('reports a rating as it is committed, with the figures a city platform needs', async () => {
    const city = receiver();
    const url = await city.listen();
    closers.push(city.close);
    const hall = await start({ upstream: { url, secret: SECRET, intervalS: 3600 }, upstreamDelivery: { baseDelayMs: 40 } });
    const kiosk = hall.client(hall.token('kiosk'));
    const counter = hall.client(hall.token('counter', 1));
    const t = await kiosk.call('issueTicket', { body: { serviceCode: '330106-HJ-001' } });
    await kiosk.call('issueTicket', { body: { serviceCode: '330106-HJ-001' } });
    await counter.call('callNext', { params: { windowNo: 1 } });
    await counter.call('finishTicket', { params: { ticketId: t.id } });
    await hall.client(hall.token('display', 1)).call('rateTicket', { params: { ticketId: t.id }, body: { level: 1, reason: '等候时间太长' } });
    await until(() => city.accepted.some((r) => r.body.type === 'rating'));
    expect(city.accepted.find((r) => r.body.type === 'rating')!.body).toMatchObject({ ticketId: t.id, level: 1, reason: '等候时间太长', windowNo: 1 });
    hall.app.upstream!.reportQueueLoad();
    await until(() => city.accepted.some((r) => r.body.type === 'queue-load'));
    const load = city.accepted.find((r) => r.body.type === 'queue-load')!.body;
    expect(load).toMatchObject({ issuedToday: 2, servedToday: 1 });
    expect(load.services.find((s: any) => s.code === '330106-HJ-001')).toMatchObject({ waiting: 1, served: 1, issued: 2 });
    const status = await hall.client(hall.token('manager')).call('getUpstreamStatus');
    expect(status).toMatchObject({ configured: true, status: { backlog: 0 } });
  });

  it('keeps undelivered reports across a restart and drains them when the platform returns', { timeout: 30_000 }, async () => {
    const city = receiver();
    const url = await city.listen();
    closers.push(city.close);
    city.setMode('500');
    const dataDir = tempDir();
    const options = { dataDir, upstream: { url, secret: SECRET, intervalS: 3600 }, upstreamDelivery: { baseDelayMs: 40, maxDelayMs: 100 } };
    let hall = await start(options);
    for (let i = 0; i < 4; i++) hall.app.upstream!.reportQueueLoad();
    await until(() => city.seen.length >= 2);
    await hall.close();
    city.setMode('ok');
    hall = await start(options);
    await until(() => city.accepted.length === 4);
    expect(new Set(city.accepted.map((r) => r.key)).size).toBe(4);
  });

  it('publishes the same reports to an MQTT broker with their key and signature', { timeout: 30_000 }, async () => {
    const broker = await Aedes.createBroker();
    const tcp: NetServer = createNetServer(broker.handle);
    await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
    const brokerUrl = `mqtt://127.0.0.1:${(tcp.address() as AddressInfo).port}`;
    closers.push(async () => {
      await new Promise<void>((r) => broker.close(() => r()));
      await new Promise<void>((r) => tcp.close(() => r()));
    });
    const city = await mqtt.connectAsync(brokerUrl, { protocolVersion: 4 });
    closers.push(() => city.endAsync(true));
    const got: { topic: string; raw: string; body: any; key: unknown; signature: unknown }[] = [];
    city.on('message', (topic, payload) => {
      const envelope = JSON.parse(payload.toString());
      got.push({ topic, raw: envelope.body, body: JSON.parse(envelope.body), key: envelope.idempotencyKey, signature: envelope.signature });
    });
    await city.subscribeAsync('hall/#', { qos: 1 });
    const hall = await start({ upstream: { url: brokerUrl, secret: SECRET, intervalS: 3600, hallId: 'HALL-M' }, upstreamDelivery: { baseDelayMs: 100 } });
    await until(() => hall.app.upstream!.status.state !== 'stopped');
    hall.app.upstream!.reportQueueLoad();
    await until(() => got.length === 1, 15_000);
    expect(got[0]!.topic).toBe('hall/HALL-M/queue-load');
    const expected = `sha256=${createHmac('sha256', SECRET).update(got[0]!.raw).digest('hex')}`;
    expect(got[0]).toMatchObject({ key: expect.any(String), signature: expected, body: { type: 'queue-load', hallId: 'HALL-M' } });
  });
});
