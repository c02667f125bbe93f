/**
 * A small keep-alive HTTP client on node:http. Load generators reuse
 * connections as kiosks do; a fresh TCP handshake per request would
 * measure the kernel, not the server.
 */
import { Agent, request, type IncomingMessage } from 'node:http';
import { Agent as TlsAgent, request as tlsRequest } from 'node:https';
import { createHallClient, type HallClient } from '../../src/contract/client.ts';

export type HttpResponse = { status: number; body: string };

export type HttpClient = {
  baseUrl: string;
  post(path: string, options?: { token?: string; json?: unknown }): Promise<HttpResponse>;
  /** The same connections behind fetch's signature, for the contract's client. */
  fetch: typeof fetch;
  close(): void;
};

const TIMEOUT_MS = 30_000;

function headersOf(res: IncomingMessage): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
  return headers;
}

/** An https:// base URL is spoken to over TLS, trusting `ca` (the bench's own certificate). */
export function httpClient(baseUrl: string, maxSockets = 4, options: { ca?: string } = {}): HttpClient {
  const base = new URL(baseUrl);
  const tls = base.protocol === 'https:';
  const agent = tls ? new TlsAgent({ keepAlive: true, maxSockets, ca: options.ca }) : new Agent({ keepAlive: true, maxSockets });
  const send = (tls ? tlsRequest : request) as typeof request;

  const keepAliveFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    if (input instanceof Request) return Promise.reject(new TypeError('keep-alive fetch takes a URL, not a Request'));
    const url = new URL(input);
    if (url.origin !== base.origin) return Promise.reject(new TypeError(`keep-alive fetch speaks to ${base.origin} only, not ${url.origin}`));
    const body = typeof init.body === 'string' ? Buffer.from(init.body) : init.body instanceof Uint8Array ? init.body : undefined;
    if (init.body != null && body === undefined) return Promise.reject(new TypeError('keep-alive fetch sends a string or bytes'));
    const headers: Record<string, string | number> = Object.fromEntries(new Headers(init.headers));
    if (body) headers['content-length'] = body.length;
    return new Promise<Response>((resolve, reject) => {
      const req = send(
        {
          agent,
          host: base.hostname,
          port: base.port,
          method: init.method ?? 'GET',
          path: url.pathname + url.search,
          headers,
          timeout: TIMEOUT_MS,
          signal: init.signal ?? undefined,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            // A 204 or 304 has no body, and Response refuses one.
            const payload = status === 204 || status === 304 ? null : new Uint8Array(Buffer.concat(chunks));
            resolve(new Response(payload, { status, statusText: res.statusMessage ?? '', headers: headersOf(res) }));
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${init.method ?? 'GET'} ${url.pathname} timed out`)));
      req.on('error', reject);
      req.end(body);
    });
  };

  return {
    baseUrl: base.origin,
    post(path, options = {}) {
      const body = options.json === undefined ? undefined : JSON.stringify(options.json);
      const headers: Record<string, string | number> = {};
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(body);
      }
      return new Promise<HttpResponse>((resolve, reject) => {
        const req = send({ agent, host: base.hostname, port: base.port, method: 'POST', path, headers, timeout: TIMEOUT_MS }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        });
        req.on('timeout', () => req.destroy(new Error(`POST ${path} timed out`)));
        req.on('error', reject);
        req.end(body);
      });
    },
    fetch: keepAliveFetch as typeof fetch,
    close: () => agent.destroy(),
  };
}

/** The contract's client on these keep-alive connections, waiting as long as post() does. */
export function hallClient(http: HttpClient, token: string): HallClient {
  return createHallClient({ baseUrl: http.baseUrl, token, fetch: http.fetch, timeoutMs: TIMEOUT_MS });
}
