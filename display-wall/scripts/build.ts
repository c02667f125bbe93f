/**
 * npm run build -w display-wall: the three pages into dist/{wall,window,manager}/.
 *
 *   node display-wall/scripts/build.ts [--out DIR]
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build, type InlineConfig } from 'vite';
import { PAGES, pageConfig, type Page } from '../vite.config.ts';

/** One Vite build per page, one after another; answers where each went. The city platform builds its pages with it too. */
export async function buildEach<P extends string>(
  pages: readonly P[],
  configOf: (page: P, outRoot?: string) => InlineConfig,
  outRoot?: string,
): Promise<Record<P, string>> {
  const dirs = {} as Record<P, string>;
  for (const page of pages) {
    const config = configOf(page, outRoot);
    await build(config);
    dirs[page] = config.build!.outDir!;
  }
  return dirs;
}

export function buildPages(outRoot?: string, pages: readonly Page[] = PAGES): Promise<Record<Page, string>> {
  return buildEach(pages, pageConfig, outRoot);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const dirs = await buildPages(values.out);
  for (const [page, dir] of Object.entries(dirs)) console.log(`${page}: ${dir}`);
}
