/**
 * Refusals as the API answers them: `{ error: { code, message } }` with the
 * contract's codes. Handlers throw `ApiError`; anything else that reaches the
 * edge is logged and answered as INTERNAL, so no internal detail (a query, a
 * hall's data) leaks into an answer.
 */
import type { ErrorCode } from './contract.ts';

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  /** Sent as Retry-After, in whole seconds. */
  readonly retryAfterS?: number;
  constructor(status: number, code: ErrorCode, message: string, retryAfterS?: number) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    if (retryAfterS !== undefined) this.retryAfterS = retryAfterS;
  }
}

export type ErrorReply = { status: number; body: { error: { code: ErrorCode; message: string } }; retryAfterS?: number; unexpected: boolean };

export function toErrorReply(error: unknown): ErrorReply {
  if (error instanceof ApiError) {
    return { status: error.status, body: { error: { code: error.code, message: error.message } }, retryAfterS: error.retryAfterS, unexpected: false };
  }
  // Fastify's own refusals of a malformed request (a bad URL encoding) stay 4xx, worded as invalid requests.
  const e = error as { statusCode?: number };
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return { status: 400, body: { error: { code: 'INVALID_REQUEST', message: 'the request could not be read' } }, unexpected: false };
  }
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'internal error' } }, unexpected: true };
}
