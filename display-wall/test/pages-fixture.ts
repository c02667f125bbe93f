/**
 * For one describe block of end-to-end tests: the freshly built pages on a
 * real hall, and headless Chromium, ready before its tests and gone after.
 */
import { rmSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { buildIntoTemp, launchChromium, startPagesHall, type PagesHall } from './browser-hall.ts';

export type PagesInChromium = { readonly hall: PagesHall; readonly browser: Browser };

export function builtPagesInChromium(): PagesInChromium {
  const held: { hall?: PagesHall; browser?: Browser; root?: string } = {};
  beforeAll(async () => {
    const built = await buildIntoTemp();
    held.root = built.root;
    held.hall = await startPagesHall({ '/wall/': built.dirs.wall, '/window/': built.dirs.window, '/manager/': built.dirs.manager });
    held.browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await held.browser?.close();
    await held.hall?.close();
    if (held.root) rmSync(held.root, { recursive: true, force: true });
  });
  return {
    get hall() {
      if (!held.hall) throw new Error('the pages hall starts in beforeAll');
      return held.hall;
    },
    get browser() {
      if (!held.browser) throw new Error('the browser starts in beforeAll');
      return held.browser;
    },
  };
}
