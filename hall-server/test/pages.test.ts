import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApplication, type Application } from '../src/app.ts';
import { createLogger } from '../src/log.ts';
import { demoConfig, tempDir } from './harness.ts';

describe('built pages', () => {
  let app: Application | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await app?.close();
    dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
  });

  /** A hall serving these page mounts, on a fresh data directory; answers its URL. */
  async function hallWithPages(pages: Record<string, string>): Promise<string> {
    const data = tempDir();
    dirs.push(data);
    app = await createApplication({ dataDir: data, seed: demoConfig(), logger: createLogger({ level: 'silent' }), dayCheckMs: false, pages });
    return app.listen(0);
  }

  it('serves a mount’s files, its index for its own routes, and a clear page where nothing was built', async () => {
    const pages = tempDir('hall-pages-');
    dirs.push(pages);
    mkdirSync(join(pages, 'assets'));
    writeFileSync(join(pages, 'index.html'), '<!doctype html><title>window screen</title>');
    writeFileSync(join(pages, 'assets', 'app.js'), 'console.log(1)');
    const url = await hallWithPages({ '/window/': pages, '/wall/': join(pages, 'missing') });
    const asset = await fetch(`${url}/window/assets/app.js`);
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe('console.log(1)');
    const route = await fetch(`${url}/window/3`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('window screen');
    const missing = await fetch(`${url}/wall/`);
    expect(missing.status).toBe(503);
    expect(await missing.text()).toContain('npm run build');
  });

  it('sends a Content-Security-Policy, nosniff and no-referrer with every page, and nosniff and no-referrer with every API answer', async () => {
    const pages = tempDir('hall-pages-');
    dirs.push(pages);
    writeFileSync(join(pages, 'index.html'), '<!doctype html><title>wall</title>');
    const url = await hallWithPages({ '/wall/': pages, '/manager/': join(pages, 'missing') });
    const documents = [`${url}/wall/`, `${url}/wall/index.html`, `${url}/wall/portrait`, `${url}/manager/`, `${url}/track/A001?t=nobody`];
    for (const address of documents) {
      const res = await fetch(address);
      expect(res.headers.get('content-type'), address).toMatch(/^text\/html/);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, address).toContain("default-src 'self'");
      expect(csp, address).toContain("script-src 'self'");
      expect(csp, address).toContain("connect-src 'self' ws://127.0.0.1:* ws://localhost:*");
      expect(csp, address).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options'), address).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), address).toBe('no-referrer');
    }
    for (const address of [`${url}/api/openapi.json`, `${url}/api/v1/services`]) {
      const res = await fetch(address);
      expect(res.headers.get('x-content-type-options'), address).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), address).toBe('no-referrer');
    }
  });
});
