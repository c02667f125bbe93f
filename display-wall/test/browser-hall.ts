/**
 * A real hall serving freshly built pages, and headless Chromium to look at
 * them: shared by the end-to-end test and the wall bench.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApplication, type Application } from '../../hall-server/src/app.ts';
import type { HallConfig } from '../../hall-server/src/domain/config.ts';
import { createLogger } from '../../hall-server/src/log.ts';
import { apiClient, demoConfig, type Api } from '../../hall-server/test/harness.ts';
import { buildPages } from '../scripts/build.ts';
import type { Page } from '../vite.config.ts';
import { CHROMIUM_ARGS, chromiumPath, launchChromium } from '../../hall-server/test/chromium.ts';

export { CHROMIUM_ARGS, chromiumPath, launchChromium };

export type PagesHall = {
  app: Application;
  url: string;
  api(token: string): Api;
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
    api: (token) => apiClient(url, token),
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

