/**
 * End to end in headless Chromium: the manager wall served by a real hall.
 * The manager closes a window on the page (confirming, and confirming again
 * when the hall warns that its services would have no open window); the
 * window screen, the counter's view (`GET /windows`) and the queue reflect
 * it. A kiosk reporting its printer out of paper raises an alarm with a tone.
 */
import { describe, expect, it } from 'vitest';
import { builtPagesInChromium } from './pages-fixture.ts';

describe('the manager wall in the hall', () => {
  const pages = builtPagesInChromium();

  it('the manager closes a window with confirmation; the window screen, the counter and the queue follow; a paper-out raises an alarm', async () => {
    const { app, url } = pages.hall;
    const manager = app.tokens.create('manager', 'manager-wall-e2e');
    const display = app.tokens.create('display', 'window-3-screen');
    const counter = app.tokens.create('counter', 'counter-3', 3);
    const kiosk = app.tokens.create('kiosk', 'kiosk-1');

    const context = await pages.browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const screen = await context.newPage();
    await screen.goto(`${url}/window/3#token=${display}`);
    await screen.locator('[data-test=services]').waitFor({ timeout: 10_000 });

    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    // A Content-Security-Policy refusal is a console error, not a page error.
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) problems.push(m.text());
    });
    await page.goto(`${url}/manager/#token=${manager}`);
    expect(new URL(page.url()).search).toBe('');
    expect(new URL(page.url()).hash).toBe('');
    const card = page.locator('[data-window="3"]');
    await card.waitFor({ timeout: 10_000 });
    expect(await card.getAttribute('data-state')).toBe('open');
    await page.locator('tr[data-code="330106-CRJ-001"]').waitFor();
    // The hourly charts are drawn on canvas.
    await page.locator('[data-chart=issued] canvas').waitFor({ timeout: 10_000 });

    await card.locator('[data-action=close]').click();
    const dialog = page.locator('[data-test=control-dialog]');
    await dialog.waitFor();
    await dialog.locator('[data-test=confirm]').click();
    // Window 3 is the only one serving passports: the hall asks again.
    await dialog.locator('[data-test=last-window]').waitFor({ timeout: 5_000 });
    expect(await dialog.locator('[data-test=last-window]').innerText()).toContain('普通护照签发');
    await dialog.locator('[data-test=confirm-anyway]').click();
    await dialog.waitFor({ state: 'detached', timeout: 5_000 });

    await page.locator('[data-window="3"][data-state=closed]').waitFor({ timeout: 5_000 });
    await screen.getByText('本窗口已关闭').waitFor({ timeout: 5_000 });
    const { windows } = await pages.hall.client(counter).call('listWindows');
    expect(windows.find((w) => w.no === 3)?.state).toBe('closed');
    const queue = await pages.hall.client(display).call('getQueue');
    const passports = queue.services.find((s) => s.code === '330106-CRJ-001');
    expect(passports?.windowsOpen).toBe(0);
    // The control is in the audit log on the page, marked as confirmed.
    await page.locator('[data-test=audit-entry][data-target="window:3"]').first().waitFor({ timeout: 5_000 });

    const reported = await pages.hall.client(kiosk).call('reportDevices', {
      body: { devices: [{ device: 'printer', model: 'SNBC BTP-U60', state: 'error', code: 'PAPER_OUT', since: new Date().toISOString() }] },
    });
    expect(reported.devices.map((d) => d.code)).toEqual(['PAPER_OUT']);
    const alarm = page.locator('[data-test=alarm][data-kind=paper-out]');
    await alarm.waitFor({ timeout: 5_000 });
    expect(await alarm.innerText()).toContain('kiosk-1');
    // Chromium runs with autoplay allowed here: the tone played rather than being blocked.
    await page.waitForFunction(() => (window as any).__manager.beeps() > 0, undefined, { timeout: 5_000 });
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
