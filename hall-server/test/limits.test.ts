/**
 * The hall's limits, each reached on a real hall with real clients: floods
 * are answered slowly or refused, never queued without bound, and the hall
 * keeps answering everyone else meanwhile.
 */
import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IdempotencyCache } from '../src/api/idempotency.ts';
import { FailureWindow, Gate, GateFullError, TokenBuckets, resolveLimits } from '../src/api/limits.ts';
import { createLogger } from '../src/log.ts';
import { scannedPage, sha256 } from './filing-fixtures.ts';
import { refusal, startHall, statusOf, type HallSocket, type StartOptions, type TestClient, type TestHall } from './harness.ts';

const HUKOU = '330106-HJ-001';
let hall: TestHall | undefined;
const extraSockets: HallSocket[] = [];

async function open(options: StartOptions = {}): Promise<TestHall> {
  hall = await startHall(options);
  return hall;
}

afterEach(async () => {
  for (const s of extraSockets.splice(0)) s.disconnect();
  await hall?.close();
  hall = undefined;
});

const health = async (url: string) => (await fetch(`${url}/api/health`)).status;

/** Every file under a directory, relative to it. */
const filesUnder = (dir: string) =>
  (readdirSync(dir, { recursive: true, withFileTypes: true }) as { isFile(): boolean; name: string }[]).filter((e) => e.isFile()).map((e) => e.name);

describe('snapshot requests', () => {
  it('a socket asking for snapshots many times a second gets about one answer a second', async () => {
    const h = await open();
    const wall = await h.connect('/display', h.token('display'));
    await wall.snapshot;
    let answers = 0;
    wall.socket.on('queue:snapshot', () => answers++);
    // Three seconds at fifteen requests a second: within the socket's event budget, far over one snapshot a second.
    const started = Date.now();
    for (let i = 0; i < 45; i++) {
      wall.socket.emit('queue:snapshot');
      await new Promise((r) => setTimeout(r, 1000 / 15));
    }
    const seconds = (Date.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 1_200));
    // One at once, one per further second of asking, and the one the last requests were waiting for.
    expect(answers).toBeGreaterThanOrEqual(3);
    expect(answers).toBeLessThanOrEqual(Math.ceil(seconds) + 2);
    expect(answers).toBeLessThan(45 / 3);
    expect(wall.socket.connected).toBe(true);
  });

  it('a socket flooding requests is cut, and the hall keeps answering health and the other walls', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', destination: new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }) });
    const h = await open({ logger });
    const flooder = await h.connect('/display', h.token('display'));
    const other = await h.connect('/display', h.token('display'));
    await Promise.all([flooder.snapshot, other.snapshot]);
    let answers = 0;
    flooder.socket.on('queue:snapshot', () => answers++);
    const gone = new Promise<string>((resolve) => flooder.socket.once('disconnect', resolve));
    for (let i = 0; i < 60_000; i++) flooder.socket.emit('queue:snapshot');
    expect(await health(h.url)).toBe(200);
    await gone;
    expect(answers).toBeLessThanOrEqual(2);
    expect(lines.map((l) => JSON.parse(l).msg)).toContain('socket flooding events; disconnected');
    const fresh = await new Promise<any>((resolve) => other.socket.emit('queue:snapshot', resolve));
    expect(fresh.data.seq).toBe(h.app.hall.seq);
  });

  it('requests within the interval share one later answer, and acks get the same snapshot as events', async () => {
    const h = await open();
    const wall = await h.connect('/display', h.token('display'));
    const first = await wall.snapshot;
    const acked = Promise.all([0, 1, 2].map(() => new Promise<any>((resolve) => wall.socket.emit('queue:snapshot', resolve))));
    const answers = await acked;
    for (const a of answers) expect(a.data).toEqual(first);
  });
});

