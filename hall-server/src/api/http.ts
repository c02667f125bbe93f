/**
 * HTTP routes built from the operations table. Order per request: the token
 * (401), the role and the bound window (403), then validation (400), then
 * the operation. A wrong role never learns whether its request was valid.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { ZodType } from 'zod';
import type { Hall } from '../hall.ts';
import type { Principal, TokenStore } from '../store/tokens.ts';
import { HttpError, describeZodError, toErrorReply } from './errors.ts';
import { ANY_OPERATION_MAY_ANSWER, contract, type ErrorCode, type OperationId, type OperationSpec } from '../contract/index.ts';
import type { HallServices, Operation } from './operation.ts';
import { IdempotencyCache } from './idempotency.ts';
import { DEFAULT_LIMITS, LimitError, TokenBuckets, UploadGuard, type Limits } from './limits.ts';
import type { RequestMetrics } from '../metrics/requests.ts';
import type { Role } from '../protocol.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export type HttpDeps = {
  /** What the handlers work with (api/operation.ts). */
  services: HallServices;
  tokens: TokenStore;
  logger: Logger;
  /** Request rates and upload limits (api/limits.ts); the defaults when absent. */
  limits?: Limits;
  /** Counts and times every operation's requests (metrics/requests.ts). */
  metrics?: RequestMetrics;
};

/** Who may reach a route: its roles, and for a window action the bound window. */
type Access = { operationId: string; roles: readonly Role[]; boundWindow?: boolean };

/** The token check of the operations, for the hall's other guarded routes (`/metrics`): 401, 403 and the rate limits alike. */
export type Guard = (access: Access) => (req: FastifyRequest) => Promise<void>;

function mediaType(req: FastifyRequest): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Runs after `authorise` and before a byte of the body is read: a wrong
 * type or a declared length over the hall's limit is refused at once.
 */
function checkRawBody(op: Operation, hall: Hall) {
  const raw = op.rawBody!;
  return async (req: FastifyRequest, _reply: FastifyReply, payload: NodeJS.ReadableStream) => {
    const type = mediaType(req);
    if (!raw.contentTypes.includes(type)) throw new HttpError(415, raw.typeError, `send the bytes as ${raw.contentTypes.join(', ')}`);
    const limit = op.maxBytes!(hall);
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) throw new HttpError(413, raw.sizeError, `at most ${limit} bytes`);
    return payload;
  };
}

