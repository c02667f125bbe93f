/** What every part of the protocol shares: roles, namespaces, the error body, names and times. */
import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from '../contract/errors.ts';

export const ROLES = ['kiosk', 'counter', 'display', 'manager', 'integration'] as const;
export type Role = (typeof ROLES)[number];

/** socket.io namespace per role (integration has none: it speaks HTTP only). */
export const NAMESPACES = { display: '/display', counter: '/counter', kiosk: '/kiosk', manager: '/manager' } as const;
export type NamespaceRole = keyof typeof NAMESPACES;

export const ErrorBody = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]).describe('SNAKE_CASE, stable: clients switch on it (contract/errors.ts)'),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const LocalizedName = z.object({ 'zh-CN': z.string(), en: z.string() });
export const IsoTime = z.string().describe('ISO 8601 instant');
