import { describe, expect, it, onTestFinished } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../src/api/security-headers.ts';
import { launchChromium } from './chromium.ts';
import { hallPerTest } from './per-test.ts';

describe('/api/docs: the API documented for people', () => {
  const hall = hallPerTest();

  it('serves the page without a token, under the hall’s Content-Security-Policy, and its scripts and styles from the hall itself', async () => {
    const page = await fetch(`${hall.url}/api/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const html = await page.text();
    expect(html).not.toMatch(/<script>|<script [^>]*>[^<\s]/);
    for (const [path, type] of [
      ['/api/docs/init.js', /^text\/javascript/],
      ['/api/docs/swagger-ui-bundle.js', /^text\/javascript/],
      ['/api/docs/swagger-ui.css', /^text\/css/],
      ['/api/docs/favicon-32x32.png', /^image\/png/],
    ] as const) {
      expect(html).toContain(path);
      const asset = await fetch(hall.url + path);
      expect(asset.status, path).toBe(200);
      expect(asset.headers.get('content-type'), path).toMatch(type);
      expect(asset.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });

  it('serves only its own files: not the renderer package’s demo page or anything else in it', async () => {
    for (const path of ['/api/docs/index.html', '/api/docs/swagger-initializer.js', '/api/docs/package.json', '/api/docs/../openapi.json.map']) {
      expect((await fetch(hall.url + path)).status, path).toBe(404);
    }
  });

  it('renders every operation in a browser, issueTicket among them, and the upstream reports, with no policy violation and nothing fetched from elsewhere', {
    timeout: 90_000,
  }, async () => {
    // Launched here, not beside the hall in a hook: a browser starting on a busy machine may take longer than a hook may.
    const browser = await launchChromium();
    onTestFinished(() => browser.close());
    const page = await browser.newPage();
    const problems: string[] = [];
    const elsewhere: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('request', (r) => {
      if (!r.url().startsWith(hall.url) && !r.url().startsWith('data:')) elsewhere.push(r.url());
    });
    await page.goto(`${hall.url}/api/docs`);
    await page.getByText('issueTicket', { exact: true }).first().waitFor({ timeout: 15_000 });
    await expect(page.getByText('Hall server API').first().isVisible()).resolves.toBe(true);
    expect(await page.getByText('callNext', { exact: true }).count()).toBeGreaterThan(0);
    // The reports the hall sends upstream are there too, as webhooks.
    expect(await page.getByText('ratingReport', { exact: true }).count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    expect(elsewhere).toEqual([]);
  });
});
