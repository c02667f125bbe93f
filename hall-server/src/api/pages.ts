/**
 * The built pages the hall serves: the kiosk renderer for browsers, and the
 * display pages. Each mount is a directory of static files produced by Vite.
 * Paths under a mount that are not files get its index.html, so pages with
 * their own routes (`/window/3`) load. A mount whose directory is missing
 * answers with a page that says how to build it, rather than a bare 404 on a
 * kiosk screen.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** URL prefix (such as `/kiosk/`) → directory of built files. */
export type PageMounts = Record<string, string>;

export async function registerPages(app: FastifyInstance, mounts: PageMounts): Promise<void> {
  let first = true;
  for (const [prefix, root] of Object.entries(mounts)) {
    const bare = prefix.replace(/\/$/, '');
    if (!existsSync(join(root, 'index.html'))) {
      const notBuilt = async (_req: unknown, reply: import('fastify').FastifyReply) =>
        reply
          .code(503)
          .type('text/html; charset=utf-8')
          .send(
            `<!doctype html><meta charset="utf-8"><title>${bare}</title><p>This page has not been built on this server: run <code>npm run build</code>.</p>`,
          );
      app.get(prefix, notBuilt);
      app.get(`${prefix}*`, notBuilt);
      continue;
    }
    await app.register(fastifyStatic, { root, prefix, decorateReply: first, index: ['index.html'], wildcard: false });
    first = false;
    app.get(bare, async (_req, reply) => reply.redirect(prefix));
    app.get(`${prefix}*`, async (_req, reply) => reply.sendFile('index.html', root));
  }
}

/**
 * Where the pages are built in this repository: the kiosk renderer and the
 * display pages, found beside the hall server's package.
 */
export function repositoryPageMounts(repoRoot: string): PageMounts {
  return {
    '/kiosk/': join(repoRoot, 'kiosk-app', 'dist', 'renderer'),
    '/wall/': join(repoRoot, 'display-wall', 'dist', 'wall'),
    '/window/': join(repoRoot, 'display-wall', 'dist', 'window'),
    '/manager/': join(repoRoot, 'display-wall', 'dist', 'manager'),
  };
}
