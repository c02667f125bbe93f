/**
 * The headers every answer of the hall carries. Pages get a
 * Content-Security-Policy; everything gets `nosniff` and `no-referrer`, so a
 * tracking link or a page address never leaks to another site.
 *
 * The policy fits the pages the hall serves (display-wall, the kiosk
 * renderer, the phone track page):
 * - scripts only from the hall itself, never inline;
 * - `connect-src` adds the kiosk's device agent on loopback (`ws://127.0.0.1:PORT`);
 * - styles may be inline: the manager wall's charts (ECharts) build their
 *   tooltips as HTML with style attributes, and the track page is one
 *   self-contained document;
 * - `data:`/`blob:` images and media: QR codes, photographed materials,
 *   report downloads and the wall's voice.
 */
import type { FastifyInstance } from 'fastify';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: data:",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Registers the headers; a server with other pages (the city platform's) gives its own policy. */
export function registerSecurityHeaders(app: FastifyInstance, policy: string = CONTENT_SECURITY_POLICY): void {
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    const type = reply.getHeader('content-type');
    // Only documents run a policy; on JSON and scripts it would be dead weight.
    if (typeof type === 'string' && type.startsWith('text/html') && !reply.hasHeader('content-security-policy')) {
      reply.header('content-security-policy', policy);
    }
    return payload;
  });
}