describe('sockets', () => {
  it('a token holds at most its cap of sockets; one more is refused with TOO_MANY_CONNECTIONS', async () => {
    const h = await open({ limits: { connectionsPerToken: { display: 2 } } });
    const token = h.token('display');
    const a = await h.connect('/display', token);
    await h.connect('/display', token);
    await expect(h.connect('/display', token)).rejects.toMatchObject({ data: { code: 'TOO_MANY_CONNECTIONS' } });
    // Another token is counted on its own.
    await expect(h.connect('/display', h.token('display'))).resolves.toBeDefined();
    a.socket.disconnect();
    await vi.waitFor(() => expect(h.app.io.of('/display').sockets.size).toBe(2));
    await expect(h.connect('/display', token)).resolves.toBeDefined();
  });

  it('a socket that stops reading is cut once its unsent data stays past the cap, and the cut is logged without names', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', destination: new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }) });
    // The cap is smaller than the snapshot a socket gets on connect: the stalled client collects its snapshot
    // within the grace of one check (a socket is cut when over the cap at two checks in a row).
    const h = await open({ logger, limits: { socketBufferBytes: 1024, socketBufferCheckMs: 500, snapshotIntervalMs: 20 } });
    const reader = await h.connect('/display', h.token('display'));
    await reader.snapshot;

    // Long-polling: once its transport is paused, the client fetches nothing and the server's queue for it only grows.
    const stalled: HallSocket = io(`${h.url}/display`, { auth: { token: h.token('display') }, transports: ['polling'], reconnection: false, forceNew: true });
    extraSockets.push(stalled);
    await new Promise<void>((resolve, reject) => {
      stalled.once('connect', resolve);
      stalled.once('connect_error', reject);
    });
    const engine = (stalled.io as unknown as { engine: { transport: { pause(done: () => void): void } } }).engine;
    // A request completes the poll in flight; the pause then holds, and the client fetches nothing more.
    stalled.emit('queue:snapshot');
    await new Promise<void>((resolve) => engine.transport.pause(resolve));
    expect(h.app.io.of('/display').sockets.size).toBe(2);
    // Every issue is broadcast to the walls; the stalled one's share piles up on the server.
    const kiosk = h.client(h.token('kiosk'));
    for (let i = 0; i < 10; i++) await kiosk.call('issueTicket', { body: { serviceCode: HUKOU } });

    await vi.waitFor(() => expect(h.app.io.of('/display').sockets.size).toBe(1), { timeout: 5_000 });
    expect(reader.socket.connected).toBe(true);
    const cut = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'socket stopped reading; disconnected');
    expect(cut).toMatchObject({ namespace: '/display', role: 'display' });
    expect(cut.bufferedBytes).toBeGreaterThan(1024);
    expect(JSON.stringify(cut)).not.toContain('"name"');
  });
});

describe('HTTP rates', () => {
  it('a token over its rate gets 429 RATE_LIMITED with Retry-After, while another token is unaffected', async () => {
    const h = await open({ limits: { httpPerToken: { kiosk: { perSecond: 1, burst: 5 } } } });
    const busy = h.client(h.token('kiosk'));
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push(await statusOf(busy, busy.call('listServices')));
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const refused = await refusal(busy.call('listServices'));
    expect(refused).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(refused.retryAfterS).toBeGreaterThanOrEqual(1);
    await expect(h.client(h.token('kiosk')).call('listServices')).resolves.toBeDefined();
  });

  it('requests with unknown tokens are slowed per address: past the burst they get 429 before the token is looked at', async () => {
    const h = await open({ limits: { httpUnauthenticatedPerAddress: { perSecond: 0.5, burst: 3 } } });
    const guesses: number[] = [];
    for (let i = 0; i < 4; i++) guesses.push((await refusal(h.client(`guess-${i}`).call('listServices'))).status);
    expect(guesses).toEqual([401, 401, 401, 429]);
    const refused = await refusal(h.client('guess-5').call('listServices'));
    expect(refused.code).toBe('RATE_LIMITED');
    expect(refused.retryAfterS).toBeGreaterThanOrEqual(1);
    expect(await health(h.url)).toBe(200);
  });
});

