/**
 * The counter terminal end to end: the renderer built by Vite and served by a
 * real hall at /kiosk/, a counter-role device agent (its token bound to
 * window 1) with the window's LED strip, caller keypad and evaluator
 * simulated on a socat pty, and headless Chromium (the machine's own,
 * found by hall-server/test/chromium.ts) driving the clerk's console through `data-test`
 * selectors.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { createApplication, type Application } from '@hall/server/app';
import { createLogger } from '@hall/server/log';
import { launchChromium } from '@hall/server/testing/chromium';
import { apiClient, demoConfig, tempDir, type Api } from '@hall/server/testing';
import { CLERK, startCounterStack, type CounterStack } from '../../src/agent/testing/counter-rig.ts';
import { until } from '../../src/agent/testing/rig.ts';

const VITE_CONFIG = fileURLToPath(new URL('../../vite.config.ts', import.meta.url));
const sel = (name: string) => `[data-test="${name}"]`;

describe('the counter terminal in Chromium', () => {
  let rendererDir: string;
  let dataDir: string;
  let app: Application;
  let hallUrl: string;
  let stack: CounterStack;
  let browser: Browser;
  let page: Page;
  let kiosk: Api;
  let manager: Api;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    rendererDir = mkdtempSync(join(tmpdir(), 'counter-e2e-renderer-'));
    await build({ configFile: VITE_CONFIG, logLevel: 'error', build: { outDir: rendererDir, emptyOutDir: true } });
    dataDir = tempDir('counter-e2e-hall-');
    app = await createApplication({
      dataDir,
      seed: demoConfig(),
      logger: createLogger({ level: 'silent' }),
      dayCheckMs: false,
      pages: { '/kiosk/': rendererDir },
    });
    hallUrl = await app.listen(0);
    app.staff.upsert({ staffNo: CLERK.staffNo, name: CLERK.name }, CLERK.pin);
    kiosk = apiClient(hallUrl, app.tokens.create('kiosk', 'e2e kiosk'));
    manager = apiClient(hallUrl, app.tokens.create('manager', 'e2e manager'));
    stack = await startCounterStack({ hallUrl, token: app.tokens.create('counter', 'e2e counter 1', 1) });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (err) => pageErrors.push(String(err)));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (rendererDir) rmSync(rendererDir, { recursive: true, force: true });
  });

  it('a clerk signs in, calls a ticket issued through the API, finishes, and the evaluator’s rating reaches the hall', async () => {
    await page.goto(stack.agent.pageUrl);

    // Sign in: staff number typed on the keyboard, PIN on the on-screen keypad.
    await page.locator(sel('counter-signin')).waitFor();
    await page.locator(sel('signin-staff-no')).fill(CLERK.staffNo);
    await page.locator(sel('signin-pin')).focus();
    for (const k of CLERK.pin) await page.locator(sel(`key-${k}`)).click();
    await page.locator(sel('signin-submit')).click();
    await page.locator(sel('counter-console')).waitFor();
    expect(await page.locator(sel('clerk-name')).textContent()).toBe(CLERK.name);
    expect(await page.locator(sel('window-name')).textContent()).toBe('1号窗口 户籍');

    // A visitor takes a ticket; the console's queue follows the hall.
    const issued = await kiosk.post('/api/v1/tickets', { serviceCode: '330106-HJ-001' });
    expect(issued.status).toBe(201);
    const ticket = issued.body as { id: string; number: string };
    await page.locator(`${sel('queue-330106-HJ-001-waiting')}:has-text("1 人")`).waitFor();

    // One click calls it: on the console, in the hall, and on the LED strip above the window.
    await page.locator(sel('action-call-next')).click();
    await page.locator(`${sel('current-number')}:has-text("${ticket.number}")`).waitFor();
    const called = (await manager.get(`/api/v1/tickets/${ticket.id}`)).body as { status: string; windowNo: number };
    expect(called).toMatchObject({ status: 'called', windowNo: 1 });
    await until(() => stack.sims.led.shown?.number === ticket.number, 5000, 'the LED strip to show the number');
    expect(stack.sims.led.shown?.message).toBe('请到1号窗口');

    // The visitor sits down, is served, and rates on the evaluator.
    await page.locator(sel('action-start')).click();
    await page.locator(`${sel('current-status')}:has-text("办理中")`).waitFor();
    await page.locator(sel('action-finish')).click();
    await page.locator(sel('current-empty')).waitFor();
    await until(() => stack.sims.evaluator.asked?.prompt.includes(ticket.number) === true, 5000, 'the evaluator to ask');
    expect(stack.sims.evaluator.asked?.clerk).toBe(CLERK.name);
    await page.locator(`${sel('rating-status')}[data-rating="asking"]`).waitFor();
    stack.sims.evaluator.rate(5);
    await page.locator(`${sel('rating-status')}[data-rating="rated"]`).waitFor();
    await until(async () => ((await manager.get(`/api/v1/tickets/${ticket.id}`)).body as { rated: boolean }).rated, 5000, 'the rating to reach the hall');
    const stats = (await manager.get('/api/v1/stats')).body as { ratings: { byLevel: Record<string, number> } };
    expect(stats.ratings.byLevel['5']).toBe(1);
    await page.locator(`${sel('summary-served')}:has-text("1")`).waitFor();
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
