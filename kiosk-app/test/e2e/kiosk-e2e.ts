/**
 * The ticket kiosk end to end: the renderer built by Vite and served by a real
 * hall server at /kiosk/, the device agent with the drivers' simulators on
 * socat ptys (see src/agent/testing/rig.ts), and headless Chromium (the
 * machine's own, never a downloaded browser) driving the page through
 * its `data-test` selectors.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { idNumberCheckDigit, SAMPLE_CARDS, type IdCard } from '@hall/drivers';
import { createApplication, type Application } from '@hall/server/app';
import { createLogger } from '@hall/server/log';
import type { HallConfig } from '@hall/server/config';
import type { Role } from '@hall/server/protocol';
import { apiClient, demoConfig, tempDir, type Api } from '@hall/server/testing';
import type { DeviceHostOptions } from '../../src/agent/index.ts';
import { startTerminal, type SimDevices, type Terminal } from '../../src/agent/testing/rig.ts';
import { launchChromium } from '@hall/server/testing/chromium';

const VITE_CONFIG = fileURLToPath(new URL('../../vite.config.ts', import.meta.url));

/**
 * `camera: true` gives the page Chromium's fake camera (a moving test
 * pattern) and grants it without a prompt, for the filing machine's
 * document capture.
 */
export function launchBrowser(options: { camera?: boolean } = {}): Promise<Browser> {
  const camera = options.camera ? ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] : [];
  return launchChromium(camera);
}

