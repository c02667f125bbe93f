/**
 * The counter terminal end to end: the renderer built by Vite and served by a
 * real hall at /kiosk/, a counter-role device agent (its token bound to
 * window 1) with the window's LED strip, caller keypad and evaluator
 * simulated on a socat pty, and headless Chromium (the machine's own,
 * found by hall-server/test/chromium.ts) driving the clerk's console through `data-test`
 * selectors.
 */
import { describe, expect, it } from 'vitest';
import { CLERK } from '../../src/agent/testing/counter-rig.ts';
import { until } from '../../src/agent/testing/rig.ts';
import { builtRendererInChromium, counterAtWindowOne } from '../e2e/fixtures.ts';
import { CONSOLE_SCREEN, sel, signInAtConsole } from '../e2e/kiosk-e2e.ts';

describe('the counter terminal in Chromium', () => {
  const chromium = builtRendererInChromium();
  const window1 = counterAtWindowOne(chromium);

  it('a clerk signs in, calls a ticket issued through the API, finishes, and the evaluator’s rating reaches the hall', async () => {
    const { hall, stack } = window1;
    const kiosk = hall.api(hall.token('kiosk'));
    const manager = hall.api(hall.token('manager'));
    const { page } = await chromium.openPage(stack.agent.pageUrl, CONSOLE_SCREEN);
    await signInAtConsole(page, CLERK);
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
  }, 60_000);
});
