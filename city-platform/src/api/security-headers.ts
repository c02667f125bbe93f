/**
 * Headers on every answer, as the hall sends them: `nosniff` and
 * `no-referrer` (a page address never leaks to another site), and on pages
 * a Content-Security-Policy, the city's own:
 * - scripts only from the platform itself, never inline;
 * - connections only to the platform (the API and socket.io; `'self'` covers
 *   its ws:/wss: too);
 * - inline styles allowed: ECharts builds its tooltips as HTML with style
 *   attributes;
 * - no framing, no plugins, forms and base only to itself.
 */
import type { FastifyInstance } from 'fastify';
import { registerSecurityHeaders as registerHallSecurityHeaders } from '@hall/server/security-headers';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The hall's headers (nosniff, no-referrer, a policy on documents), with the city's policy. */
export function registerSecurityHeaders(app: FastifyInstance): void {
  registerHallSecurityHeaders(app, CONTENT_SECURITY_POLICY);
}
