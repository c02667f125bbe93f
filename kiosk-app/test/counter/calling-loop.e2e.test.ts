/**
 * The hall's core loop, every page real: a ticket issued through the API, a
 * clerk clicks "call next" on the counter console, the hall wall shows the
 * number and queues its announcement in the right segments, the window screen
 * shows it, the clerk finishes, and the visitor's rating on the window screen
 * (this window has no evaluator) reaches the hall.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPages } from '@hall/display-wall/build';
import { mandarinLine } from '@hall/display-wall/voice';
import { createApplication, type Application } from '@hall/server/app';
import { createLogger } from '@hall/server/log';
import { launchChromium } from '@hall/server/testing/chromium';
import { apiClient, demoConfig, tempDir } from '@hall/server/testing';
import { CLERK, startCounterStack, type CounterStack } from '../../src/agent/testing/counter-rig.ts';
import { until } from '../../src/agent/testing/rig.ts';

const VITE_CONFIG = fileURLToPath(new URL('../../vite.config.ts', import.meta.url));
const sel = (name: string) => `[data-test="${name}"]`;
const HUKOU = '330106-HJ-001';

describe('calling, from the counter console to the wall and the window screen', () => {
  let root: string;
  let dataDir: string;
  let app: Application;
  let url: string;
  let stack: CounterStack;
  let browser: Browser;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'calling-loop-'));
    const kioskDir = join(root, 'kiosk');
    await build({ configFile: VITE_CONFIG, logLevel: 'error', build: { outDir: kioskDir, emptyOutDir: true } });
    const pages = await buildPages(join(root, 'display'));
    dataDir = tempDir('calling-loop-hall-');
    app = await createApplication({
      dataDir,
      seed: demoConfig(),
      logger: createLogger({ level: 'silent' }),
      dayCheckMs: false,
      pages: { '/kiosk/': kioskDir, '/wall/': pages.wall, '/window/': pages.window },
    });
    url = await app.listen(0);
    app.staff.upsert({ staffNo: CLERK.staffNo, name: CLERK.name }, CLERK.pin);
    stack = await startCounterStack({ hallUrl: url, token: app.tokens.create('counter', 'loop counter 1', 1), evaluator: false });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    await app?.close();
    for (const dir of [dataDir, root]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a clerk’s click reaches the wall, its voice queue and the window screen, and the visitor’s rating reaches the hall', async () => {
    const display = app.tokens.create('display', 'loop wall');
    const manager = apiClient(url, app.tokens.create('manager', 'loop manager'));
    const kiosk = apiClient(url, app.tokens.create('kiosk', 'loop kiosk'));
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    const errors: string[] = [];
    const open = async (path: string): Promise<Page> => {
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      page.on('pageerror', (err) => errors.push(String(err)));
      await page.goto(url + path);
      return page;
    };

    const wall = await open(`/wall/?token=${display}`);
    await wall.waitForFunction(() => (globalThis as any).__announcer?.engine() === 'pack');
    // The window's own screen holds a display token bound to window 1: only it may ask this window's visitors for a rating.
    const screen = await open(`/window/1#token=${app.tokens.create('display', 'loop screen 1', 1)}`);
    const agentPage = new URL(stack.agent.pageUrl);
    const console_ = await open(`${agentPage.pathname}${agentPage.search}${agentPage.hash}`);

    await console_.locator(sel('signin-staff-no')).fill(CLERK.staffNo);
    await console_.locator(sel('signin-pin')).focus();
    for (const k of CLERK.pin) await console_.locator(sel(`key-${k}`)).click();
    await console_.locator(sel('signin-submit')).click();
    await console_.locator(sel('counter-console')).waitFor();
    await screen.locator(sel('clerk'), { hasText: CLERK.name }).waitFor();

    const issued = (await kiosk.post('/api/v1/tickets', { serviceCode: HUKOU })).body as { id: string; number: string };
    await console_.locator(`${sel('queue-330106-HJ-001-waiting')}:has-text("1 人")`).waitFor();
    await console_.locator(sel('action-call-next')).click();

    await console_.locator(`${sel('current-number')}:has-text("${issued.number}")`).waitFor();
    await wall.locator(sel('now-number'), { hasText: issued.number }).waitFor();
    expect(await wall.locator(sel('now-window')).innerText()).toContain('1');
    await screen.locator(sel('current-number'), { hasText: issued.number }).waitFor();
    const announced: { segments: string[] }[] = await wall.evaluate(() => (globalThis as any).__announcer.log());
    const line = mandarinLine({ number: issued.number, windowNo: 1 });
    expect(announced.map((a) => a.segments)).toEqual([['chime', ...line, 'pause', ...line]]);

    await console_.locator(sel('action-finish')).click();
    await console_.locator(sel('current-empty')).waitFor();
    await screen.locator(sel('rating')).waitFor();
    await screen.locator('[data-level="5"]').click();
    await screen.locator(sel('rating-thanks')).waitFor();
    await until(async () => ((await manager.get(`/api/v1/tickets/${issued.id}`)).body as { rated: boolean }).rated, 5000, 'the rating to reach the hall');
    const stats = (await manager.get('/api/v1/stats')).body as { ratings: { count: number; average: number } };
    expect(stats.ratings).toMatchObject({ count: 1, average: 5 });
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
