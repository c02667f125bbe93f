/**
 * A real hall server for tests: a temporary data directory, an ephemeral
 * port on loopback, real tokens, the contract's own client and real
 * socket.io clients.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { createApplication, type Application, type AppOptions } from '../src/app.ts';
import { createHallClient, HallRefusal, type HallClient } from '../src/contract/client.ts';
import type { HallConfig } from '../src/domain/config.ts';
import type { Clock } from '../src/hall.ts';
import { createLogger } from '../src/log.ts';
import type { ClientToServerEvents, QueueSnapshot, Role, ServerToClientEvents } from '../src/protocol.ts';
import { loadSeed } from '../src/seed/index.ts';

export type HallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type TestHall = {
  app: Application;
  url: string;
  dataDir: string;
  token(role: Role, windowNo?: number): string;
  /** The contract's client with this token; every answer it gets is checked against the contract. */
  client(token: string | undefined): TestClient;
  /** Hand-written requests, for what the contract's client cannot send: malformed bodies, other types, unknown routes, headers to read. */
  api(token: string): Api;
  connect(namespace: string, token: string): Promise<Connection>;
  close(): Promise<void>;
};

/** A connected client with everything it received recorded from the first packet on. */
export type Connection = { socket: HallSocket; log: { event: string; payload: any }[]; snapshot: Promise<QueueSnapshot> };

/**
 * The contract's client, and the status of its last answer: a typed answer
 * does not say which 2xx it came with, and where the contract lists two
 * they mean different things (201 stored, 200 the hall already had it).
 */
export type TestClient = HallClient & { lastStatus(): number | undefined };

export function testClient(url: string, token: string | undefined): TestClient {
  let last: number | undefined;
  const client = createHallClient({
    baseUrl: url,
    token,
    checkAnswers: true,
    fetch: async (...args) => {
      const res = await fetch(...args);
      last = res.status;
      return res;
    },
  });
  return { ...client, lastStatus: () => last };
}

/** The refusal a call ends in; the test fails if the hall answered instead, or could not be reached. */
export async function refusal(call: Promise<unknown>): Promise<HallRefusal> {
  let answer: unknown;
  try {
    answer = await call;
  } catch (err) {
    if (err instanceof HallRefusal) return err;
    throw err;
  }
  throw new Error(`expected a refusal; the hall answered ${JSON.stringify(answer)}`);
}

/** The status a call ended with, answered or refused: for tables of who gets what. */
export async function statusOf(client: TestClient, call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return client.lastStatus()!;
  } catch (err) {
    if (err instanceof HallRefusal) return err.status;
    throw err;
  }
}

export type ApiResponse = { status: number; body: any; headers: Headers };
export type Api = {
  get(path: string): Promise<ApiResponse>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  patch(path: string, body?: unknown): Promise<ApiResponse>;
  /** Raw bytes with their content type (filing pages). */
  put(path: string, bytes: Uint8Array, contentType: string): Promise<ApiResponse>;
  /** The answer's bytes, for operations that answer with a file. */
  bytes(path: string): Promise<{ status: number; bytes: Buffer; headers: Headers }>;
};

export function tempDir(prefix = 'hall-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The demo hall with every window open and no quotas in the way. */
export function demoConfig(): HallConfig {
  const config = loadSeed('demo');
  return { ...config, windows: config.windows.map((w) => ({ ...w, initialState: 'open' as const })) };
}

export function apiClient(url: string, token: string): Api {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> => {
    const res = await fetch(url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body, headers) => call('POST', path, body, headers),
    patch: (path, body) => call('PATCH', path, body),
    async put(path, bytes, contentType) {
      const res = await fetch(url + path, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body: bytes });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
    },
    async bytes(path) {
      const res = await fetch(url + path, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
    },
  };
}

export type StartOptions = {
  config?: HallConfig;
  clock?: Clock;
  dataDir?: string;
  upstream?: AppOptions['upstream'];
  upstreamSink?: AppOptions['upstreamSink'];
  upstreamDelivery?: AppOptions['upstreamDelivery'];
  /** Where the server logs go (default: nowhere). */
  logger?: AppOptions['logger'];
  /** Limits over the defaults (src/api/limits.ts), e.g. tiny ones to reach them quickly. */
  limits?: AppOptions['limits'];
  /** The address to listen on (default loopback): another of this machine's addresses to be reached as from the LAN. */
  host?: string;
};

/**
 * The hall's warnings, kept: a test hall that answered a refusal its contract
 * does not list for that operation fails when it closes, so every code a
 * test reaches is one the contract declares.
 */
function contractWatch(): { logger: AppOptions['logger']; outside(): string[] } {
  const outside: string[] = [];
  const logger = createLogger({
    level: 'warn',
    destination: {
      write(line: string) {
        const entry = JSON.parse(line) as { msg?: string; operationId?: string; code?: string };
        if (entry.msg === 'refusal outside the contract') outside.push(`${entry.operationId} answered ${entry.code}`);
      },
    },
  });
  return { logger, outside: () => outside };
}

export async function startHall(options: StartOptions = {}): Promise<TestHall> {
  const dataDir = options.dataDir ?? tempDir();
  const watch = contractWatch();
  const app = await createApplication({
    dataDir,
    seed: options.config ?? demoConfig(),
    clock: options.clock,
    logger: options.logger ?? watch.logger,
    dayCheckMs: false,
    upstream: options.upstream,
    upstreamSink: options.upstreamSink,
    upstreamDelivery: options.upstreamDelivery,
    limits: options.limits,
  });
  const url = await app.listen(0, options.host);
  const sockets: HallSocket[] = [];
  return {
    app,
    url,
    dataDir,
    token: (role, windowNo) => app.tokens.create(role, `${role}${windowNo ?? ''}`, windowNo),
    client: (token) => testClient(url, token),
    api: (token) => apiClient(url, token),
    connect: (namespace, token) =>
      new Promise((resolve, reject) => {
        const socket: HallSocket = io(url + namespace, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
        sockets.push(socket);
        const log = record(socket);
        const snapshot = next(socket, 'queue:snapshot');
        snapshot.catch(() => undefined);
        socket.once('connect', () => resolve({ socket, log, snapshot }));
        socket.once('connect_error', (err) => reject(err));
      }),
    async close() {
      for (const s of sockets) s.disconnect();
      await app.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
      const outside = watch.outside();
      if (outside.length) throw new Error(`refusals the contract does not list (add them to the operation's errors): ${[...new Set(outside)].join('; ')}`);
    },
  };
}

/** Resolves with the next `event` on `socket` (after the optional predicate accepts it). */
export function next<E extends keyof ServerToClientEvents>(
  socket: HallSocket,
  event: E,
  accept: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 5_000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler as never);
      reject(new Error(`no ${String(event)} within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!accept(payload)) return;
      clearTimeout(timer);
      socket.off(event, handler as never);
      resolve(payload);
    };
    socket.on(event, handler as never);
  });
}

/** Records every message a socket receives, in order. */
export function record(socket: HallSocket): { event: string; payload: any }[] {
  const log: { event: string; payload: any }[] = [];
  socket.onAny((event, payload) => log.push({ event, payload }));
  return log;
}

/** Resolves once a connection has received a matching message, whether before this call or after. */
export async function received<E extends keyof ServerToClientEvents>(
  conn: Connection,
  event: E,
  accept: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 5_000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hit = conn.log.find((m) => m.event === event && accept(m.payload));
    if (hit) return hit.payload;
    if (Date.now() > deadline) throw new Error(`no ${String(event)} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