describe('PINs', () => {
  const signIn = (h: TestHall, token: string, staffNo: string, pin: string, windowNo = 1) =>
    h.client(token).call('signIn', { params: { windowNo }, body: { staffNo, pin } });

  it('five wrong PINs lock a staff number (423 STAFF_LOCKED); the right PIN stays refused until the lock ends', async () => {
    let now = Date.now();
    const h = await open({ clock: () => now });
    h.app.staff.upsert({ staffNo: '1001', name: '李明' }, '2468');
    const counter = h.token('counter', 1);
    const answers: [number, string][] = [];
    for (let i = 0; i < 6; i++) {
      const r = await refusal(signIn(h, counter, '1001', '0000'));
      answers.push([r.status, r.code]);
    }
    expect(answers).toEqual([...Array(4).fill([403, 'WRONG_PIN']), [423, 'STAFF_LOCKED'], [423, 'STAFF_LOCKED']]);
    const right = await refusal(signIn(h, counter, '1001', '2468'));
    expect(right.status).toBe(423);
    expect(right.retryAfterS).toBe(300);
    now += 4 * 60_000;
    await expect(signIn(h, counter, '1001', '2468')).rejects.toMatchObject({ status: 423 });
    now += 60_000 + 1;
    const after = await signIn(h, counter, '1001', '2468');
    expect(after.clerk).toMatchObject({ staffNo: '1001' });
  });

  it('ten wrong PINs from one counter token, across staff numbers, refuse its sign-ins with 429 TOO_MANY_PIN_ATTEMPTS; other counters sign in', async () => {
    const h = await open();
    h.app.staff.upsert({ staffNo: '1001', name: '李明' }, '2468');
    const guesser = h.token('counter', 1);
    const codes: string[] = [];
    for (let i = 0; i < 10; i++) codes.push((await refusal(signIn(h, guesser, `90${i}`, '0000'))).code);
    expect(codes).toEqual([...Array(9).fill('WRONG_PIN'), 'TOO_MANY_PIN_ATTEMPTS']);
    const right = await refusal(signIn(h, guesser, '1001', '2468'));
    expect(right).toMatchObject({ status: 429, code: 'TOO_MANY_PIN_ATTEMPTS' });
    expect(right.retryAfterS).toBeGreaterThan(60);
    await expect(signIn(h, h.token('counter', 2), '1001', '2468', 2)).resolves.toBeDefined();
  });

  it('forty sign-ins at once: a few are checked, the rest refused with 429 at once, and the hall answers health meanwhile', async () => {
    const h = await open({ limits: { pinChecksInFlight: 1, pinChecksQueued: 2 } });
    const attempts = Array.from({ length: 40 }, (_, i) => refusal(signIn(h, h.token('counter', 1), `80${i}`, '0000')));
    const during = health(h.url);
    const answers = await Promise.all(attempts);
    expect(await during).toBe(200);
    const codes = answers.map((a) => `${a.status} ${a.code}`);
    for (const code of codes) expect(['403 WRONG_PIN', '429 RATE_LIMITED']).toContain(code);
    expect(codes.filter((c) => c === '403 WRONG_PIN').length).toBeGreaterThanOrEqual(3);
    expect(codes.filter((c) => c === '429 RATE_LIMITED').length).toBeGreaterThan(0);
  });
});

