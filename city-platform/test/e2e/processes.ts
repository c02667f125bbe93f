/**
 * The real commands as child processes, for the end-to-end tests: the city
 * platform's CLI and hall servers, each started the way an installer would,
 * with the project's own Node.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CITY_BIN = fileURLToPath(new URL('../../bin/city-platform.js', import.meta.url));
const HALL_BIN = fileURLToPath(new URL('../../../hall-server/bin/hall-server.js', import.meta.url));

export type Running = {
  child: ChildProcess;
  /** What it wrote so far, both streams. */
  output(): string;
  /** Resolves with the first line, of either stream, matching `pattern`. */
  line(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGTERM and wait; SIGKILL after 10 s. */
  stop(): Promise<void>;
  /** SIGKILL: a power cut, no goodbye. */
  kill(): Promise<void>;
};

function run(bin: string, args: string[], env: Record<string, string> = {}): Running {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  // Lines of either stream (a hall server prints its addresses on stderr); a chunk may end mid-line.
  for (const stream of [child.stdout!, child.stderr!]) {
    let partial = '';
    stream.on('data', (chunk: string) => {
      output += chunk;
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      for (const line of lines)
        for (const w of [...waiters])
          if (w.pattern.test(line)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(line);
          }
    });
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    output: () => output,
    line(pattern, timeoutMs = 30_000) {
      const already = output.split('\n').find((l) => pattern.test(l));
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${output}`)), timeoutMs);
        void exited.then(() => reject(new Error(`exited (${child.exitCode ?? child.signalCode}) before a line matching ${pattern}:\n${output}`)));
        waiters.push({ pattern, resolve: (line) => (clearTimeout(timer), resolve(line)) });
      });
    },
    async stop() {
      if (!alive()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (!alive()) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

export const cityPlatform = (args: string[], env?: Record<string, string>) => run(CITY_BIN, args, env);
export const hallServer = (args: string[], env?: Record<string, string>) => run(HALL_BIN, args, env);

/** A one-shot CLI command; its stdout, or a thrown error with stderr. */
export function cityCommand(args: string[], env: Record<string, string> = {}): string {
  const result = spawnSync(process.execPath, [CITY_BIN, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`city-platform ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}

export function hallCommand(args: string[]): string {
  const result = spawnSync(process.execPath, [HALL_BIN, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`hall-server ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}
