/**
 * P1's floor: socket.io and nothing else. A plain HTTP server with a
 * socket.io server on it; POST /broadcast emits the stored payload as
 * `ticket:called` on /display, then answers. No auth check beyond accepting
 * the handshake, no store, no engine: what is left is the cost of HTTP in,
 * one broadcast out, which no hall server can beat.
 *
 *   node children/bare-broadcast.ts
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { serveParent } from '../lib/child.ts';

export type BareChildInfo = { url: string; pid: number };

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

let payload: unknown = {};
const http = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/broadcast') {
    void readBody(req).then(() => {
      display.emit('ticket:called', payload);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    return;
  }
  if (req.method === 'POST' && req.url === '/payload') {
    // The bench hands over a real ticket:called payload from the hall, so both sides send the same bytes.
    void readBody(req).then((body) => {
      payload = JSON.parse(body);
      res.writeHead(204).end();
    });
    return;
  }
  res.writeHead(404).end();
});
const io = new Server(http, { path: '/socket.io', serveClient: false });
const display = io.of('/display');

await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
const { port } = http.address() as AddressInfo;

const parent = serveParent({}, () => new Promise<void>((resolve) => io.close(() => resolve())));
parent.ready({ url: `http://127.0.0.1:${port}`, pid: process.pid } satisfies BareChildInfo);
