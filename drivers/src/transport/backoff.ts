/** Exponential backoff between reconnect attempts: the one rule of @hall/common. */
export { backoffDelay, type BackoffOptions } from '@hall/common';
