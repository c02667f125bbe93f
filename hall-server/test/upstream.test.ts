import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { upstreamConfigFromEnv } from '../src/upstream/index.ts';
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
    // Three queue-load reports, and the device health that went with the first (nothing changed since).
    expect(up.status.backlog).toBe(4);

    city.setMode('ok');
    for (let i = 0; i < 2; i++) up.reportQueueLoad();
    await until(() => city.accepted.length === 6 && up.status.backlog === 0);
    const keys = city.accepted.map((r) => r.key);
    expect(new Set(keys).size).toBe(6);
    expect(city.accepted.map((r) => r.body.type)).toEqual(['queue-load', 'device-health', 'queue-load', 'queue-load', 'queue-load', 'queue-load']);
    expect(city.accepted.every((r) => r.signatureOk && r.hallId === 'HALL-T')).toBe(true);
    const stored = hall.app.store.db.prepare('SELECT key FROM upstream_outbox ORDER BY id').pluck().all();
    expect(keys).toEqual(stored);
    expect(new Set(city.seen).size).toBe(6);
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
    await until(() => city.accepted.filter((r) => r.body.type === 'queue-load').length === 4);
    expect(new Set(city.accepted.map((r) => r.key)).size).toBe(city.accepted.length);
  });

  it('publishes the same reports to an MQTT broker with its login, key and signature, and says when it comes and goes', { timeout: 30_000 }, async () => {
    const broker = await Aedes.createBroker({
      authenticate: (_client, username, password, done) => done(null, username === 'HALL-M' && password?.toString() === 'pa:ss/word'),
    });
    const tcp: NetServer = createNetServer(broker.handle);
    await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
    const port = (tcp.address() as AddressInfo).port;
    closers.push(async () => {
      await new Promise<void>((r) => broker.close(() => r()));
      await new Promise<void>((r) => tcp.close(() => r()));
    });
    const city = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { protocolVersion: 4, username: 'HALL-M', password: 'pa:ss/word' });
    closers.push(() => city.endAsync(true));
    const got: { topic: string; raw: string; body: any; key: unknown; signature: unknown }[] = [];
    const presence: { online: boolean; retain: boolean }[] = [];
    city.on('message', (topic, payload, packet) => {
      const message = JSON.parse(payload.toString());
      if (topic.endsWith('/status')) return void presence.push({ online: message.online, retain: packet.retain });
      got.push({ topic, raw: message.body, body: JSON.parse(message.body), key: message.idempotencyKey, signature: message.signature });
    });
    await city.subscribeAsync('hall/#', { qos: 1 });
    // The login rides in the URL as an installer would paste it; the hall sends it in CONNECT only.
    const config = upstreamConfigFromEnv({
      HALL_UPSTREAM_URL: `mqtt://HALL-M:${encodeURIComponent('pa:ss/word')}@127.0.0.1:${port}`,
      HALL_UPSTREAM_SECRET: SECRET,
      HALL_ID: 'HALL-M',
    })!;
    expect(config.url).toBe(`mqtt://127.0.0.1:${port}`);
    const hall = await start({ upstream: { ...config, intervalS: 3600 }, upstreamDelivery: { baseDelayMs: 100 } });
    await until(() => presence.some((p) => p.online));
    hall.app.upstream!.reportQueueLoad();
    await until(() => got.length === 2, 15_000);
    expect(got.map((g) => g.topic)).toEqual(['hall/HALL-M/queue-load', 'hall/HALL-M/device-health']);
    const expected = `sha256=${createHmac('sha256', SECRET).update(got[0]!.raw).digest('hex')}`;
    expect(got[0]).toMatchObject({ key: expect.any(String), signature: expected, body: { type: 'queue-load', hallId: 'HALL-M' } });
    expect(got[0]!.body.services[0]).toMatchObject({ code: expect.any(String), name: expect.any(String) });
    expect(got[1]!.body).toMatchObject({ type: 'device-health', hallId: 'HALL-M', terminals: expect.any(Array) });
    await hall.close();
    await until(() => presence.at(-1)?.online === false);
  });

  it('reads an MQTT login and TLS files from the environment, and refuses what cannot work', () => {
    const files: Record<string, string> = { '/ca.pem': 'CA', '/hall.pem': 'CERT', '/hall.key': 'KEY' };
    const read = (path: string) => {
      if (!(path in files)) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      return files[path]!;
    };
    const base = { HALL_UPSTREAM_URL: 'mqtts://city.example:8883', HALL_UPSTREAM_SECRET: 's' };
    const env = {
      ...base,
      HALL_UPSTREAM_USERNAME: 'H1',
      HALL_UPSTREAM_PASSWORD: 'p',
      HALL_UPSTREAM_CA: '/ca.pem',
      HALL_UPSTREAM_CERT: '/hall.pem',
      HALL_UPSTREAM_KEY: '/hall.key',
    };
    expect(upstreamConfigFromEnv(env, {}, read)!.login).toEqual({ username: 'H1', password: 'p', ca: 'CA', cert: 'CERT', key: 'KEY' });
    expect(() => upstreamConfigFromEnv({ ...base, HALL_UPSTREAM_CA: '/nowhere.pem' }, {}, read)).toThrow(
      'cannot read the upstream CA certificate /nowhere.pem: ENOENT',
    );
    expect(() => upstreamConfigFromEnv({ ...base, HALL_UPSTREAM_CERT: '/hall.pem' }, {}, read)).toThrow('needs its key');
    expect(() =>
      upstreamConfigFromEnv({ HALL_UPSTREAM_URL: 'https://city.example/in', HALL_UPSTREAM_SECRET: 's', HALL_UPSTREAM_USERNAME: 'H1' }, {}, read),
    ).toThrow('applies to an MQTT broker');
  });
});
