/**
 * `/api/docs`: the OpenAPI document (`/api/openapi.json`) rendered for people
 * by Swagger UI (the `swagger-ui-dist` package), with no token. The page and
 * a small start script are the hall's own files (api-docs/); Swagger UI's
 * bundle, stylesheet and icon are served from the package as they are. Only
 * these files are served, by name: the package's own demo page (which points
 * at a public example API) is not.
 *
 * Everything comes from the hall's origin and no script is inline, so the
 * page runs under the Content-Security-Policy of every other page
 * (security-headers.ts) unchanged.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const OWN_DIR = join(import.meta.dirname, 'api-docs');
const SWAGGER_UI_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

type Asset = { file: string; type: string };

/** Files under /api/docs/, by name. The renderer's change only with the package, so browsers may keep them a day. */
const ASSETS: Record<string, Asset> = {
  'init.js': { file: join(OWN_DIR, 'init.js'), type: 'text/javascript; charset=utf-8' },
  'swagger-ui-bundle.js': { file: join(SWAGGER_UI_DIR, 'swagger-ui-bundle.js'), type: 'text/javascript; charset=utf-8' },
  'swagger-ui.css': { file: join(SWAGGER_UI_DIR, 'swagger-ui.css'), type: 'text/css; charset=utf-8' },
  'favicon-32x32.png': { file: join(SWAGGER_UI_DIR, 'favicon-32x32.png'), type: 'image/png' },
};

export function registerApiDocs(app: FastifyInstance): void {
  const page = async (_req: unknown, reply: FastifyReply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(createReadStream(join(OWN_DIR, 'index.html')));
  app.get('/api/docs', page);
  app.get('/api/docs/', page);
  for (const [name, asset] of Object.entries(ASSETS)) {
    app.get(`/api/docs/${name}`, async (_req, reply) =>
      reply.type(asset.type).header('cache-control', 'public, max-age=86400').send(createReadStream(asset.file)),
    );
  }
}
