/**
 * The agent's WebSocket server for browsers, loopback only. The visitor's
 * card, their filing pages, the printer and the staff PIN sit behind it, so
 * a connection is accepted only from the page the agent printed: its Origin
 * must be one the agent was given (the hall's; a missing Origin, which only
 * non-browser clients send, is refused), and it must present the agent's
 * per-boot key in its subprotocol offer. Requests go through serveRequest;
 * every event goes to every client.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { AGENT_KEY_PROTOCOL_PREFIX, AGENT_PROTOCOL } from '../shared/bridge.ts';
import { eventMessage, serveRequest, type KioskHost } from '../shared/host.ts';
import { FILING_PAGE_MAX_BYTES } from '../shared/kiosk-api.ts';
import { silentAgentLogger, type AgentLogger } from './log.ts';

export type AgentServerOptions = {
  port: number;
  /** The origins whose pages may connect: the hall's, and any other the operator named (KIOSK_PAGE_ORIGINS). */
  allowedOrigins: string[];
  logger?: AgentLogger;
  /** Largest message accepted, bytes. */
  maxPayload?: number;
};

export type AgentServer = {
  port: number;
  url: string;
  /** The per-boot key a page presents (agentProtocols in shared/bridge.ts); only ever printed in a page address's fragment. */
  key: string;
  clients(): number;
  close(): Promise<void>;
};

/** A filing page travels base64 in one request: the largest page, encoded, and room for the envelope. */
export const MAX_MESSAGE_BYTES = Math.ceil(FILING_PAGE_MAX_BYTES / 3) * 4 + 64 * 1024;

/** 32 random bytes, base64url: a valid subprotocol token and a valid fragment value as it is. */
export function newAgentKey(): string {
  return randomBytes(32).toString('base64url');
}

/** May a connection with this Origin header talk to the agent? Only the listed origins; no Origin at all is refused. */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  return origin !== undefined && allowed.includes(origin);
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** The key offered in a Sec-WebSocket-Protocol header, if any. */
export function offeredKey(header: string | undefined): string | undefined {
  const offers = (header ?? '').split(',').map((p) => p.trim());
  const offer = offers.find((p) => p.startsWith(AGENT_KEY_PROTOCOL_PREFIX));
  return offer?.slice(AGENT_KEY_PROTOCOL_PREFIX.length);
}

/** Whether `given` is the key, in the same time whatever the guess (digests of equal length). */
export function keyMatches(key: string, given: string | undefined): boolean {
  return timingSafeEqual(digest(key), digest(given ?? '')) && given !== undefined;
}

export async function startAgentServer(host: KioskHost, options: AgentServerOptions): Promise<AgentServer> {
  const log = options.logger ?? silentAgentLogger;
  const allowed = options.allowedOrigins.map((o) => new URL(o).origin);
  // Per boot, never stored: a restart invalidates every address printed before.
  const key = newAgentKey();
  const http = createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('hall kiosk device agent: connect with a WebSocket\n');
  });
  const wss = new WebSocketServer({
    server: http,
    maxPayload: options.maxPayload ?? MAX_MESSAGE_BYTES,
    // Refused at the upgrade, before any message: a stranger never sees an event.
    verifyClient: (info: { origin: string; req: IncomingMessage }, done: (ok: boolean, code?: number, message?: string) => void) => {
      const origin = info.req.headers.origin;
      if (!originAllowed(origin, allowed)) {
        // The origin is a page's address, never a secret: it says who tried.
        log.warn('refused a connection from a page that is not the kiosk’s', { origin: origin ?? '(none)' });
        return done(false, 403, 'origin not allowed');
      }
      if (!keyMatches(key, offeredKey(info.req.headers['sec-websocket-protocol']))) {
        log.warn('refused a connection without the agent’s key', { origin });
        return done(false, 401, 'agent key required');
      }
      done(true);
    },
    // The key offer must not be echoed back: the agent selects the plain protocol.
    handleProtocols: (protocols: Set<string>) => (protocols.has(AGENT_PROTOCOL) ? AGENT_PROTOCOL : false),
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
    key,
    clients: () => clients.size,
    async close() {
      unsubscribe();
      for (const ws of clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
