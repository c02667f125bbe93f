/**
 * A provincial 好差评 endpoint on loopback, scripted to misbehave: each
 * request takes the next behaviour from the script (then `ok` forever). It
 * honours the Idempotency-Key as a real receiver would, and records every
 * request so a test can check what arrived, how often, and signed how.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

export type Behaviour = 'ok' | 'fail-500' | 'hang' | 'garbage';

export type Received = { key: string; body: string; signed: boolean; answered: Behaviour };

export type RatingsReceiver = {
  url: string;
  requests: Received[];
  /** Bodies acknowledged with 2xx, by key: what the province holds. */
  accepted: Map<string, string>;
  close(): Promise<void>;
};

export async function startRatingsReceiver(secret: string, script: Behaviour[] = [], delayMs = 0): Promise<RatingsReceiver> {
  const requests: Received[] = [];
  const accepted = new Map<string, string>();
  const sockets = new Set<Socket>();
  const readBody = (req: IncomingMessage): Promise<string> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const key = String(req.headers['idempotency-key'] ?? '');
    const expected = `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
    const given = String(req.headers['x-signature'] ?? '');
    const signed = given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
    const answered = script.shift() ?? 'ok';
    requests.push({ key, body, signed, answered });
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    if (answered === 'hang') return;
    if (answered === 'garbage') {
      res.socket?.end('THIS IS NOT HTTP\r\n\r\n');
      return;
    }
    if (answered === 'fail-500') {
      res.writeHead(500).end('{"error":"busy"}');
      return;
    }
    if (signed && !accepted.has(key)) accepted.set(key, body);
    res.writeHead(signed ? 200 : 401, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('receiver has no address');
  return {
    url: `http://127.0.0.1:${address.port}/ratings`,
    requests,
    accepted,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