describe('uploads', () => {
  /** A PUT that sends its headers and part of its body, then nothing. */
  function stalledUpload(url: string, token: string, bytes: Buffer): Promise<{ status: number; body: any }> {
    const target = new URL(`/api/v1/filing-files/${sha256(bytes)}`, url);
    return new Promise((resolve, reject) => {
      const req = request(
        target,
        { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg', 'content-length': bytes.length } },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      req.write(bytes.subarray(0, bytes.length >> 1));
    });
  }

  it('an upload that stalls mid-body is cut with 408 UPLOAD_TIMEOUT and leaves no file and no row', async () => {
    const h = await open({ limits: { uploadIdleTimeoutMs: 300 } });
    const kiosk = h.token('kiosk');
    const before = filesUnder(join(h.dataDir, 'files'));
    const page = scannedPage(7, 64 * 1024);
    const answer = await stalledUpload(h.url, kiosk, page);
    expect(answer).toMatchObject({ status: 408, body: { error: { code: 'UPLOAD_TIMEOUT' } } });
    expect(filesUnder(join(h.dataDir, 'files'))).toEqual(before);
    expect(h.app.filings.store.file(sha256(page))).toBeUndefined();
    // The same page sent whole is stored.
    const whole = h.client(kiosk);
    expect(await statusOf(whole, whole.call('uploadFilingFile', { params: { sha256: sha256(page) }, raw: { contentType: 'image/jpeg', bytes: page } }))).toBe(
      201,
    );
  });

  it("a token's pages past its daily quota are refused with 429 UPLOAD_QUOTA_EXCEEDED; another token still uploads", async () => {
    const h = await open({ limits: { uploadBytesPerTokenPerDay: 10_000 } });
    const kiosk = h.client(h.token('kiosk'));
    const pages = [1, 2, 3].map((seed) => scannedPage(seed, 4096));
    const upload = (client: TestClient, page: Buffer) =>
      client.call('uploadFilingFile', { params: { sha256: sha256(page) }, raw: { contentType: 'image/jpeg', bytes: page } });
    expect(await statusOf(kiosk, upload(kiosk, pages[0]!))).toBe(201);
    expect(await statusOf(kiosk, upload(kiosk, pages[1]!))).toBe(201);
    await expect(upload(kiosk, pages[2]!)).rejects.toMatchObject({ status: 429, code: 'UPLOAD_QUOTA_EXCEEDED' });
    expect(h.app.filings.store.file(sha256(pages[2]!))).toBeUndefined();
    await expect(upload(kiosk, pages[2]!)).rejects.toMatchObject({ code: 'UPLOAD_QUOTA_EXCEEDED' });
    const another = h.client(h.token('kiosk'));
    expect(await statusOf(another, upload(another, pages[2]!))).toBe(201);
  });
});

describe('bounded memory', () => {
  it('token buckets keep at most their cap of keys, dropping the idle ones first', () => {
    const buckets = new TokenBuckets(100);
    const rate = { perSecond: 1, burst: 2 };
    buckets.take('busy', rate, 0);
    for (let i = 0; i < 1_000; i++) {
      buckets.take(`idle-${i}`, rate, i);
      buckets.take('busy', rate, i);
    }
    expect(buckets.size).toBeLessThanOrEqual(100);
    expect(buckets.wait('busy', rate, 1_000 - 500)).toBeGreaterThan(0);
  });

  it('failure counts keep at most their cap of keys, expired ones first', () => {
    const failures = new FailureWindow({ limit: 3, windowMs: 1_000, lockMs: 1_000, maxKeys: 50 });
    for (let i = 0; i < 500; i++) failures.fail(`staff-${i}`, i * 10);
    expect(failures.size).toBeLessThanOrEqual(50);
  });

  it('the idempotency cache keeps at most its cap of answers, for ten minutes, whatever the length of the keys', () => {
    const cache = new IdempotencyCache({ maxEntries: 10 });
    for (let i = 0; i < 100; i++) cache.put('t', 'issueTicket', `${'k'.repeat(10_000)}${i}`, { status: 201 }, 0);
    expect(cache.size).toBe(10);
    expect(cache.get('t', 'issueTicket', `${'k'.repeat(10_000)}99`, 1_000)).toEqual({ status: 201 });
    expect(cache.get('t', 'issueTicket', `${'k'.repeat(10_000)}99`, 11 * 60_000)).toBeUndefined();
    cache.put('t', 'issueTicket', 'later', { status: 201 }, 11 * 60_000);
    expect(cache.size).toBe(1);
  });

  it('a gate runs a few tasks at once, queues a few more and refuses the rest', async () => {
    const gate = new Gate(1, 1);
    let release!: () => void;
    const first = gate.run(() => new Promise<void>((r) => (release = r)));
    const second = gate.run(async () => 'queued');
    await expect(gate.run(async () => 'refused')).rejects.toBeInstanceOf(GateFullError);
    release();
    await first;
    expect(await second).toBe('queued');
  });

  it('limits from HALL_LIMITS lie over the defaults, and every mistake is named at once', () => {
    expect(resolveLimits(undefined, '{"httpPerToken":{"kiosk":{"perSecond":50}}}').httpPerToken.kiosk).toEqual({ perSecond: 50, burst: 200 });
    expect(() => resolveLimits(undefined, '{"snapshotIntervalMs":-1,"nope":1}')).toThrow(/snapshotIntervalMs must be a positive number; nope is not a limit/);
  });
});
