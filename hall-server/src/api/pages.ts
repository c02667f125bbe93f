/**
 * The built pages the hall serves: the kiosk renderer for browsers, and the
 * display pages. Each mount is a directory of static files produced by Vite;
 * a mount whose directory is missing answers with a page that says how to
 * build it, rather than a bare 404 on a kiosk screen.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';

/** URL prefix (such as `/kiosk/`) → directory of built files. */
export type PageMounts = Record<string, string>;

export async function registerPages(app: FastifyInstance, mounts: PageMounts): Promise<void> {
  let first = true;
  for (const [prefix, root] of Object.entries(mounts)) {
    if (!existsSync(root)) {
      app.get(prefix, async (_req, reply) =>
        reply
          .code(503)
          .type('text/html; charset=utf-8')
          .send(`<!doctype html><meta charset="utf-8"><title>${prefix}</title><p>This page has not been built on this server: run <code>npm run build</code>.</p>`),
      );
      continue;
    }
    await app.register(fastifyStatic, { root, prefix, decorateReply: first, index: ['index.html'], wildcard: true });
    first = false;
  }
}
