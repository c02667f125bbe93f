/**
 * npm run build -w city-platform: the city view and the phone page into
 * dist/view/ and dist/phone/, where the server serves them.
 *
 *   node city-platform/scripts/build.ts [--out DIR]
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { PAGES, pageConfig, type Page } from '../web/vite.config.ts';

export async function buildPages(outRoot?: string): Promise<Record<Page, string>> {
  const dirs = {} as Record<Page, string>;
  for (const page of Object.keys(PAGES) as Page[]) {
    const config = pageConfig(page, outRoot);
    await build(config);
    dirs[page] = config.build!.outDir!;
  }
  return dirs;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const dirs = await buildPages(values.out);
  for (const [page, dir] of Object.entries(dirs)) console.log(`${page}: ${dir}`);
}
