/**
 * Refusals the queue engine gives. Each has a stable code from the
 * contract's catalogue (contract/errors.ts) that reaches clients; the API
 * maps the kind to an HTTP status.
 */
import type { ErrorCode } from '../contract/errors.ts';

export type ErrorKind = 'invalid' | 'not-found' | 'conflict' | 'forbidden' | 'too-large' | 'unsupported-type';

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly details?: Record<string, unknown>;
  constructor(kind: ErrorKind, code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'DomainError';
    this.kind = kind;
    this.code = code;
    this.details = details;
  }
}

export const invalid = (code: ErrorCode, message: string, details?: Record<string, unknown>) => new DomainError('invalid', code, message, details);
export const notFound = (code: ErrorCode, message: string, details?: Record<string, unknown>) => new DomainError('not-found', code, message, details);
export const conflict = (code: ErrorCode, message: string, details?: Record<string, unknown>) => new DomainError('conflict', code, message, details);
export const forbidden = (code: ErrorCode, message: string, details?: Record<string, unknown>) => new DomainError('forbidden', code, message, details);
export const tooLarge = (code: ErrorCode, message: string, details?: Record<string, unknown>) => new DomainError('too-large', code, message, details);
export const unsupportedType = (code: ErrorCode, message: string, details?: Record<string, unknown>) =>
  new DomainError('unsupported-type', code, message, details);
