/**
 * The city platform as a city runs it: three real hall servers reporting
 * over Debian's Mosquitto, a consumer storing into Debian's PostgreSQL, and
 * the city view in Chromium. A hall that loses power is shown offline by its
 * last will; the receiving side killed mid-stream loses nothing and stores
 * nothing twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '@hall/server/testing/chromium';
import { openStore } from '../../src/platform.ts';
import type { Store } from '../../src/store/index.ts';
import { freePort } from '../free-port.ts';
import { builtPages } from '../view/built-pages.ts';
import { type MosquittoServer, startMosquitto } from '../mosquitto-server.ts';
import { type PostgresServer, startPostgres } from '../postgres-server.ts';
import { cityCommand, cityPlatform, hallServer, type Running } from './processes.ts';

type Hall = { hallId: string; name: string; secret: string; username: string; password: string; dataDir: string; process?: Running };

const HALLS = [
  { hallId: 'HZ-XIHU', name: '西湖区政务服务中心' },
  { hallId: 'HZ-SHANGCHENG', name: '上城区政务服务中心' },
  { hallId: 'HZ-BINJIANG', name: '滨江区政务服务中心' },
];

let pg: PostgresServer;
let mosquitto: MosquittoServer;
let store: Store;
let browser: Browser;
let root: string;
let operatorToken: string;
let consumerLogin: { username: string; password: string };
const halls: Hall[] = [];
let platform: Running;
let viewUrl: string;
let httpPort: number;
let pages: Awaited<ReturnType<typeof builtPages>>;

async function startCity(): Promise<void> {
  platform = cityPlatform(
    [
      'serve',
      '--port',
      String(httpPort),
      '--data',
      join(root, 'city'),
      '--mqtt-url',
      mosquitto.url,
      '--consumer-id',
      'city-consumer-e2e',
      '--pages',
      pages.root,
    ],
    {
      CITY_DATABASE_URL: pg.url,
      CITY_MQTT_USERNAME: consumerLogin.username,
      CITY_MQTT_PASSWORD: consumerLogin.password,
      CITY_LOG_LEVEL: 'warn',
    },
  );
  const line = await platform.line(/^city platform: view /);
  viewUrl = line.match(/view (\S+)\//)![1]!;
}

function startHall(hall: Hall): Promise<string> {
  hall.process = hallServer(
    [
      'serve',
      '--port',
      '0',
      '--data',
      hall.dataDir,
      '--seed',
      'demo',
      '--hall-id',
      hall.hallId,
      '--upstream-url',
      mosquitto.url,
      '--upstream-secret',
      hall.secret,
      '--upstream-interval-s',
      '1',
    ],
    { HALL_UPSTREAM_USERNAME: hall.username, HALL_UPSTREAM_PASSWORD: hall.password, HALL_LOG_LEVEL: 'warn' },
  );
  return hall.process.line(/listening on/);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'city-e2e-'));
  // A clean clone has no built pages: they are built here (or a fresh dist is used), as the view's own tests do.
  [pg, browser, pages] = await Promise.all([startPostgres(), launchChromium(), builtPages()]);
  const cli = (args: string[]) => cityCommand([...args, '--data', join(root, 'city')], { CITY_DATABASE_URL: pg.url });
  for (const h of HALLS) {
    const added = JSON.parse(cli(['hall', 'add', '--hall-id', h.hallId, '--name', h.name]));
    halls.push({ ...h, ...added, dataDir: join(root, h.hallId) });
  }
  consumerLogin = JSON.parse(cli(['consumer', 'add', '--name', 'city-consumer']));
  operatorToken = cli(['operator', 'add', '--name', '运营中心']).trim();
  store = await openStore({ dataDir: '', databaseUrl: pg.url });
  mosquitto = await startMosquitto(store.directory);
  httpPort = await freePort();
  await startCity();
  await Promise.all(halls.map(startHall));
}, 120_000);

afterAll(async () => {
  await Promise.all(halls.map((h) => h.process?.stop()));
  await platform?.stop();
  await browser?.close();
  await store?.sql.close();
  await mosquitto?.stop();
  await pg?.stop();
  pages?.dispose();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** The keys a hall's outbox holds, delivered or not, read from its own SQLite file. */
function outboxKeys(hall: Hall): string[] {
  const db = new Database(join(hall.dataDir, 'hall.db'), { readonly: true });
  try {
    return db.prepare('SELECT key FROM upstream_outbox ORDER BY id').pluck().all() as string[];
  } finally {
    db.close();
  }
}

async function storedKeys(hallId: string): Promise<string[]> {
  const rows = await store.sql.query<{ idempotency_key: string }>('SELECT idempotency_key FROM reports WHERE hall_id = $1', [hallId]);
  return rows.map((r) => r.idempotency_key);
}

describe('three halls reporting to the city over Mosquitto into PostgreSQL', () => {
  // Three hall servers, a platform, a broker, a database and a browser on two cores: minutes, not seconds, under a full run.
  it('the city view shows all three live; a hall that loses power is shown offline', { timeout: 90_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${viewUrl}/#token=${operatorToken}`);
    for (const h of halls) {
      const tile = page.locator(`.tile[data-hall="${h.hallId}"]`);
      await tile.waitFor({ timeout: 45_000 });
      expect(await tile.locator('.name').innerText()).toBe(h.name);
    }
    // Every hall online, each reporting the demo catalogue's windows.
    await expect.poll(() => page.locator('[data-test=offline]').count(), { timeout: 45_000 }).toBe(0);
    for (const h of halls) expect(Number(await page.locator(`.tile[data-hall="${h.hallId}"] [data-figure=windows-open]`).innerText())).toBeGreaterThan(0);

    const lost = halls[2]!;
    await lost.process!.kill();
    // The broker publishes the hall's last will; the view is told live, without a reload.
    await page.locator(`.tile[data-hall="${lost.hallId}"] [data-test=offline]`).waitFor({ timeout: 30_000 });
    for (const h of halls.slice(0, 2)) expect(await page.locator(`.tile[data-hall="${h.hallId}"] [data-test=offline]`).count()).toBe(0);
    await page.close();
  });

  it('a receiving side killed mid-stream loses nothing and stores nothing twice once it is back', { timeout: 90_000 }, async () => {
    const [hall] = halls;
    await expect.poll(async () => (await storedKeys(hall!.hallId)).length, { timeout: 30_000 }).toBeGreaterThan(2);
    await platform.kill();
    // Halls keep reporting every second; Mosquitto keeps them in the consumer's session.
    const before = await storedKeys(hall!.hallId);
    await new Promise((r) => setTimeout(r, 4000));
    expect(await storedKeys(hall!.hallId)).toEqual(before);
    await startCity();
    await hall!.process!.stop();

    const sent = outboxKeys(hall!);
    expect(sent.length).toBeGreaterThan(before.length + 3);
    await expect.poll(async () => (await storedKeys(hall!.hallId)).length, { timeout: 45_000 }).toBe(sent.length);
    const stored = await storedKeys(hall!.hallId);
    expect(new Set(stored)).toEqual(new Set(sent));
  });
});
