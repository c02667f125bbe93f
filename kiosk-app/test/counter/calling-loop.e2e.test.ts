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
import { afterAll, describe, expect, it } from 'vitest';
import { buildPages } from '@hall/display-wall/build';
import { mandarinLine } from '@hall/display-wall/voice';
import { CLERK } from '../../src/agent/testing/counter-rig.ts';
import { until } from '../../src/agent/testing/rig.ts';
import { builtRendererInChromium, counterAtWindowOne } from '../e2e/fixtures.ts';
import { CONSOLE_SCREEN, sel, signInAtConsole } from '../e2e/kiosk-e2e.ts';

const HUKOU = '330106-HJ-001';

describe('calling, from the counter console to the wall and the window screen', () => {
  let displayPages: string | undefined;
  afterAll(() => displayPages && rmSync(displayPages, { recursive: true, force: true }));
  const chromium = builtRendererInChromium();
  const window1 = counterAtWindowOne(chromium, {
    evaluator: false,
    morePages: async () => {
      displayPages = mkdtempSync(join(tmpdir(), 'calling-loop-display-'));
      const pages = await buildPages(displayPages);
      return { '/wall/': pages.wall, '/window/': pages.window };
    },
  });

  it('a clerk’s click reaches the wall, its voice queue and the window screen, and the visitor’s rating reaches the hall', async () => {
    const { hall, stack } = window1;
    const manager = hall.api(hall.token('manager'));
    const kiosk = hall.api(hall.token('kiosk'));
    const open = async (url: string) => (await chromium.openPage(url, CONSOLE_SCREEN)).page;

    const wall = await open(`${hall.url}/wall/?token=${hall.token('display')}`);
    await wall.waitForFunction(() => (globalThis as any).__announcer?.engine() === 'pack');
    // The window's own screen holds a display token bound to window 1: only it may ask this window's visitors for a rating.
    const screen = await open(`${hall.url}/window/1#token=${hall.token('display', 1)}`);
    const console_ = await open(stack.agent.pageUrl);
    await signInAtConsole(console_, CLERK);
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
  }, 90_000);
});