function bearer(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

function authorise(op: Access, tokens: TokenStore) {
  return async (req: FastifyRequest) => {
    const token = bearer(req);
    if (!token) throw new HttpError(401, 'UNAUTHENTICATED', 'send Authorization: Bearer <token>');
    const principal = tokens.verify(token);
    if (!principal) throw new HttpError(401, 'UNAUTHENTICATED', 'this token is unknown or revoked');
    if (!op.roles.includes(principal.role)) {
      throw new HttpError(403, 'FORBIDDEN_ROLE', `role ${principal.role} may not call ${op.operationId}`);
    }
    if (op.boundWindow && principal.role === 'counter') {
      const windowNo = Number((req.params as { windowNo?: string }).windowNo);
      if (windowNo !== principal.windowNo) throw new HttpError(403, 'WRONG_WINDOW', `this terminal is bound to window ${principal.windowNo}`);
    }
    req.principal = principal;
  };
}

/**
 * Runs around `authorise`. An address that keeps failing authentication is
 * refused (429) before its token is even looked at, so guessing is slow;
 * a known token is held to its role's rate. Retry-After says when to retry.
 */
function rateLimited(authorised: (req: FastifyRequest) => Promise<void>, limits: Limits, buckets: { addresses: TokenBuckets; tokens: TokenBuckets }) {
  return async (req: FastifyRequest) => {
    const now = Date.now();
    const blocked = buckets.addresses.wait(req.ip, limits.httpUnauthenticatedPerAddress, now);
    if (blocked) throw new LimitError(429, 'RATE_LIMITED', 'too many requests without a valid token from this address', blocked);
    try {
      await authorised(req);
    } catch (err) {
      if (err instanceof HttpError && err.status === 401) buckets.addresses.take(req.ip, limits.httpUnauthenticatedPerAddress, now);
      throw err;
    }
    const principal = req.principal!;
    const wait = buckets.tokens.take(principal.tokenId, limits.httpPerToken[principal.role], now);
    if (wait) throw new LimitError(429, 'RATE_LIMITED', `too many requests for one ${principal.role} token`, wait);
  };
}

function parse(schema: ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw new HttpError(400, 'INVALID_REQUEST', describeZodError(result.error, where));
  return result.data;
}

/** Whether the contract lists this refusal for this operation (or for any). */
function answers(operationId: OperationId, code: ErrorCode): boolean {
  return ANY_OPERATION_MAY_ANSWER.includes(code) || ((contract[operationId] as OperationSpec).errors ?? []).includes(code);
}

export function registerHttp(app: FastifyInstance, operations: readonly Operation[], deps: HttpDeps): Guard {
  const idempotency = new IdempotencyCache();
  const limits = deps.limits ?? DEFAULT_LIMITS;
  const buckets = { addresses: new TokenBuckets(limits.trackedKeys), tokens: new TokenBuckets(limits.trackedKeys) };
  const guard: Guard = (access) => rateLimited(authorise(access, deps.tokens), limits, buckets);
  const uploads = new UploadGuard({ idleTimeoutMs: limits.uploadIdleTimeoutMs, bytesPerDay: limits.uploadBytesPerTokenPerDay, maxKeys: limits.trackedKeys });

  // An empty body with a JSON content type is "no body", not a syntax error.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    if (body === '' || body === undefined) return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new HttpError(400, 'INVALID_JSON', 'the request body is not valid JSON'), undefined);
    }
  });

  // Raw bodies are not buffered here: the operation reads the stream, checking, hashing and writing as
  // bytes arrive, and enforces the hall's configured limit on them.
  const rawTypes = [...new Set(operations.flatMap((op) => op.rawBody?.contentTypes ?? []))];
  if (rawTypes.length) app.addContentTypeParser(rawTypes, (_req, payload, done) => done(null, payload));

  app.setErrorHandler((error, req, reply) => {
    const { status, body, unexpected } = toErrorReply(error);
    const operationId = (req.routeOptions?.config as { operationId?: OperationId } | undefined)?.operationId;
    if (unexpected) deps.logger.error({ err: error, operationId }, 'request failed');
    else if (operationId && !answers(operationId, body.error.code)) deps.logger.warn({ operationId, code: body.error.code }, 'refusal outside the contract');
    if (error instanceof LimitError) void reply.header('retry-after', String(error.retryAfterS));
    // Refused before the body was all read (a stalled or over-quota upload): answer, then hang up rather than wait for the rest.
    if (!req.raw.complete) void reply.header('connection', 'close');
    void reply.code(status).send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send({ error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0]}` } });
  });

  for (const op of operations) {
    app.route({
      method: op.method,
      // The error log names the operation a failure happened in.
      config: { operationId: op.operationId },
      url: `/api/v1${op.path.replace(/\{(\w+)\}/g, ':$1')}`,
      onRequest: guard(op),
      ...(deps.metrics ? { onResponse: deps.metrics.hookFor(op.operationId) } : {}),
      ...(op.rawBody ? { preParsing: checkRawBody(op, deps.services.hall) } : {}),
      handler: async (req: FastifyRequest, reply: FastifyReply) => {
        const principal = req.principal!;
        const key = op.method !== 'GET' ? (req.headers['idempotency-key'] as string | undefined) : undefined;
        const replayed = key ? idempotency.get(principal.tokenId, op.operationId, key) : undefined;
        if (replayed) return reply.code(replayed.status).header('idempotent-replay', 'true').send(replayed.body);
        const result = await op.handle({
          ...deps.services,
          principal,
          idempotencyKey: key,
          // Pages are read under a stall timeout and counted against the token's daily upload quota.
          raw: op.rawBody
            ? {
                contentType: mediaType(req),
                body: uploads.guard(principal.tokenId, deps.services.hall.state.counters.day, req.body as AsyncIterable<Uint8Array>),
              }
            : undefined,
          params: parse(op.params, req.params, 'path'),
          query: parse(op.query, req.query, 'query'),
          body: op.rawBody ? undefined : parse(op.body, req.body ?? {}, 'body'),
        });
        if (key) idempotency.put(principal.tokenId, op.operationId, key, result);
        if (result.headers) void reply.headers(result.headers);
        return result.body === undefined ? reply.code(result.status).send() : reply.code(result.status).send(result.body);
      },
    });
  }
  return guard;
}
