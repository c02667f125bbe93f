/**
 * The city platform's HTTP side in one server: the API (contract.ts), its
 * OpenAPI document, the live city view over socket.io, and the built pages,
 * all on one port. `serve` wires it to the store's read model and changes.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { createLogger, type Logger } from '@hall/common/log';
import type { CityChanges, CityReadModel, OperatorTokens, ShortestRow } from '../ports.ts';
import { AnswerCache } from './answer-cache.ts';
import { cityHandlers } from './handlers.ts';
import { attachCityLive } from './live.ts';
import { openApiDocument } from './openapi.ts';
import { registerOperations } from './operations.ts';
import { registerPages } from './pages.ts';
import { TokenBuckets, type RateLimit } from './rate-limit.ts';
import { registerSecurityHeaders } from './security-headers.ts';

/**
 * Per client address, across every API operation: a burst of 60, then 5 a
 * second. Generous on purpose: many phones share one carrier-grade NAT
 * address, and a public answer costs a cache lookup; it stops one client
 * hammering, not a crowd reading.
 */
export const DEFAULT_RATE_LIMIT: RateLimit = { burst: 60, perSecond: 5 };
/** How long a public answer (services, shortest) is kept and may be kept by browsers. */
export const DEFAULT_PUBLIC_CACHE_MS = 2000;

export type CityHttpOptions = {
  read: CityReadModel;
  changes: CityChanges;
  operators: OperatorTokens;
  /** The built pages' root: `view/` and `phone/` under it (city-platform/dist). */
  pagesDir: string;
  logger?: Logger;
  rateLimit?: RateLimit;
  /** Public answers' cache time, ms. */
  publicCacheMs?: number;
  /** Least time between two live pushes of one hall, ms. */
  pushIntervalMs?: number;
  /** Behind a reverse proxy: trust its X-Forwarded-For for the client's address (Fastify's `trustProxy`). */
  trustProxy?: boolean | string | string[];
  now?: () => number;
  version?: string;
  /** PEM certificate and key: serve HTTPS (and WSS for the live view). */
  https?: { cert: string; key: string };
};

export type CityHttp = {
  listen(port: number, host?: string): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
  /** For tests (`inject`) and for `serve` to add its own routes. */
  readonly app: FastifyInstance;
};

export async function createCityHttp(options: CityHttpOptions): Promise<CityHttp> {
  const now = options.now ?? Date.now;
  const logger = options.logger ?? createLogger({ service: 'city-platform' });
  const cacheMs = options.publicCacheMs ?? DEFAULT_PUBLIC_CACHE_MS;
  const app = options.https
    ? (Fastify({ logger: false, trustProxy: options.trustProxy ?? false, https: options.https }) as unknown as FastifyInstance)
    : Fastify({ logger: false, trustProxy: options.trustProxy ?? false });
  registerSecurityHeaders(app);

  const handlers = cityHandlers({
    read: options.read,
    shortest: new AnswerCache<ShortestRow[]>({ ttlMs: cacheMs, now }),
    services: new AnswerCache<{ code: string; name: string }[]>({ ttlMs: cacheMs, now }),
  });
  registerOperations(app, {
    handlers,
    operators: options.operators,
    buckets: new TokenBuckets(options.rateLimit ?? DEFAULT_RATE_LIMIT),
    publicMaxAgeS: Math.max(1, Math.round(cacheMs / 1000)),
    now,
    logger,
  });
  const document = openApiDocument({ version: options.version ?? '0.1.0' });
  app.get('/api/openapi.json', async (_req, reply) => reply.header('cache-control', 'no-cache').send(document));
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send({ error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0]}` } });
  });
  await registerPages(app, options.pagesDir);

  const live = attachCityLive(app.server, {
    read: options.read,
    changes: options.changes,
    operators: options.operators,
    logger,
    pushIntervalMs: options.pushIntervalMs,
    now,
  });

  return {
    app,
    async listen(port, host = '127.0.0.1') {
      await app.listen({ port, host });
      const address = app.server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      return { port: bound, url: `${options.https ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${bound}` };
    },
    async close() {
      await live.close();
      await app.close().catch(() => undefined);
    },
  };
}
