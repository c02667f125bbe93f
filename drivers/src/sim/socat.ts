/**
 * Spawns `socat` to make a pair of connected ptys, for tests, the bench and
 * demos without hardware. The two ends appear as symlinks in a private
 * temporary directory; close() kills socat and removes the directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  /** The end the driver opens, as it would open /dev/ttyUSB0. */
  host: string;
  /** The end the simulator opens. */
  device: string;
  /** Kills socat: both ends vanish, as when a USB adapter is pulled. */
  unplug(): Promise<void>;
  /** Starts socat again on the same paths. */
  replug(): Promise<void>;
  close(): Promise<void>;
}

/** Said wherever socat is needed and missing; `npm test` installs it on Debian when run as root. */
export const SOCAT_MISSING = 'socat is not installed: virtual serial ports need it (Debian: apt-get install socat)';

export async function createPtyPair(options: { dir?: string; timeoutMs?: number } = {}): Promise<PtyPair> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'hall-pty-'));
  const host = join(dir, 'host');
  const device = join(dir, 'device');
  const timeoutMs = options.timeoutMs ?? 5000;
  let child: ChildProcess | undefined;

  const start = async () => {
    const proc = spawn('socat', [`pty,raw,echo=0,link=${host}`, `pty,raw,echo=0,link=${device}`], { stdio: 'ignore' });
    child = proc;
    let exited = false;
    let missing = false;
    proc.once('exit', () => (exited = true));
    proc.once('error', (err: NodeJS.ErrnoException) => {
      exited = true;
      missing = err.code === 'ENOENT';
    });
    const deadline = Date.now() + timeoutMs;
    while (!(existsSync(host) && existsSync(device))) {
      if (missing) throw new Error(SOCAT_MISSING);
      if (exited) throw new Error('socat exited before creating the pty pair');
      if (Date.now() > deadline) {
        proc.kill('SIGKILL');
        throw new Error('socat did not create the pty pair in time');
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  const stop = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  };

  await start();
  return {
    host,
    device,
    unplug: stop,
    replug: start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
