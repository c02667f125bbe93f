/**
 * A small keep-alive HTTP client on node:http. Load generators reuse
 * connections as kiosks do; a fresh TCP handshake per request would
 * measure the kernel, not the server.
 */
import { Agent, request } from 'node:http';
import { Agent as TlsAgent, request as tlsRequest } from 'node:https';

export type HttpResponse = { status: number; body: string };

export type HttpClient = {
  post(path: string, options?: { token?: string; json?: unknown }): Promise<HttpResponse>;
  close(): void;
};

/** An https:// base URL is spoken to over TLS, trusting `ca` (the bench's own certificate). */
export function httpClient(baseUrl: string, maxSockets = 4, options: { ca?: string } = {}): HttpClient {
  const base = new URL(baseUrl);
  const tls = base.protocol === 'https:';
  const agent = tls ? new TlsAgent({ keepAlive: true, maxSockets, ca: options.ca }) : new Agent({ keepAlive: true, maxSockets });
  const send = (tls ? tlsRequest : request) as typeof request;
  return {
    post(path, options = {}) {
      const body = options.json === undefined ? undefined : JSON.stringify(options.json);
      const headers: Record<string, string | number> = {};
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(body);
      }
      return new Promise<HttpResponse>((resolve, reject) => {
        const req = send({ agent, host: base.hostname, port: base.port, method: 'POST', path, headers, timeout: 30_000 }, (res) => {
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
    close: () => agent.destroy(),
  };
}
