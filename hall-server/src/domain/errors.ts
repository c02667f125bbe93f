/**
 * Refusals the queue engine gives. Each has a stable code that reaches
 * clients; the API maps the kind to an HTTP status.
 */

export type ErrorKind = 'invalid' | 'not-found' | 'conflict' | 'forbidden' | 'too-large' | 'unsupported-type';

export class DomainError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly details?: Record<string, unknown>;
  constructor(kind: ErrorKind, code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'DomainError';
    this.kind = kind;
    this.code = code;
    this.details = details;
  }
}

export const invalid = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('invalid', code, message, details);
export const notFound = (code: string, message: string, details?: Record<string, unknown>) => new DomainError('not-found', code, message, details);
export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('conflict', code, message, details);
export const forbidden = (code: string, message: string, details?: Record<string, unknown>) => new DomainError('forbidden', code, message, details);
export const tooLarge = (code: string, message: string, details?: Record<string, unknown>) => new DomainError('too-large', code, message, details);
export const unsupportedType = (code: string, message: string, details?: Record<string, unknown>) => new DomainError('unsupported-type', code, message, details);
