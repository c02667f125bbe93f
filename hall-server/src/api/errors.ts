/**
 * Turns whatever went wrong into the contract's error body. Only known codes
 * reach clients; anything unexpected is logged and answered as INTERNAL.
 */
import { ZodError } from 'zod';
import { DomainError, type ErrorKind } from '../domain/errors.ts';
import type { ErrorCode } from '../contract/errors.ts';
import type { ErrorBody } from '../protocol.ts';

export class HttpError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  constructor(status: number, code: ErrorCode, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const STATUS_OF: Record<ErrorKind, number> = { invalid: 400, 'not-found': 404, conflict: 409, forbidden: 403, 'too-large': 413, 'unsupported-type': 415 };

/** Fastify's own refusals, renamed into the hall's vocabulary. */
const FRAMEWORK_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
};

export function describeZodError(error: ZodError, where: string): string {
  return error.issues.map((i) => `${[where, ...i.path.map(String)].join('.')}: ${i.message}`).join('; ');
}

export function toErrorReply(error: unknown): { status: number; body: ErrorBody; unexpected: boolean } {
  const reply = (status: number, code: ErrorCode, message: string, details?: Record<string, unknown>, unexpected = false) => ({
    status,
    body: { error: details ? { code, message, details } : { code, message } },
    unexpected,
  });
  if (error instanceof DomainError) return reply(STATUS_OF[error.kind], error.code, error.message, error.details);
  if (error instanceof HttpError) return reply(error.status, error.code, error.message);
  if (error instanceof ZodError) return reply(400, 'INVALID_REQUEST', describeZodError(error, 'request'));
  const e = error as { code?: string; statusCode?: number; message?: string };
  if (e?.code && e.code in FRAMEWORK_CODES && e.statusCode && e.statusCode < 500) {
    return reply(e.statusCode, FRAMEWORK_CODES[e.code]!, e.message ?? 'bad request');
  }
  if (e?.code === 'SQLITE_FULL' || e?.code?.startsWith?.('SQLITE_IOERR') || e?.code === 'SQLITE_BUSY') {
    return reply(503, 'STORE_UNAVAILABLE', 'the hall could not save this change; nothing was changed, try again', undefined, true);
  }
  return reply(500, 'INTERNAL', 'internal error', undefined, true);
}
