/**
 * F1's floor: a plain node:http server that takes request bodies and, on
 * `/store/…`, writes each to its own new file and fsyncs it before
 * answering — the least any server can do that keeps an upload through a
 * power cut. `/receive/…` only reads the body and answers: what loopback
 * HTTP alone costs, shown beside the figure. `POST /clear` removes the
 * files between rounds, outside any timing.
 *
 *   node children/bare-upload.ts --data DIR
 */
import { readdirSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serveParent } from '../lib/child.ts';

export type BareUploadInfo = { url: string; pid: number };

const { values } = parseArgs({ options: { data: { type: 'string' } } });
if (!values.data) throw new Error('--data DIR is required');
const dir = values.data;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

let n = 0;
async function store(body: Buffer): Promise<void> {
  const handle = await open(join(dir, `body-${n++}`), 'wx', 0o600);
  try {
    await handle.writeFile(body);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const http = createServer((req, res) => {
  void readBody(req)
    .then(async (body) => {
      if (req.url === '/clear') {
        for (const name of readdirSync(dir)) rmSync(join(dir, name), { force: true });
        return res.writeHead(204).end();
      }
      if (req.url?.startsWith('/store/')) await store(body);
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ size: body.length }));
    })
    .catch((err: Error) => res.writeHead(500).end(err.message));
});
http.keepAliveTimeout = 60_000;
await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
const { port } = http.address() as AddressInfo;

const parent = serveParent({}, () => new Promise<void>((resolve) => http.close(() => resolve())));
parent.ready({ url: `http://127.0.0.1:${port}`, pid: process.pid } satisfies BareUploadInfo);
