/**
 * The built pages: the city view at `/` (dist/view) and the phone page at
 * `/shortest/` (dist/phone), as Vite writes them (scripts/build.ts). Hashed
 * assets are kept by browsers for a year; the pages themselves are checked
 * each time, so a new build is picked up at the next load. A page that was
 * not built answers 503 with a page saying how to build it, not a bare 404.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** URL prefix → the page's directory under the pages root, and its name for the 503 page. */
export const PAGE_MOUNTS = [
  { prefix: '/', dir: 'view', title: '城市大厅监控 · City view' },
  { prefix: '/shortest/', dir: 'phone', title: '哪个大厅排队最短 · Shortest queue' },
] as const;

const notBuiltPage = (title: string) =>
  `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>${title}</title>` +
  `<p>页面尚未构建。This page has not been built on this server: run <code>npm run build</code> (in city-platform/, or at the repository's root).</p></html>`;

export async function registerPages(app: FastifyInstance, pagesDir: string): Promise<void> {
  let first = true;
  for (const { prefix, dir, title } of PAGE_MOUNTS) {
    const root = join(pagesDir, dir);
    if (!existsSync(join(root, 'index.html'))) {
      const notBuilt = async (_req: unknown, reply: FastifyReply) =>
        reply.code(503).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(notBuiltPage(title));
      app.get(prefix, notBuilt);
      app.get(`${prefix}index.html`, notBuilt);
      app.get(`${prefix}assets/*`, notBuilt);
      continue;
    }
    await app.register(fastifyStatic, {
      root,
      prefix,
      decorateReply: first,
      index: ['index.html'],
      // Routes for the files that are there now, so nothing else under the prefix is answered with a file.
      wildcard: false,
      cacheControl: false,
      setHeaders: (reply, path) => reply.header('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache'),
    });
    first = false;
    if (prefix !== '/') app.get(prefix.replace(/\/$/, ''), async (_req, reply) => reply.redirect(prefix));
  }
}
