/**
 * The city view and the phone page in headless Chromium, built by the build
 * script and served by the real server over the fake city: what an operator
 * and a visitor see, live updates without a reload, and the drill-down.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '@hall/server/testing/chromium';
import { OPERATOR_TOKEN, SERVICES } from './fake-city.ts';
import { builtPages } from './built-pages.ts';
import { startCity } from './city-server.ts';

let browser: Browser;
let pages: Awaited<ReturnType<typeof builtPages>>;
beforeAll(async () => {
  [pages, browser] = await Promise.all([builtPages(), launchChromium()]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  pages?.dispose();
});

/** Page errors and Content-Security-Policy refusals (console errors, not page errors) of a page. */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  return problems;
}

const textOf = (page: Page, selector: string) => page.locator(selector).innerText();

describe('the city view', () => {
  it('shows every hall with its figures and the city totals; the offline hall is greyed and says since when', async () => {
    const city = await startCity({ pagesDir: pages.root, now: Date.now });
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${city.url}/#token=${OPERATOR_TOKEN}`);
    // The token is kept and taken off the address bar.
    expect(new URL(page.url()).hash).toBe('');
    await page.locator('[data-hall]').nth(3).waitFor({ timeout: 10_000 });

    const west = page.locator('.tile[data-hall="330106-ZWFW-01"]');
    expect(await west.locator('.name').innerText()).toBe('西湖区政务服务中心');
    const figures = async (tile: typeof west) =>
      Object.fromEntries(
        await Promise.all(
          ['waiting', 'longest-wait', 'windows-open', 'issued', 'served', 'good-rate', 'alarms'].map(
            async (f) => [f, await tile.locator(`[data-figure="${f}"]`).innerText()] as const,
          ),
        ),
      );
    expect(await figures(west)).toEqual({
      waiting: '23',
      'longest-wait': '21 分',
      'windows-open': '8',
      issued: '412',
      served: '371',
      'good-rate': '94%',
      alarms: '0',
    });
    expect(await west.locator('[data-test=sla]').innerText()).toBe('预警');

    const upper = page.locator('.tile[data-hall="330102-ZWFW-01"]');
    expect(await upper.locator('[data-test=sla]').innerText()).toBe('超时');
    expect(await upper.locator('[data-figure=alarms]').innerText()).toBe('2');
    // No rating today is a dash, not 0%.
    expect(await page.locator('.tile[data-hall="330108-ZWFW-01"] [data-figure=good-rate]').innerText()).toBe('—');

    const gongshu = page.locator('.tile[data-hall="330105-ZWFW-01"]');
    expect(await gongshu.getAttribute('data-online')).toBe('false');
    expect(await gongshu.locator('[data-test=offline]').innerText()).toBe('离线');
    // Reported two hours before 10:30 in Hangzhou.
    expect(await gongshu.locator('[data-test=last-report]').innerText()).toMatch(/^最后上报 .*08:30$/);
    expect(await gongshu.evaluate((el) => (globalThis as any).getComputedStyle(el).filter)).toContain('grayscale');
    expect(await west.evaluate((el) => (globalThis as any).getComputedStyle(el).filter)).toBe('none');

    const totals = Object.fromEntries(
      await Promise.all(['halls', 'online', 'waiting', 'issued', 'served', 'breach', 'alarms'].map(async (k) => [k, await textOf(page, `[data-total=${k}]`)])),
    );
    expect(totals).toEqual({ halls: '4', online: '3', waiting: '90', issued: '1094', served: '965', breach: '1', alarms: '3' });

    const ratings = page.locator('[data-test=bad-rating]');
    await ratings.nth(2).waitFor();
    expect(await ratings.first().innerText()).toContain('上城区市民之家');
    expect(await ratings.first().innerText()).toContain('等候时间太长，窗口只开了两个');
    expect(await ratings.nth(2).innerText()).toContain('（未填写原因）');
    expect(problems).toEqual([]);
    await context.close();
  }, 30_000);

  it('a pushed change updates the tile and the totals without a reload; clicking a hall shows its services, curves and alarms', async () => {
    const city = await startCity({ pagesDir: pages.root, now: Date.now });
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${city.url}/#token=${OPERATOR_TOKEN}`);
    const west = page.locator('.tile[data-hall="330106-ZWFW-01"]');
    await west.waitFor({ timeout: 10_000 });
    await page.locator('[data-test=link].live').waitFor();
    await page.evaluate(() => ((globalThis as any).__sameDocument = true));

    city.read.update('330106-ZWFW-01', { waiting: 31, longestWaitS: 2400, slaState: 'breach' });
    city.changes.emit(['330106-ZWFW-01']);
    await page.locator('.tile[data-hall="330106-ZWFW-01"][data-sla=breach]').waitFor({ timeout: 5_000 });
    expect(await west.locator('[data-figure=waiting]').innerText()).toBe('31');
    expect(await west.locator('[data-test=sla]').innerText()).toBe('超时');
    expect(await textOf(page, '[data-total=waiting]')).toBe('98');
    expect(await textOf(page, '[data-total=breach]')).toBe('2');
    expect(await page.evaluate(() => (globalThis as any).__sameDocument)).toBe(true);

    await page.locator('.tile[data-hall="330102-ZWFW-01"]').click();
    const detail = page.locator('[data-test=detail][data-hall="330102-ZWFW-01"]');
    await detail.locator('[data-test=services] tbody tr').nth(2).waitFor({ timeout: 5_000 });
    expect(await detail.locator('h2').innerText()).toContain('上城区市民之家');
    const passport = detail.locator(`tr[data-code="${SERVICES.passport.code}"]`);
    expect((await passport.locator('td').allInnerTexts()).map((s) => s.trim())).toEqual(['普通护照签发', '31', '52 分', '46 分', '210', '171', '2']);
    // The curves are drawn on canvas, with today's figures.
    const chart = detail.locator('[data-test=hourly]');
    await chart.locator('canvas').waitFor({ timeout: 5_000 });
    expect(await chart.getAttribute('data-issued')).toBe('120,170,160,80');
    expect(await chart.getAttribute('data-peak')).toBe('38,52,61,57');
    const alarms = detail.locator('[data-test=alarm]');
    expect(await alarms.count()).toBe(2);
    expect(await alarms.first().innerText()).toMatch(/kiosk-3\s+打印机\s+缺纸/);
    expect(await alarms.nth(1).innerText()).toMatch(/kiosk-5\s+身份证阅读器\s+未连接/);

    // A hall with every device in order says so.
    await west.click();
    await page.locator('[data-test=detail][data-hall="330106-ZWFW-01"] [data-test=no-alarms]').waitFor({ timeout: 5_000 });
    expect(problems).toEqual([]);
    await context.close();
  }, 30_000);

  it('speaks English with ?lang=en, with the token kept from the first visit; without any token it says how to get in', async () => {
    const city = await startCity({ pagesDir: pages.root, now: Date.now });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${city.url}/#token=${OPERATOR_TOKEN}`);
    await page.locator('[data-hall]').first().waitFor({ timeout: 10_000 });
    await page.goto(`${city.url}/?lang=en`);
    const gongshu = page.locator('.tile[data-hall="330105-ZWFW-01"]');
    await gongshu.waitFor({ timeout: 10_000 });
    expect(await gongshu.locator('[data-test=offline]').innerText()).toBe('offline');
    expect(await page.locator('.tile[data-hall="330102-ZWFW-01"] [data-test=sla]').innerText()).toBe('Over SLA');

    const stranger = await (await browser.newContext()).newPage();
    await stranger.goto(`${city.url}/`);
    await stranger.locator('[data-test=no-token]').waitFor({ timeout: 5_000 });
    expect(await stranger.locator('[data-hall]').count()).toBe(0);
    await stranger.context().close();
    await context.close();
  }, 30_000);
});

