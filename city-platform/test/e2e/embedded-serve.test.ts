/**
 * The city platform as one machine runs it: `city-platform serve` with
 * nothing but a port and a data directory, so its own broker and embedded
 * database. A hall is enrolled while it runs (through its admin socket), a
 * real hall server reports to it over MQTT with that login, and the city's
 * API shows the hall's figures; a hall with a wrong password is kept out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../free-port.ts';
import { cityCommand, cityPlatform, hallCommand, hallServer, type Running } from './processes.ts';

type Login = { hallId: string; secret: string; mqttUrl: string; username: string; password: string };
type Overview = { hallId: string; name: string; online: boolean; waiting: number; windowsOpen: number; issuedToday: number; reportedAt: string | null };

/** A service of the demo catalogue both halls are seeded with. */
const HUKOU = '330106-HJ-001';

let root: string;
let cityData: string;
let mqttPort: number;
let platform: Running;
let viewUrl: string;
let brokerUrl: string;
let operatorToken: string;
let good: Login;
let bad: Login;
const halls: Running[] = [];

/** A hall server on `--seed demo` reporting every second to the platform as `login`, with this password. */
async function startHall(login: Login, password: string): Promise<{ url: string; dataDir: string }> {
  const dataDir = join(root, login.hallId);
  const hall = hallServer(
    [
      'serve',
      '--port',
      '0',
      '--data',
      dataDir,
      '--seed',
      'demo',
      '--hall-id',
      login.hallId,
      '--upstream-url',
      login.mqttUrl,
      '--upstream-secret',
      login.secret,
      '--upstream-interval-s',
      '1',
    ],
    { HALL_UPSTREAM_USERNAME: login.username, HALL_UPSTREAM_PASSWORD: password, HALL_LOG_LEVEL: 'warn' },
  );
  halls.push(hall);
  const url = (await hall.line(/listening on/)).match(/listening on (\S+)/)![1]!;
  return { url, dataDir };
}

const get = (path: string, token?: string) => fetch(`${viewUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

async function overview(): Promise<Overview[]> {
  const res = await get('/api/v1/halls', operatorToken);
  expect(res.status).toBe(200);
  return ((await res.json()) as { halls: Overview[] }).halls;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'city-embedded-'));
  cityData = join(root, 'city');
  const [httpPort, brokerPort] = await Promise.all([freePort(), freePort()]);
  mqttPort = brokerPort;
  platform = cityPlatform(['serve', '--port', String(httpPort), '--data', cityData, '--mqtt-port', String(mqttPort)], { CITY_LOG_LEVEL: 'warn' });
  const line = await platform.line(/^city platform: view /);
  [, viewUrl, brokerUrl] = line.match(/view (\S+)\/ .* halls report to (\S+)$/)!;
  const add = (hallId: string, name: string) => JSON.parse(cityCommand(['hall', 'add', '--data', cityData, '--hall-id', hallId, '--name', name])) as Login;
  good = add('HZ-XIHU', '西湖区政务服务中心');
  bad = add('HZ-GONGSHU', '拱墅区政务服务中心');
  operatorToken = cityCommand(['operator', 'add', '--data', cityData, '--name', '运营中心']).trim();
}, 60_000);

afterAll(async () => {
  await Promise.all(halls.map((h) => h.stop()));
  await platform?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('city-platform serve on its embedded broker and database', () => {
  it('enrols a hall while it runs and tells it the running broker’s address', () => {
    expect(brokerUrl).toBe(`mqtt://127.0.0.1:${mqttPort}`);
    expect(good).toMatchObject({ hallId: 'HZ-XIHU', username: 'HZ-XIHU', mqttUrl: brokerUrl });
    expect(good.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(good.password.length).toBeGreaterThanOrEqual(24);
  });

  it('shows a hall reporting with that login online with its figures, to operators only, and first on the public shortest list', async () => {
    const { url, dataDir } = await startHall(good, good.password);
    const kiosk = hallCommand(['token', 'create', '--data', dataDir, '--role', 'kiosk', '--name', 'test kiosk']).trim();
    for (let i = 0; i < 2; i++) {
      const issued = await fetch(`${url}/api/v1/tickets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${kiosk}`, 'content-type': 'application/json' },
        body: JSON.stringify({ serviceCode: HUKOU }),
      });
      expect(issued.status).toBe(201);
    }

    await expect
      .poll(async () => (await overview()).find((h) => h.hallId === good.hallId), { timeout: 20_000, interval: 500 })
      .toMatchObject({ name: '西湖区政务服务中心', online: true, waiting: 2, issuedToday: 2 });
    const shown = (await overview()).find((h) => h.hallId === good.hallId)!;
    expect(shown.windowsOpen).toBeGreaterThan(0);
    expect(Date.parse(shown.reportedAt!)).toBeGreaterThan(Date.now() - 10_000);
    expect((await get('/api/v1/halls')).status).toBe(401);

    const shortest = await get(`/api/v1/shortest?serviceCode=${HUKOU}`);
    expect(shortest.status).toBe(200);
    const { halls: offering } = (await shortest.json()) as { halls: { hallId: string; waiting: number; estimatedWaitMinutes: number }[] };
    expect(offering.map((h) => h.hallId)).toEqual([good.hallId]);
    expect(offering[0]).toMatchObject({ waiting: 2 });
  });

  it('refuses a hall with a wrong password: its reports wait in its outbox and the city never shows it', async () => {
    const { url, dataDir } = await startHall(bad, `${bad.password}x`);
    const manager = hallCommand(['token', 'create', '--data', dataDir, '--role', 'manager', '--name', 'test manager']).trim();
    // Three report intervals, and two of the broker's reconnects.
    await new Promise((r) => setTimeout(r, 4500));
    const upstream = (await (await fetch(`${url}/api/v1/upstream`, { headers: { authorization: `Bearer ${manager}` } })).json()) as {
      status: { backlog: number; lastError?: string };
    };
    expect(upstream.status.backlog).toBeGreaterThan(0);
    expect(upstream.status.lastError).toMatch(/not connected/);

    const listed = (await overview()).find((h) => h.hallId === bad.hallId);
    expect(listed).toMatchObject({ online: false, reportedAt: null, issuedToday: 0 });
    const shortest = (await (await get(`/api/v1/shortest?serviceCode=${HUKOU}`)).json()) as { halls: { hallId: string }[] };
    expect(shortest.halls.map((h) => h.hallId)).not.toContain(bad.hallId);
  });

  it('exits 2 with the usage on a bad --mqtt-url or a missing --port', () => {
    const data = join(root, 'unused');
    expect(() => cityCommand(['serve', '--port', '0', '--data', data, '--mqtt-url', 'not a url'])).toThrow(
      /exited 2: .*--mqtt-url[\s\S]*usage:\n {2}city-platform serve/,
    );
    expect(() => cityCommand(['serve', '--port', '0', '--data', data, '--mqtt-url', 'http://broker:1883'])).toThrow(/exited 2: .*mqtt:\/\/[\s\S]*usage:/);
    expect(() => cityCommand(['serve', '--data', data])).toThrow(/exited 2: .*--port is required[\s\S]*usage:/);
  });
});
