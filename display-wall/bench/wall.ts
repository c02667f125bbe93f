/**
 * The wall's figure: time from the clerk's click (the HTTP call-next leaving
 * the bench) to the called number painted on the wall page in Chromium,
 * p50/p99 over 200 calls. The floor is a bare page (no Vue, no stores, no
 * voice) receiving the same socket.io event and painting it. Both pages are
 * open side by side in one browser, so every call is measured on both:
 * interleaved as closely as it gets, on the same event.
 *
 *   node display-wall/bench/wall.ts [--calls 200]
 *
 * Paint time: the first animation frame after the number reached the DOM,
 * as `performance.timeOrigin + performance.now()` in the page; the send time
 * is the same wall clock in Node, taken just before the request is written.
 * Windows rotate (a window may call again only after 3 s); tickets are
 * issued beforehand so nothing else happens in the hall during the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { build } from 'vite';
import { demoConfig } from '@hall/server/testing';
import { buildPages } from '../scripts/build.ts';
import { CHROMIUM_ARGS, chromiumPath, startPagesHall } from '../test/browser-hall.ts';
import { chromium } from 'playwright-core';
import { HallRefusal } from '@hall/server/client';
import { figure, type Figure } from '@hall/server/bench/report.ts';

export type WallFigure = Figure;

const BENCH_WINDOWS = 28;
const FIRST_BENCH_WINDOW = 101;
const SERVICE = '330106-ZH-001';
const GUARD_MS = 3_100;
const SPACING_MS = 150;
const WARMUP = 20;

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
};
const round = (x: number) => Math.round(x * 10) / 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function buildFloor(outRoot: string): Promise<string> {
  const outDir = join(outRoot, 'floor');
  await build({
    configFile: false,
    root: fileURLToPath(new URL('floor/', import.meta.url)),
    base: '/floor/',
    publicDir: false,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, target: 'es2022' },
  });
  return outDir;
}

export async function run(options: { calls?: number } = {}): Promise<WallFigure> {
  const calls = options.calls ?? 200;
  const root = mkdtempSync(join(tmpdir(), 'wall-bench-'));
  const config = demoConfig();
  config.windows.push(
    ...(Array.from({ length: BENCH_WINDOWS }, (_, i) => ({
      no: FIRST_BENCH_WINDOW + i,
      name: `${FIRST_BENCH_WINDOW + i}号窗口`,
      services: [{ code: SERVICE, weight: 1 }],
      initialState: 'open' as const,
    })) as typeof config.windows),
  );
  const dirs = await buildPages(root, ['wall']);
  const floorDir = await buildFloor(root);
  const hall = await startPagesHall({ '/wall/': dirs.wall, '/floor/': floorDir }, config);
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // Two pages side by side: neither may be throttled as a background tab.
    args: [...CHROMIUM_ARGS, '--disable-renderer-backgrounding', '--disable-background-timer-throttling', '--disable-backgrounding-occluded-windows'],
  });
  try {
    const { app, url } = hall;
    const display = app.tokens.create('display', 'bench-wall');
    const kiosk = app.tokens.create('kiosk', 'bench-kiosk');
    const counters = Array.from({ length: BENCH_WINDOWS }, (_, i) => hall.client(app.tokens.create('counter', `bench-${i}`, FIRST_BENCH_WINDOW + i)));
    const total = calls + WARMUP;
    const issuing = hall.client(kiosk);
    // As fast as the hall lets one kiosk token issue: a refusal for the rate says when to go on.
    for (let i = 0; i < total; i++) {
      for (;;) {
        try {
          await issuing.call('issueTicket', { body: { serviceCode: SERVICE } });
          break;
        } catch (err) {
          if (!(err instanceof HallRefusal && err.code === 'RATE_LIMITED')) throw err;
          await sleep((err.retryAfterS ?? 1) * 1000);
        }
      }
    }

    const wallPage = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    const floorPage = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    await wallPage.goto(`${url}/wall/?token=${display}`);
    await floorPage.goto(`${url}/floor/?token=${display}`);
    await wallPage.waitForFunction(() => !document.querySelector('[data-test=offline]') && document.querySelector('[data-test=now-calling]'));
    await floorPage.waitForFunction(() => (window as unknown as { __online: () => boolean }).__online());
    await sleep(500);

    const sentAt = new Map<string, number>();
    const lastCallAt: number[] = new Array(BENCH_WINDOWS).fill(0);
    const order: string[] = [];
    for (let i = 0; i < total; i++) {
      const w = i % BENCH_WINDOWS;
      const wait = lastCallAt[w]! + GUARD_MS - Date.now();
      if (wait > 0) await sleep(wait);
      const t0 = performance.timeOrigin + performance.now();
      lastCallAt[w] = Date.now();
      const called = await counters[w]!.call('callNext', { params: { windowNo: FIRST_BENCH_WINDOW + w } });
      if (!called) throw new Error(`call-next at window ${FIRST_BENCH_WINDOW + w}: nobody waiting`);
      sentAt.set(called.number, t0);
      order.push(called.number);
      await sleep(SPACING_MS);
    }
    await sleep(1_000);

    const paints = async (page: typeof wallPage) =>
      new Map(
        (await page.evaluate(() => (window as unknown as { __wall: { paints: { number: string; at: number }[] } }).__wall.paints)).map((p) => [p.number, p.at]),
      );
    const wallPaints = await paints(wallPage);
    const floorPaints = await paints(floorPage);
    const measured = order.slice(WARMUP);
    const latencies = (painted: Map<string, number>) => measured.filter((n) => painted.has(n)).map((n) => painted.get(n)! - sentAt.get(n)!);
    const wall = latencies(wallPaints);
    const floor = latencies(floorPaints);
    if (wall.length < calls * 0.95 || floor.length < calls * 0.95)
      throw new Error(`paints missing: wall ${wall.length}/${calls}, floor ${floor.length}/${calls}`);
    const wallP99 = quantile(wall, 0.99);
    const floorP99 = quantile(floor, 0.99);
    return figure({
      id: 'W1',
      name: 'call-next → number painted on the wall page (p99)',
      unit: 'ms',
      measured: round(wallP99),
      floor: round(floorP99),
      floorName: 'bare page painting the same ticket:called',
      goal: { kind: 'ratio-max', value: 1.5 },
      details: {
        calls: measured.length,
        wall: { p50: round(quantile(wall, 0.5)), p99: round(wallP99), max: round(Math.max(...wall)), painted: wall.length },
        floor: { p50: round(quantile(floor, 0.5)), p99: round(floorP99), max: round(Math.max(...floor)), painted: floor.length },
        windows: BENCH_WINDOWS,
        spacingMs: SPACING_MS,
      },
    });
  } finally {
    await browser.close();
    await hall.close();
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { calls: { type: 'string' } } });
  const figure = await run({ calls: values.calls ? Number(values.calls) : undefined });
  console.log(JSON.stringify(figure, null, 2));
}
