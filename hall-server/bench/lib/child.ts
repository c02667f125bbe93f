/**
 * Child processes for servers under test. A server and the clients loading
 * it must not share an event loop, or the figure measures the clients too.
 * Parent and child talk over Node's IPC channel: requests with ids, answers,
 * and events (ready, progress) the child sends on its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { withTimeout } from './time.ts';

type Request = { id: number; type: string; payload?: unknown };
type Answer = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
type Event = { event: string; data?: unknown };

export type ChildHandle<Ready> = {
  pid: number;
  ready: Ready;
  request<T = unknown>(type: string, payload?: unknown, timeoutMs?: number): Promise<T>;
  onEvent(name: string, listener: (data: unknown) => void): void;
  /** Asks the child to close, then kills it if it does not exit in time. */
  stop(): Promise<void>;
};

/**
 * Starts `script` (a .ts file next to the bench) with the same Node, so type
 * stripping works as it does here. HALL_BENCH_NODE_ARGS adds Node flags to
 * the servers only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile
 * them under load (NODE_OPTIONS refuses --cpu-prof).
 */
export async function startChild<Ready>(
  script: URL,
  args: string[] = [],
  options: { readyTimeoutMs?: number; nodeArgs?: string[]; cpus?: string; env?: Record<string, string> } = {},
): Promise<ChildHandle<Ready>> {
  const nodeArgs = [...(options.nodeArgs ?? []), ...(process.env.HALL_BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean)];
  const command = [process.execPath, ...nodeArgs, fileURLToPath(script), ...args];
  // `cpus` (lib/cores.ts): the child and its threads run on those cores only.
  const [file, ...argv] = options.cpus ? ['taskset', '--cpu-list', options.cpus, ...command] : command;
  const child: ChildProcess = spawn(file!, argv, {
    // stdout would carry the server's logs; warnings and crashes still reach stderr.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, ...options.env, HALL_LOG_LEVEL: 'warn' },
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Map<string, ((data: unknown) => void)[]>();
  let nextId = 1;
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true;
      for (const p of pending.values()) p.reject(new Error(`${script.pathname} exited (${code ?? signal}) with a request pending`));
      pending.clear();
      resolve();
    });
  });

  let readyResolve!: (v: Ready) => void;
  let readyReject!: (e: Error) => void;
  const ready = new Promise<Ready>((resolve, reject) => {
    readyResolve = resolve;
    readyReject = reject;
  });
  void exit.then(() => readyReject(new Error(`${script.pathname} exited before it was ready`)));

  child.on('message', (raw) => {
    const msg = raw as Answer | Event;
    if ('event' in msg) {
      if (msg.event === 'ready') readyResolve(msg.data as Ready);
      for (const l of listeners.get(msg.event) ?? []) l(msg.data);
      return;
    }
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new Error(msg.error));
  });

  const info = await withTimeout(ready, options.readyTimeoutMs ?? 30_000, `${script.pathname} to start`).catch((err: Error) => {
    child.kill('SIGKILL');
    throw err;
  });

  return {
    pid: child.pid!,
    ready: info,
    request<T>(type: string, payload?: unknown, timeoutMs = 60_000): Promise<T> {
      if (exited) return Promise.reject(new Error(`${script.pathname} has exited`));
      const id = nextId++;
      const answer = new Promise<T>((resolve, reject) => pending.set(id, { resolve: resolve as (v: unknown) => void, reject }));
      child.send({ id, type, payload } satisfies Request);
      return withTimeout(answer, timeoutMs, `${type} from ${script.pathname}`);
    },
    onEvent(name, listener) {
      listeners.set(name, [...(listeners.get(name) ?? []), listener]);
    },
    async stop() {
      if (exited) return;
      try {
        const id = nextId++;
        child.send({ id, type: 'close' } satisfies Request);
        await withTimeout(exit, 10_000, `${script.pathname} to exit`);
      } catch {
        // Only this child, by its own handle: never a broad kill.
        child.kill('SIGKILL');
        await exit;
      }
    },
  };
}

/**
 * The child's side: answers requests with the given handlers and announces
 * itself with `ready`. `close` is always understood: it runs `onClose` and exits.
 */
export function serveParent(
  handlers: Record<string, (payload: any) => unknown>,
  onClose: () => Promise<void> | void,
): {
  ready(data: unknown): void;
  event(name: string, data?: unknown): void;
} {
  if (!process.send) throw new Error('this script is a bench child: start it through startChild()');
  // The parent may be gone (interrupted run): a lost answer is fine, a crash on EPIPE is not.
  const send = (m: Answer | Event) => {
    if (process.connected) process.send!(m, undefined, {}, () => undefined);
  };
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    try {
      await onClose();
    } finally {
      process.exit(0);
    }
  };
  // An orphaned server (the bench crashed) must not keep running.
  process.on('disconnect', () => void close());
  process.on('message', (raw) => {
    const { id, type, payload } = raw as Request;
    if (type === 'close') return void close();
    const handler = handlers[type];
    if (!handler) return send({ id, ok: false, error: `unknown request ${type}` });
    Promise.resolve()
      .then(() => handler(payload))
      .then(
        (result) => send({ id, ok: true, result }),
        (err: Error) => send({ id, ok: false, error: err?.stack ?? String(err) }),
      );
  });
  return {
    ready: (data) => send({ event: 'ready', data }),
    event: (name, data) => send({ event: name, data }),
  };
}
