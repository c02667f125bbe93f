/**
 * Enrolling halls, consumers and operators while the platform runs.
 *
 * With PostgreSQL every command opens the database itself. The embedded
 * database (PGlite) belongs to the one process that opened it, so a running
 * `serve` listens on `<data>/admin.sock` and the commands go through it.
 * The socket lives in the data directory (mode 0700): who may read the
 * platform's data may enrol, nobody else.
 */
import { chmodSync, existsSync, rmSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import type { NewHall } from './accounts/hall-directory.ts';
import type { Store } from './store/index.ts';

export type AdminRequest =
  | { op: 'hall-add'; hallId: string; name?: string }
  | { op: 'consumer-add'; name: string }
  | { op: 'operator-add'; name: string }
  | { op: 'logins' };

export type AdminAnswers = {
  'hall-add': NewHall;
  'consumer-add': { username: string; password: string };
  'operator-add': { id: string; token: string };
  logins: { username: string; passwordHash: string; kind: 'hall' | 'consumer' }[];
};

export const adminSocketPath = (dataDir: string) => join(dataDir, 'admin.sock');

/** Carries out one command on the store: the same code whether it came over the socket or not. */
export function runAdmin(store: Store, request: AdminRequest): Promise<unknown> {
  switch (request.op) {
    case 'hall-add':
      return store.directory.addHall({ hallId: request.hallId, name: request.name });
    case 'consumer-add':
      return store.directory.addConsumer(request.name);
    case 'operator-add':
      return store.operators.addOperator(request.name);
    case 'logins':
      return store.directory.logins();
  }
}

/** One JSON request per connection, one JSON answer: `{ ok, value }` or `{ ok: false, error }`. */
export async function serveAdmin(store: Store, dataDir: string): Promise<{ close(): Promise<void> }> {
  const path = adminSocketPath(dataDir);
  // A socket file left by a platform that died: nobody answers on it.
  if (existsSync(path) && !(await answers(path))) rmSync(path);
  const server: Server = createServer((socket) => {
    let raw = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      raw += chunk;
      if (!raw.includes('\n')) return;
      let request: AdminRequest;
      try {
        request = JSON.parse(raw) as AdminRequest;
      } catch {
        return void socket.end(`${JSON.stringify({ ok: false, error: 'not a JSON request' })}\n`);
      }
      runAdmin(store, request).then(
        (value) => socket.end(`${JSON.stringify({ ok: true, value })}\n`),
        (error: Error) => socket.end(`${JSON.stringify({ ok: false, error: error.message })}\n`),
      );
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  chmodSync(path, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  };
}

/** Sends a command to a running platform; undefined when none listens on the data directory. */
export async function callAdmin<Op extends AdminRequest['op']>(dataDir: string, request: AdminRequest & { op: Op }): Promise<AdminAnswers[Op] | undefined> {
  const path = adminSocketPath(dataDir);
  if (!existsSync(path)) return undefined;
  const answer = await new Promise<string | undefined>((resolve, reject) => {
    const socket = connect(path);
    let raw = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', (chunk: string) => (raw += chunk));
    socket.on('end', () => resolve(raw));
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNREFUSED' || error.code === 'ENOENT' ? resolve(undefined) : reject(error)));
  });
  if (answer === undefined) return undefined;
  const parsed = JSON.parse(answer) as { ok: true; value: AdminAnswers[Op] } | { ok: false; error: string };
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(path);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}
