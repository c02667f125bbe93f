/**
 * npm run build -w city-platform: the city view and the phone page into
 * dist/view/ and dist/phone/, where the server serves them.
 *
 *   node city-platform/scripts/build.ts [--out DIR]
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildEach } from '@hall/display-wall/build';
import { PAGES, pageConfig, type Page } from '../web/vite.config.ts';

export function buildPages(outRoot?: string): Promise<Record<Page, string>> {
  return buildEach(Object.keys(PAGES) as Page[], pageConfig, outRoot);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const dirs = await buildPages(values.out);
  for (const [page, dir] of Object.entries(dirs)) console.log(`${page}: ${dir}`);
}