describe('the phone page', () => {
  it('a visitor picks a service and sees the halls offering it now, shortest first, with no token', async () => {
    const city = await startCity({ pagesDir: pages.root, now: Date.now });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'zh-CN' });
    const page = await context.newPage();
    const problems = watchProblems(page);
    const response = await page.goto(`${city.url}/shortest/`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    const select = page.locator('[data-test=service]');
    await select.locator(`option[value="${SERVICES.passport.code}"]`).waitFor({ state: 'attached', timeout: 10_000 });
    await select.selectOption(SERVICES.passport.code);
    const halls = page.locator('[data-test=halls] li');
    await halls.nth(2).waitFor({ timeout: 5_000 });
    expect(await halls.locator('.name').allInnerTexts()).toEqual(['滨江区政务服务中心', '西湖区政务服务中心', '上城区市民之家']);
    expect(await halls.first().locator('[data-figure=estimate]').innerText()).toBe('约 5 分钟');
    expect(await halls.first().innerText()).toContain('4 人等候');
    // The choice is in the address, to share.
    expect(new URL(page.url()).searchParams.get('service')).toBe(SERVICES.passport.code);

    // Opened from a shared link, in English, it shows the same list at once.
    const shared = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await shared.goto(`${city.url}/shortest/?service=${SERVICES.residence.code}`);
    const list = shared.locator('[data-test=halls] li');
    await list.nth(2).waitFor({ timeout: 10_000 });
    expect(await list.locator('.name').allInnerTexts()).toEqual(['滨江区政务服务中心', '西湖区政务服务中心', '上城区市民之家']);
    expect(await list.first().locator('[data-figure=estimate]').innerText()).toBe('about 3 min');
    await shared.context().close();
    expect(problems).toEqual([]);
    await context.close();
  }, 30_000);
});
