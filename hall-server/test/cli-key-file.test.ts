import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Hall } from '../src/hall.ts';
import { HallStore } from '../src/store/hall-store.ts';
import { demoConfig, tempDir } from './harness.ts';

const BIN = fileURLToPath(new URL('../bin/hall-server.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 20_000 });

/** A hall with one sealed identity, its key in `keyFile`. */
function hallWithSealedData(dataDir: string, keyFile: string): void {
  const store = HallStore.open(dataDir, { keyFile });
  const hall = Hall.open(store, { seed: demoConfig() });
  const { sealed } = hall.identify('110101199003078814', '王小明');
  store.commitBatch([{ seq: hall.seq + 1, at: Date.now(), command: 'test', actor: 'test', events: [], identities: [sealed] }]);
  store.close();
}

describe('hall-server serve --key-file', () => {
  const dirs: string[] = [];
  const dir = () => {
    const d = tempDir('hall-key-');
    dirs.push(d);
    return d;
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('refuses to start when the key file is missing but the database holds sealed data, and makes no new key', () => {
    const data = dir();
    const keyFile = join(dir(), 'hall.key');
    hallWithSealedData(data, keyFile);
    rmSync(keyFile);
    const out = run('serve', '--port', '0', '--data', data, '--key-file', keyFile);
    expect(out.status).toBe(1);
    expect(out.stderr).toContain(`the key file ${keyFile} is missing`);
    expect(out.stderr).not.toContain('110101199003078814');
    expect(existsSync(keyFile)).toBe(false);
  });

  it('refuses a key file that others may read, naming the chmod to run', () => {
    const data = dir();
    const keyFile = join(dir(), 'hall.key');
    hallWithSealedData(data, keyFile);
    chmodSync(keyFile, 0o644);
    const out = run('serve', '--port', '0', '--data', data, '--key-file', keyFile);
    expect(out.status).toBe(1);
    expect(out.stderr).toContain(`chmod 600 ${keyFile}`);
  });

  it('refuses a filing retention that is not a whole number of days', () => {
    const out = run('serve', '--port', '0', '--data', dir(), '--filing-retention-days', '0');
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('--filing-retention-days');
  });
});
