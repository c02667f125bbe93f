/**
 * The `app://kiosk/` protocol: the renderer is served from the built
 * `dist/renderer` through it instead of `file://`, so the page has a real,
 * narrow origin (no access to the rest of the disk, no file:// privileges)
 * and navigation rules can name it exactly.
 */
import { protocol } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/**
 * Where the renderer lives inside the origin: the same `/kiosk/` the hall
 * serves it under for browsers (the renderer is built with `base: '/kiosk/'`),
 * so one build works in both places.
 */
export const RENDERER_BASE = '/kiosk/';
export const APP_ENTRY_URL = `${APP_ORIGIN}${RENDERER_BASE}index.html`;

/** True for any URL inside the app's own origin. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Must run before `app.whenReady()`: Electron only accepts privileged schemes that early. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // standard: relative URLs and an origin like https; secure: a secure
      // context (getUserMedia for the filing camera, crypto.subtle).
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true },
    },
  ]);
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export type RendererServeOptions = {
  /** Origins the page may connect to besides its own (the hall, for the counter console). */
  connectOrigins?: string[];
};

/**
 * The Content-Security-Policy sent with every HTML page: scripts only from the
 * app itself, so nothing injected through a ticket text or a scanned code can
 * run, and connections only to the app and the hall.
 */
export function contentSecurityPolicy(options: RendererServeOptions = {}): string {
  const connect = ["'self'", ...(options.connectOrigins ?? [])].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' data: blob: mediastream:",
    "font-src 'self' data:",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/**
 * Answers one `app://` request from `rootDir` (`app://kiosk/kiosk/x` is
 * `rootDir/x`). Anything outside the root
 * (`..`, encoded or not, backslashes, NUL) is refused with 403; an unknown
 * path without an extension falls back to index.html (history-mode routes);
 * any other missing file is a 404.
 */
export async function rendererResponse(rootDir: string, requestUrl: string, options: RendererServeOptions = {}): Promise<Response> {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return plain(400, 'bad url');
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return plain(404, 'not found');

  // The URL parser already folds plain `..`; what survives it arrives encoded
  // (%2e%2e, %2f, %5c), so the decoded path is checked segment by segment.
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return plain(400, 'bad path');
  }
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').some((segment) => segment === '..')) {
    return plain(403, 'forbidden');
  }
  if (!decoded.startsWith(RENDERER_BASE)) return plain(404, 'not found');
  decoded = '/' + decoded.slice(RENDERER_BASE.length);

  const root = path.resolve(rootDir);
  let file = path.resolve(root, '.' + (decoded.endsWith('/') ? decoded + 'index.html' : decoded));
  if (file !== root && !file.startsWith(root + path.sep)) return plain(403, 'forbidden');

  if (!(await isFile(file))) {
    if (path.extname(decoded) !== '') return plain(404, 'not found');
    file = path.join(root, 'index.html');
    if (!(await isFile(file))) return plain(404, 'renderer not built');
  }

  const body = await readFile(file);
  const ext = path.extname(file).toLowerCase();
  const headers: Record<string, string> = {
    'content-type': MIME[ext] ?? 'application/octet-stream',
    'x-content-type-options': 'nosniff',
  };
  if (ext === '.html') {
    headers['content-security-policy'] = contentSecurityPolicy(options);
    headers['cache-control'] = 'no-cache';
  }
  return new Response(body, { status: 200, headers });
}

/** Serves `app://kiosk/…` from the built renderer. Call after `app.whenReady()`. */
export function serveRenderer(rootDir: string, options: RendererServeOptions = {}): void {
  protocol.handle(APP_SCHEME, (request) => rendererResponse(rootDir, request.url, options));
}
