/** The hall-server command as an operator runs it: its bin, under this Node, in a process of its own. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const HALL_SERVER_BIN = fileURLToPath(new URL('../bin/hall-server.js', import.meta.url));

/** Runs one command to its end (20 s at most): its exit status, stdout and stderr. */
export function hallServerCli(...args: string[]) {
  return spawnSync(process.execPath, [HALL_SERVER_BIN, ...args], { encoding: 'utf8', timeout: 20_000 });
}

/** The same, without blocking this process: for a command that runs while this test drives a hall. */
export function hallServerCliAsync(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HALL_SERVER_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

export type ServeProcess = { child: ChildProcess; url: string; stop(): Promise<void> };

/** `hall-server serve` on a free loopback port over `dataDir`, once it listens. */
export function serveProcess(dataDir: string, ...extra: string[]): Promise<ServeProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HALL_SERVER_BIN, 'serve', '--port', '0', '--data', dataDir, ...extra], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, HALL_LOG_LEVEL: 'warn' },
    });
    let err = '';
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    };
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const m = /listening on (https?:\/\/[\w.:[\]]+)/.exec(err);
      if (m) resolve({ child, url: m[1]!, stop });
    });
    child.once('exit', (code) => reject(new Error(`hall-server serve exited (${code}) before listening: ${err}`)));
    setTimeout(() => reject(new Error(`hall-server serve did not start: ${err}`)), 20_000).unref();
  });
}
