/**
 * What the unit tests write to disk: temporary directories, each removed
 * after the test that asked for it, and a terminal set-up whose devices sit
 * on a port nobody opens (the test hands the hub fake transports).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { resolveTerminal } from '@hall/hardware-profiles';

/** A new temporary directory at each call, removed after the test (call at a test file's top level). */
export function tempDirs(prefix: string): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}

/** A ticket kiosk's set-up in `dir` with these devices (name → model), each on a serial port nobody opens. */
export function fakeTerminal(dir: string, models: Record<string, string>): ReturnType<typeof resolveTerminal> {
  const file = join(dir, 'terminal.json');
  const transport = { type: 'serial', path: '/dev/ttyFAKE0', baudRate: 115200 };
  const devices = Object.fromEntries(Object.entries(models).map(([name, model]) => [name, { model, transport }]));
  writeFileSync(file, JSON.stringify({ role: 'ticket', devices }));
  return resolveTerminal(file);
}
