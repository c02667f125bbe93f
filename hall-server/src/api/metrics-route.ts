/**
 * `GET /metrics`: the hall's Prometheus metrics (metrics/). A Prometheus on
 * the hall's own machine scrapes without a token; from anywhere else it takes
 * a manager token, refused like any operation (401, 403, 429).
 *
 * "This machine" is the connection's own address, never a header a client
 * chooses. A request that a reverse proxy on this machine forwarded arrives
 * from loopback too, so one that carries a forwarding header is treated as
 * coming from outside: the proxy must set one (docs/hall-server.md,
 * "Monitoring").
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isLoopbackHost } from '@hall/common';
import type { HallMetrics } from '../metrics/index.ts';
import type { Guard } from './http.ts';

const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

/** The request was made on this machine itself, not passed on by a proxy. */
export function madeOnThisMachine(req: FastifyRequest): boolean {
  const address = req.socket.remoteAddress;
  return address !== undefined && isLoopbackHost(address) && FORWARDING_HEADERS.every((h) => req.headers[h] === undefined);
}

export function registerMetricsRoute(app: FastifyInstance, deps: { metrics: HallMetrics; guard: Guard }): void {
  const managerOnly = deps.guard({ operationId: 'metrics', roles: ['manager'] });
  app.get('/metrics', {
    onRequest: async (req) => {
      if (!madeOnThisMachine(req)) await managerOnly(req);
    },
    handler: async (_req, reply) => reply.type(deps.metrics.contentType).send(await deps.metrics.scrape()),
  });
}
