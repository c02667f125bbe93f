import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./testing/electron-mock.ts'));
const electron = await import('./testing/electron-mock.ts');
const { APP_ENTRY_URL, contentSecurityPolicy, isAppUrl, registerAppScheme, rendererResponse, serveRenderer } = await import('./app-protocol.ts');

const base = mkdtempSync(path.join(tmpdir(), 'kiosk-protocol-'));
const root = path.join(base, 'renderer');
mkdirSync(path.join(root, 'assets'), { recursive: true });
writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>kiosk</title>');
writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(path.join(base, 'secret.txt'), 'not for the page');
afterAll(() => rmSync(base, { recursive: true, force: true }));

beforeEach(() => electron.resetElectronMock());

describe('the app:// protocol', () => {
  it('is registered before ready as a standard, secure scheme', () => {
    registerAppScheme();
    expect(electron.protocol.privileged).toEqual([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }) }),
    ]);
    // No CSP bypass for our own scheme, and no cross-origin reads of it.
    expect(electron.protocol.privileged[0]!.privileges?.bypassCSP).toBeFalsy();
    expect(electron.protocol.privileged[0]!.privileges?.corsEnabled).toBeFalsy();
  });

  it('serves the renderer entry with its type and a strict content security policy', async () => {
    const response = await rendererResponse(root, APP_ENTRY_URL, { connectOrigins: ['http://hall.lan:8080'] });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('<title>kiosk</title>');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self' http://hall.lan:8080");
    expect(csp).not.toContain('unsafe-eval');
  });

  it('serves assets from the renderer directory', async () => {
    const response = await rendererResponse(root, 'app://kiosk/kiosk/assets/app.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/javascript');
    expect(await response.text()).toBe('console.log(1)');
  });

  it.each([
    'app://kiosk/kiosk/..%2fsecret.txt',
    'app://kiosk/kiosk/..%2f..%2fsecret.txt',
    'app://kiosk/kiosk/assets/..%2f..%2f..%2fsecret.txt',
    'app://kiosk/kiosk/..%5csecret.txt',
    'app://kiosk/kiosk/index.html%00.js',
  ])('refuses path traversal: %s', async (url) => {
    const response = await rendererResponse(root, url);
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('not for the page');
  });

  it.each(['app://kiosk/kiosk/../../secret.txt', 'app://kiosk/kiosk/%2e%2e/secret.txt', 'app://kiosk/kiosk/assets/%2E%2E/%2e%2e/%2e%2e/secret.txt'])(
    'folds dot segments inside the root as the URL parser does, never leaving it: %s',
    async (url) => {
      const response = await rendererResponse(root, url);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('not for the page');
    },
  );

  it('answers 404 for a missing file and for another host', async () => {
    expect((await rendererResponse(root, 'app://kiosk/kiosk/assets/missing.js')).status).toBe(404);
    expect((await rendererResponse(root, 'app://elsewhere/kiosk/index.html')).status).toBe(404);
  });

  it('serves only under /kiosk/, the path the renderer is built for', async () => {
    expect(APP_ENTRY_URL).toBe('app://kiosk/kiosk/index.html');
    expect((await rendererResponse(root, 'app://kiosk/index.html')).status).toBe(404);
    expect((await rendererResponse(root, 'app://kiosk/assets/app.js')).status).toBe(404);
    expect((await rendererResponse(root, 'app://kiosk/kiosk/')).status).toBe(200);
  });

  it('falls back to index.html for history-mode routes', async () => {
    const response = await rendererResponse(root, 'app://kiosk/kiosk/queue/lookup');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>kiosk</title>');
  });

  it('is handled by the renderer directory once served', async () => {
    serveRenderer(root);
    const handler = electron.protocol.handlers.get('app')!;
    const response = await handler(new Request('http://placeholder/') as Request & { url: string });
    expect(response.status).toBe(404);
    const ok = await handler({ url: APP_ENTRY_URL } as Request);
    expect(ok.status).toBe(200);
  });

  it('knows its own origin', () => {
    expect(isAppUrl('app://kiosk/index.html')).toBe(true);
    expect(isAppUrl('app://kiosk')).toBe(true);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('https://kiosk/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
    expect(contentSecurityPolicy()).toContain("object-src 'none'");
  });
});
