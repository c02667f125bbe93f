/**
 * A real hall serving freshly built pages, and headless Chromium to look at
 * them: shared by the end-to-end test and the wall bench.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApplication, type Application } from '@hall/server/app';
import { createHallClient, type HallClient } from '@hall/server/client';
import type { HallConfig } from '@hall/server/config';
import { createLogger } from '@hall/server/log';
import { demoConfig } from '@hall/server/testing';
import { buildPages } from '../scripts/build.ts';
import type { Page } from '../vite.config.ts';
import { CHROMIUM_ARGS, chromiumPath, launchChromium } from '@hall/server/testing/chromium';

export { CHROMIUM_ARGS, chromiumPath, launchChromium };

export type PagesHall = {
  app: Application;
  url: string;
  /** The hall's client with this token, every answer checked against the contract. */
  client(token: string): HallClient;
  close(): Promise<void>;
};

/** Builds the pages (and any extra entries) into a temporary directory, once per call. */
export async function buildIntoTemp(): Promise<{ dirs: Record<Page, string>; root: string }> {
  const root = mkdtempSync(join(tmpdir(), 'display-pages-'));
  const dirs = await buildPages(root);
  return { dirs, root };
}

export async function startPagesHall(pages: Record<string, string>, config: HallConfig = demoConfig()): Promise<PagesHall> {
  const dataDir = mkdtempSync(join(tmpdir(), 'display-hall-'));
  const app = await createApplication({ dataDir, seed: config, logger: createLogger({ level: 'silent' }), dayCheckMs: false, pages });
  const url = await app.listen(0);
  return {
    app,
    url,
    client: (token) => createHallClient({ baseUrl: url, token, checkAnswers: true }),
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
