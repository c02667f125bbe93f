/**
 * HTTP routes built from the contract. Per request, in this order: the
 * address's rate limit (429), the operator token for operator operations
 * (401), the input against the operation's schemas (400), then the handler.
 * A caller without a token never learns whether its request was valid.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodType } from 'zod';
import type { Logger } from '@hall/common/log';
import type { OperatorTokens } from '../ports.ts';
import { contract, type OperationId, type OperationSpec } from './contract.ts';
import { ApiError, toErrorReply } from './errors.ts';
import type { Handlers } from './handlers.ts';
import type { TokenBuckets } from './rate-limit.ts';
import { API_PREFIX } from './routes.ts';

export type OperationsDeps = {
  handlers: Handlers;
  operators: OperatorTokens;
  /** One bucket per client address, shared by every operation. */
  buckets: TokenBuckets;
  /** How long a public answer may be kept by browsers and proxies, seconds (the server's own cache time). */
  publicMaxAgeS: number;
  now: () => number;
  logger: Logger;
};

function bearer(req: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

function parse(schema: ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${[where, ...i.path.map(String)].join('.')}: ${i.message}`).join('; ');
  throw new ApiError(400, 'INVALID_REQUEST', problems);
}

export function registerOperations(app: FastifyInstance, deps: OperationsDeps): void {
  app.setErrorHandler((error, req, reply) => {
    const { status, body, retryAfterS, unexpected } = toErrorReply(error);
    const operationId = (req.routeOptions?.config as { operationId?: OperationId } | undefined)?.operationId;
    if (unexpected) deps.logger.error('request failed', { err: error, operationId });
    if (retryAfterS !== undefined) void reply.header('retry-after', String(retryAfterS));
    void reply.code(status).header('cache-control', 'no-store').send(body);
  });

  for (const operationId of Object.keys(contract) as OperationId[]) {
    const op: OperationSpec = contract[operationId];
    const handle = deps.handlers[operationId] as (input: { params: unknown; query: unknown }) => Promise<unknown>;
    app.route({
      method: op.method,
      url: `${API_PREFIX}${op.path.replace(/\{(\w+)\}/g, ':$1')}`,
      config: { operationId },
      onRequest: async (req: FastifyRequest) => {
        const wait = deps.buckets.take(req.ip, deps.now());
        if (wait) throw new ApiError(429, 'RATE_LIMITED', 'too many requests from this address', wait);
        if (op.access === 'public') return;
        const token = bearer(req);
        if (!token) throw new ApiError(401, 'UNAUTHENTICATED', 'send Authorization: Bearer <operator token>');
        if (!(await deps.operators.verify(token))) throw new ApiError(401, 'UNAUTHENTICATED', 'this operator token is unknown or revoked');
      },
      handler: async (req: FastifyRequest, reply: FastifyReply) => {
        const answer = await handle({ params: parse(op.params, req.params, 'path'), query: parse(op.query, req.query, 'query') });
        // Public answers are the same for everyone and a few seconds old at most; operators' are theirs alone.
        void reply.header('cache-control', op.access === 'public' ? `public, max-age=${deps.publicMaxAgeS}` : 'private, no-store');
        return reply.code(200).send(answer);
      },
    });
  }
}
