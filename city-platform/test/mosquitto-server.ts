/**
 * A throwaway Debian Mosquitto for the tests: the configuration the platform
 * writes (`src/broker/mosquitto.ts`) in a temp directory, `mosquitto -c` on a
 * free loopback port, ready once it accepts connections. Restartable on the
 * same port and data directory, to show what survives a broker restart.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { type MosquittoListener, writeMosquittoConfig } from '../src/broker/mosquitto.ts';
import type { HallDirectory } from '../src/ports.ts';
import { freePort } from './free-port.ts';

export type MosquittoServer = {
  url: string;
  port: number;
  dir: string;
  /** What Mosquitto wrote to stderr so far. */
  log(): string;
  /** Regenerates the password and ACL files from the directory and has Mosquitto reread them. */
  reload(): Promise<void>;
  /** Stops (SIGTERM, so it saves its state) and starts again on the same port and data. */
  restart(): Promise<void>;
  stop(): Promise<void>;
};

export function mosquittoBinary(): string {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  for (const dir of dirs) {
    const path = join(dir, 'mosquitto');
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {}
  }
  throw new Error('mosquitto is not installed; the broker tests need the real one (Debian: apt-get install -y mosquitto)');
}

export async function startMosquitto(
  directory: Pick<HallDirectory, 'logins'>,
  options: { listeners?: (port: number) => MosquittoListener[] } = {},
): Promise<MosquittoServer> {
  const binary = mosquittoBinary();
  const dir = await mkdtemp(join(tmpdir(), 'city-mosquitto-'));
  const port = await freePort();
  const write = () =>
    writeMosquittoConfig(dir, directory, {
      listeners: options.listeners?.(port) ?? [{ port, host: '127.0.0.1' }],
      dataDir: join(dir, 'data'),
      // Started as root, Mosquitto would drop to its own user, which cannot read a root-owned temp dir.
      user: process.getuid?.() === 0 ? 'root' : undefined,
    });
  const { configFile } = await write();
  let log = '';
  let child: ChildProcess;

  async function launch(): Promise<void> {
    child = spawn(binary, ['-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`mosquitto exited (${code}) before accepting connections:\n${log}`))),
    );
    const deadline = Date.now() + 10_000;
    for (;;) {
      const up = await Promise.race([accepts(port), exited]);
      if (up) return;
      if (Date.now() > deadline) throw new Error(`mosquitto did not accept connections within 10 s:\n${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function halt(): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await gone;
  }

  await launch();
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    dir,
    log: () => log,
    async reload() {
      await write();
      child.kill('SIGHUP');
      // Mosquitto rereads the files between two passes of its loop; give it that pass.
      await new Promise((r) => setTimeout(r, 300));
    },
    async restart() {
      await halt();
      await launch();
    },
    async stop() {
      await halt();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}
