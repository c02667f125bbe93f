/**
 * Headers on every answer: `nosniff` and `no-referrer` (a page address never
 * leaks to another site), and on pages a Content-Security-Policy:
 * - scripts only from the platform itself, never inline;
 * - connections only to the platform (the API and socket.io; `'self'` covers
 *   its ws:/wss: too);
 * - inline styles allowed: ECharts builds its tooltips as HTML with style
 *   attributes;
 * - no framing, no plugins, forms and base only to itself.
 */
import type { FastifyInstance } from 'fastify';

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

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('text/html')) {
      reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
      reply.header('x-frame-options', 'DENY');
    }
    return payload;
  });
}
