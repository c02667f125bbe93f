/**
 * The agent's WebSocket server for browsers: loopback only, and only pages
 * from the hall's own origin or from localhost may connect (any other page
 * the kiosk's browser might open cannot drive the printer). Requests go
 * through serveRequest; every event goes to every client.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { eventMessage, serveRequest, type KioskHost } from '../shared/host.ts';
import { FILING_PAGE_MAX_BYTES } from '../shared/kiosk-api.ts';
import { silentAgentLogger, type AgentLogger } from './log.ts';

export type AgentServerOptions = {
  port: number;
  /** Origins allowed besides http(s)://localhost and 127.0.0.1 on any port (the hall's origin). */
  allowedOrigins?: string[];
  logger?: AgentLogger;
  /** Largest message accepted, bytes. */
  maxPayload?: number;
};

export type AgentServer = { port: number; url: string; clients(): number; close(): Promise<void> };

/** A filing page travels base64 in one request: the largest page, encoded, and room for the envelope. */
export const MAX_MESSAGE_BYTES = Math.ceil(FILING_PAGE_MAX_BYTES / 3) * 4 + 64 * 1024;

const LOCAL = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

/** May a connection with this Origin header talk to the agent? Non-browser clients send none. */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (LOCAL.test(origin)) return true;
  return allowed.includes(origin);
}

export async function startAgentServer(host: KioskHost, options: AgentServerOptions): Promise<AgentServer> {
  const log = options.logger ?? silentAgentLogger;
  const allowed = (options.allowedOrigins ?? []).map((o) => new URL(o).origin);
  const http = createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('hall kiosk device agent: connect with a WebSocket\n');
  });
  const wss = new WebSocketServer({
    server: http,
    maxPayload: options.maxPayload ?? MAX_MESSAGE_BYTES,
    verifyClient: (info: { origin: string; req: IncomingMessage }, done: (ok: boolean, code?: number, message?: string) => void) => {
      const origin = info.req.headers.origin;
      const ok = originAllowed(origin, allowed);
      if (!ok) log.warn('refused a connection from a foreign origin', { origin });
      done(ok, 403, 'origin not allowed');
    },
  });
  const clients = new Set<WebSocket>();

  const unsubscribe = host.subscribe((event, payload) => {
    const data = JSON.stringify(eventMessage(event, payload));
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(data);
  });

  wss.on('connection', (ws) => {
    clients.add(ws);
    log.info('renderer connected', { clients: clients.size });
    ws.on('message', async (raw) => {
      let message: unknown;
      try {
        message = JSON.parse(raw.toString());
      } catch {
        log.warn('dropped a message that is not JSON');
        return;
      }
      const response = await serveRequest(host, message, (err) => log.error('unexpected failure serving a request', { error: err }));
      if (response && ws.readyState === ws.OPEN) ws.send(JSON.stringify(response));
    });
    ws.on('close', () => {
      clients.delete(ws);
      log.info('renderer disconnected', { clients: clients.size });
    });
    ws.on('error', (err) => log.warn('renderer socket error', { error: err }));
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  log.info('agent listening', { url: `ws://127.0.0.1:${port}` });
  return {
    port,
    url: `ws://127.0.0.1:${port}`,
    clients: () => clients.size,
    async close() {
      unsubscribe();
      for (const ws of clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
