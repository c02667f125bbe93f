/**
 * The `hall-drivers` command as the CLI tests run it: one-shot commands with
 * their output collected, and long-running ones (simulators, listeners)
 * tracked so each test can stop what it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/hall-drivers.js', import.meta.url));
const running: ChildProcess[] = [];

export type CliResult = { code: number | null; stdout: string; stderr: string };

/** Runs a command to its end. */
export function runCli(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts a long-running command; `stopCliChildren` ends it. */
export function spawnCli(args: string[]): ChildProcess {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  return child;
}

/** For `afterEach`: stops every command `spawnCli` started that is still running. */
export async function stopCliChildren(): Promise<void> {
  for (const c of running.splice(0)) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGTERM');
      await once(c, 'exit');
    }
  }
}
