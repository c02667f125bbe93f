/**
 * End to end in headless Chromium: the built wall and window screen served
 * by a real hall; a ticket issued and called over the API; the wall shows
 * and announces it; the visitor rates the service on the window screen.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { builtPagesInChromium } from './pages-fixture.ts';
import { mandarinLine } from '../src/wall/voice/segments.ts';

type Logged = { number: string; windowNo: number; recall: boolean; segments: string[]; state: string };

describe('calling, seen and heard in the hall', () => {
  const pages = builtPagesInChromium();

  beforeAll(() => pages.hall.app.staff.upsert({ staffNo: '0301', name: '王芳', photoUrl: '/window/none.jpg' }, '123456'));

  it('a called ticket shows on the wall and the window screen, is announced in order, and the window screen’s rating reaches the hall', async () => {
    const { app, url } = pages.hall;
    const display = app.tokens.create('display', 'wall-e2e');
    const counter = app.tokens.create('counter', 'counter-3', 3);
    const kiosk = app.tokens.create('kiosk', 'kiosk-e2e');
    const manager = app.tokens.create('manager', 'manager-e2e');

    const context = await pages.browser.newContext({ viewport: { width: 1920, height: 1080 } });
    // The hall's Content-Security-Policy must not stop anything the pages do.
    const refused: string[] = [];
    context.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) refused.push(m.text());
    });
    const wall = await context.newPage();
    await wall.goto(`${url}/wall/#token=${display}`);
    // The token is kept and taken off the address bar.
    expect(new URL(wall.url()).search).toBe('');
    expect(new URL(wall.url()).hash).toBe('');
    await wall.waitForFunction(() => (window as any).__announcer?.engine() === 'pack', undefined, { timeout: 10_000 });
    expect(await wall.evaluate(() => (window as any).__announcer.blocked())).toBe(false);

    const screen = await context.newPage();
    // The window screen has its own display token, bound to its window: only it may ask for that window's ratings.
    await screen.goto(`${url}/window/3#token=${app.tokens.create('display', 'window-3-screen', 3)}`);
    await screen.getByText('办理业务').waitFor();
    expect(await screen.locator('[data-test=services]').innerText()).toContain('普通护照签发');

    await pages.hall.client(counter).call('signIn', { params: { windowNo: 3 }, body: { staffNo: '0301', pin: '123456' } });
    await screen.locator('[data-test=clerk]', { hasText: '王芳' }).waitFor();
    expect(await screen.locator('[data-test=clerk]').innerText()).toContain('0301');

    const issued = await pages.hall.client(kiosk).call('issueTicket', { body: { serviceCode: '330106-CRJ-001' } });
    const callNext = await pages.hall.client(counter).call('callNext', { params: { windowNo: 3 } });
    expect(callNext).toBeDefined();
    const number = callNext!.number;
    expect(number).toBe(issued.number);

    await wall.locator('[data-test=now-number]', { hasText: number }).waitFor({ timeout: 5_000 });
    expect(await wall.locator('[data-test=now-window]').innerText()).toContain('3');
    const height = await wall.evaluate(() => {
      const box = document.querySelector('[data-test=now-number]')!.getBoundingClientRect();
      return box.height / window.innerHeight;
    });
    expect(height).toBeGreaterThanOrEqual(0.2);
    await screen.locator('[data-test=current-number]', { hasText: number }).waitFor({ timeout: 5_000 });

    const log: Logged[] = await wall.evaluate(() => (window as any).__announcer.log());
    expect(log).toHaveLength(1);
    const line = mandarinLine({ number, windowNo: 3 });
    expect(log[0]!.segments).toEqual(['chime', ...line, 'pause', ...line]);

    // The recall is announced again, after the first announcement, not instead of it.
    await pages.hall.client(counter).call('recallTicket', { params: { windowNo: 3 } });
    await wall.waitForFunction(() => (window as any).__announcer.log().length === 2, undefined, { timeout: 5_000 });
    const both: Logged[] = await wall.evaluate(() => (window as any).__announcer.log());
    expect(both.map((a) => [a.number, a.recall])).toEqual([
      [number, false],
      [number, true],
    ]);

    const ticketId = callNext!.id;
    await pages.hall.client(counter).call('finishTicket', { params: { ticketId } });
    await screen.locator('[data-test=rating]').waitFor({ timeout: 5_000 });
    await screen.locator('[data-level="2"]').click();
    await screen.locator('[data-reason="等候时间太长"]').click();
    await screen.locator('[data-test=rating-submit]').click();
    await screen.locator('[data-test=rating-thanks]').waitFor({ timeout: 5_000 });

    const ticket = await pages.hall.client(display).call('getTicket', { params: { ticketId } });
    expect(ticket.rated).toBe(true);
    const stats = await pages.hall.client(manager).call('getStats');
    expect(stats.ratings).toMatchObject({ count: 1, average: 2 });
    expect(refused).toEqual([]);
    await context.close();
  }, 60_000);

  it('the manager page connects and lists waiting per service', async () => {
    const manager = pages.hall.app.tokens.create('manager', 'manager-page');
    const page = await pages.browser.newPage();
    await page.goto(`${pages.hall.url}/manager/#token=${manager}`);
    await page.locator('tr[data-code="330106-HJ-001"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('tr[data-code="330106-HJ-001"]').innerText()).toContain('户口迁入登记');
    await page.close();
  }, 30_000);
});
