/**
 * The server package's third-party notices: the npm packages it ships under
 * node_modules, then what each page's build bundled (the pages' builds write
 * their own THIRD_PARTY_NOTICES.txt, served beside them too).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NOTICES_FILE, packageNotice, renderNotices } from '@hall/display-wall/third-party-notices';
import type { Closure } from './closure.ts';

export function serverNotices(repoRoot: string, closure: Closure, pages: Record<string, string>): string {
  const parts = [
    renderNotices(
      'the hall server (/usr/lib/hall-server/app/node_modules)',
      closure.packages.map((dir) => packageNotice(join(repoRoot, dir))),
    ),
  ];
  for (const [mountedFrom, dir] of Object.entries(pages)) {
    const file = join(dir, NOTICES_FILE);
    if (!existsSync(file)) throw new Error(`the page built for ${mountedFrom} has no ${NOTICES_FILE}: its Vite config lacks thirdPartyNotices()`);
    parts.push(readFileSync(file, 'utf8'));
  }
  return parts.join(`\n${'#'.repeat(72)}\n\n`);
}
