/**
 * For one describe block of the kiosk's end-to-end tests: the renderer built
 * once and headless Chromium; a kiosk stack on them; a counter terminal at
 * window 1 with its clerk enrolled. Each is ready before the block's tests
 * and gone after them. Every page a test opens is closed when the test ends,
 * and must have thrown no uncaught error.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { DeviceHostOptions } from '../../src/agent/index.ts';
import { counterAtWindow, type CounterStack } from '../../src/agent/testing/counter-rig.ts';
import {
  buildRenderer,
  launchBrowser,
  openKiosk,
  openPage,
  startKioskStack,
  startPagesHall,
  type KioskPage,
  type KioskStack,
  type PagesHall,
  type StackOptions,
} from './kiosk-e2e.ts';

/** What the block's `beforeAll` set up, or an error that says so where a test runs without it. */
function ready<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is set up in beforeAll`);
  return value;
}

export type RendererInChromium = {
  readonly rendererDir: string;
  readonly browser: Browser;
  /** The kiosk page at `url`, at its attract screen (openKiosk). */
  open(url: string): Promise<KioskPage>;
  /** Any page at `url`, in a context of its own with this viewport (openPage). */
  openPage(url: string, viewport?: { width: number; height: number }): Promise<KioskPage>;
};

/** `camera: true`: Chromium's fake camera, for the filing machine's document capture. */
export function builtRendererInChromium(options: { camera?: boolean } = {}): RendererInChromium {
  const held: { renderer?: { dir: string; cleanup(): void }; browser?: Browser } = {};
  const pages: KioskPage[] = [];
  beforeAll(async () => {
    [held.renderer, held.browser] = await Promise.all([buildRenderer(), launchBrowser(options)]);
  }, 120_000);
  afterAll(async () => {
    await held.browser?.close();
    held.renderer?.cleanup();
  });
  afterEach(async () => {
    for (const p of pages.splice(0)) {
      await p.close();
      expect(p.pageErrors, 'uncaught errors in the page').toEqual([]);
    }
  });
  const kept = async (opening: Promise<KioskPage>) => {
    const page = await opening;
    pages.push(page);
    return page;
  };
  const chromium: RendererInChromium = {
    get rendererDir() {
      return ready(held.renderer, 'the renderer').dir;
    },
    get browser() {
      return ready(held.browser, 'the browser');
    },
    open: (url) => kept(openKiosk(chromium.browser, url)),
    openPage: (url, viewport) => kept(openPage(chromium.browser, url, viewport)),
  };
  return chromium;
}

/** A kiosk stack (startKioskStack) on the block's renderer. */
export function kioskStackOn(chromium: RendererInChromium, host: DeviceHostOptions = {}, options: StackOptions = {}): { readonly stack: KioskStack } {
  let stack: KioskStack | undefined;
  beforeAll(async () => {
    stack = await startKioskStack(chromium.rendererDir, host, options);
  }, 60_000);
  afterAll(async () => stack?.close());
  return {
    get stack() {
      return ready(stack, 'the kiosk stack');
    },
  };
}

/**
 * A hall serving the block's renderer (and `morePages`, built in `beforeAll`),
 * the clerk CLERK enrolled, and window 1's counter terminal with its
 * peripherals (without the evaluator when `evaluator: false`).
 */
export function counterAtWindowOne(
  chromium: RendererInChromium,
  options: { evaluator?: boolean; morePages?: () => Promise<Record<string, string>> } = {},
): { readonly hall: PagesHall; readonly stack: CounterStack } {
  const held: { hall?: PagesHall; stack?: CounterStack } = {};
  beforeAll(async () => {
    const hall = await startPagesHall(chromium.rendererDir, undefined, await options.morePages?.());
    held.hall = hall;
    held.stack = await counterAtWindow(hall, 1, { evaluator: options.evaluator ?? true });
  }, 120_000);
  afterAll(async () => {
    await held.stack?.close();
    await held.hall?.close();
  });
  return {
    get hall() {
      return ready(held.hall, 'the hall');
    },
    get stack() {
      return ready(held.stack, 'the counter terminal');
    },
  };
}