/** Builds the renderer once into a temporary directory (the repository's dist/ is left alone). */
export async function buildRenderer(): Promise<{ dir: string; cleanup(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-renderer-'));
  await build({ configFile: VITE_CONFIG, logLevel: 'error', build: { outDir: dir, emptyOutDir: true } });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A real hall serving the built renderer at /kiosk/ (and any other pages), that can be stopped and started again on the same data and port. */
export type PagesHall = {
  readonly app: Application;
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly running: boolean;
  /** A new token of the role (a counter's or a window screen's bound to `windowNo`). */
  token(role: Role, windowNo?: number): string;
  api(token: string): Api;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
};

export async function startPagesHall(rendererDir: string, seed: HallConfig = demoConfig(), morePages: Record<string, string> = {}): Promise<PagesHall> {
  const dataDir = tempDir('kiosk-e2e-hall-');
  let app: Application | undefined;
  let port = 0;
  const start = async () => {
    if (app) return;
    const next = await createApplication({
      dataDir,
      seed,
      logger: createLogger({ level: 'silent' }),
      dayCheckMs: false,
      pages: { '/kiosk/': rendererDir, ...morePages },
    });
    try {
      const url = await next.listen(port);
      port = Number(new URL(url).port);
    } catch (err) {
      await next.close();
      throw err;
    }
    app = next;
  };
  await start();
  const hall: PagesHall = {
    get app() {
      if (!app) throw new Error('the hall is stopped');
      return app;
    },
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    dataDir,
    get running() {
      return app !== undefined;
    },
    token: (role, windowNo) => hall.app.tokens.create(role, `e2e ${role}${windowNo ?? ''}`, windowNo),
    api: (token) => apiClient(hall.url, token),
    async stop() {
      const running = app;
      app = undefined;
      await running?.close();
    },
    start,
    async close() {
      await hall.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return hall;
}

/** Hall + simulated devices + agent: everything the page talks to. */
export type KioskStack = Terminal & {
  hall: PagesHall;
  manager: Api;
};

export type StackOptions = { role?: 'ticket' | 'filing'; seed?: HallConfig };

export async function startKioskStack(rendererDir: string, host: DeviceHostOptions = {}, options: StackOptions = {}): Promise<KioskStack> {
  const hall = await startPagesHall(rendererDir, options.seed);
  try {
    const terminal = await startTerminal({ hallUrl: hall.url, token: hall.token('kiosk'), role: options.role, host }, () => hall.close());
    return Object.assign(terminal, { hall, manager: hall.api(hall.token('manager')) });
  } catch (err) {
    await hall.close();
    throw err;
  }
}

/** A page in its own browser context, with what crossed its WebSockets and any uncaught page error recorded. */
export type KioskPage = {
  page: Page;
  /** Every WebSocket frame the page sent or received, as text. */
  frames: string[];
  pageErrors: string[];
  close(): Promise<void>;
};

/** The kiosk's portrait screen. */
export const KIOSK_SCREEN = { width: 1080, height: 1920 };
/** The counter console's landscape screen. */
export const CONSOLE_SCREEN = { width: 1920, height: 1080 };

export async function openPage(browser: Browser, url: string, viewport = KIOSK_SCREEN): Promise<KioskPage> {
  const context: BrowserContext = await browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const frames: string[] = [];
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  page.on('websocket', (ws) => {
    ws.on('framereceived', (f) => frames.push(String(f.payload)));
    ws.on('framesent', (f) => frames.push(String(f.payload)));
  });
  const opened = { page, frames, pageErrors, close: () => context.close() };
  try {
    await page.goto(url);
  } catch (err) {
    await opened.close();
    throw err;
  }
  return opened;
}

/** The kiosk page, at its attract screen once linked to its agent, which knows the hall and its devices. */
export async function openKiosk(browser: Browser, url: string): Promise<KioskPage> {
  const kiosk = await openPage(browser, url);
  try {
    await atStep(kiosk.page, 'attract');
    await kiosk.page.locator(sel('device-printer')).waitFor();
    await kiosk.page.locator(`${sel('start')}:not([disabled])`).waitFor();
  } catch (err) {
    await kiosk.close();
    throw err;
  }
  return kiosk;
}

/** A clerk signs in at the counter console as a clerk does: the staff number typed, the PIN on the keypad. */
export async function signInAtConsole(page: Page, clerk: { staffNo: string; pin: string }): Promise<void> {
  await page.locator(sel('counter-signin')).waitFor();
  await page.locator(sel('signin-staff-no')).fill(clerk.staffNo);
  await page.locator(sel('signin-pin')).focus();
  for (const k of clerk.pin) await tap(page, `key-${k}`);
  await tap(page, 'signin-submit');
  await page.locator(sel('counter-console')).waitFor();
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/**
 * The built renderer served from this machine at `<origin>/kiosk/`, as
 * Electron loads it from the app itself: a terminal that reboots during a
 * hall outage still has its screens (the agent takes pages from localhost).
 */
export async function serveRendererLocally(dir: string): Promise<{ origin: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://local').pathname.replace(/^\/kiosk\/?/, '');
    const file = resolve(dir, path === '' ? 'index.html' : path);
    if (!file.startsWith(dir) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

export const sel = (name: string) => `[data-test="${name}"]`;

/** Waits for the kiosk to show a step; on timeout, says which step it shows instead (and its refusal, if any). */
/** The screen's root, which carries its step: the ticket kiosk's or the filing machine's. */
const SCREEN = '.kiosk[data-step]';

export async function atStep(page: Page, step: string, timeout = 10_000): Promise<void> {
  try {
    await page.locator(`${SCREEN}[data-step="${step}"]`).waitFor({ timeout });
  } catch (err) {
    const shown = await page
      .locator(SCREEN)
      .getAttribute('data-step', { timeout: 1000 })
      .catch(() => null);
    const refusal =
      shown === 'refused'
        ? await page
            .locator(sel('error'))
            .textContent({ timeout: 1000 })
            .catch(() => null)
        : null;
    throw new Error(`expected the kiosk at step "${step}" within ${timeout} ms; it shows "${shown ?? 'nothing'}"${refusal ? ` (${refusal.trim()})` : ''}`, {
      cause: err,
    });
  }
}

export async function tap(page: Page, name: string): Promise<void> {
  await page.locator(sel(name)).click();
}

export async function textOf(page: Page, name: string): Promise<string> {
  return ((await page.locator(sel(name)).textContent()) ?? '').trim();
}

/** Chooses a service as a visitor does: its category tile, then the service row; lands on the confirmation. */
export async function chooseService(page: Page, category: string, serviceCode: string): Promise<void> {
  await atStep(page, 'services');
  await tap(page, `category-${category}`);
  await tap(page, `service-${serviceCode}`);
  await atStep(page, 'confirm');
}

/** A fictional resident card with a valid GB 11643 number of its own. */
export function residentCard(name: string, first17: string): IdCard {
  return { ...SAMPLE_CARDS.resident, name, idNumber: first17 + idNumberCheckDigit(first17) };
}

/** Text lines the printer simulator printed from item `from` on, trimmed. */
export function printedLines(sims: SimDevices, from: number): string[] {
  return sims.printer.printed.slice(from).flatMap((p) => (p.kind === 'line' ? [p.text.trim()] : []));
}

export function printedQrs(sims: SimDevices, from: number): string[] {
  return sims.printer.printed.slice(from).flatMap((p) => (p.kind === 'qr' ? [p.data] : []));
}

/** Resolves once the printer has cut a ticket after item `from`. */
export async function ticketCut(sims: SimDevices, from: number, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!sims.printer.printed.slice(from).some((p) => p.kind === 'cut')) {
    if (Date.now() > deadline) throw new Error('no ticket cut on the printer simulator');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export type HallTicket = {
  id: string;
  number: string;
  serviceCode: string;
  status: string;
  source: string;
  issuedAt: string;
  offline?: boolean;
  waitingAhead: number;
  identity?: { kind: string; masked: string; nameMasked?: string };
};

/** Today's tickets in the hall with this number, with their details (identity masked, as the API gives it). */
export async function hallTickets(manager: Api, number: string): Promise<HallTicket[]> {
  const res = await manager.get(`/api/v1/tickets?number=${encodeURIComponent(number)}`);
  if (res.status !== 200) throw new Error(`ticket lookup failed: ${res.status} ${JSON.stringify(res.body)}`);
  const found = res.body.tickets as { id: string }[];
  return Promise.all(found.map(async (t) => (await manager.get(`/api/v1/tickets/${t.id}`)).body as HallTicket));
}
